package io.riffle.kinesis.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who wants to know when a shard has new records: SubscribeToShard pushes records as soon as they
 * are acknowledged instead of polling. Writers {@link #signal} after every acknowledged append; the
 * cost with nobody listening is one map lookup. Listeners must be quick and must not block (they
 * run on the storage acknowledgement thread): they schedule their work elsewhere.
 */
public final class ShardWakeups {
    private final Map<Long, CopyOnWriteArrayList<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Calls {@code listener} after each append to the shard, until the returned handle is closed. */
    public AutoCloseable listen(long incarnation, int shardIndex, Runnable listener) {
        long key = key(incarnation, shardIndex);
        listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Records were acknowledged on the shard (or it closed): wake its listeners. */
    public void signal(long incarnation, int shardIndex) {
        CopyOnWriteArrayList<Runnable> list = listeners.get(key(incarnation, shardIndex));
        if (list != null) {
            list.forEach(Runnable::run);
        }
    }

    private static long key(long incarnation, int shardIndex) {
        return (incarnation << 24) | shardIndex;
    }
}
