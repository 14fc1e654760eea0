package io.riffle.kinesis.control;

import io.riffle.kinesis.model.ShardInfo;
import io.riffle.storage.ShardLog;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who wants to know when a shard has new records: SubscribeToShard pushes records as soon as they
 * are readable instead of polling. While a shard has listeners, its storage log tells them each time
 * appended records become readable ({@link ShardLog#onPublished}, on the store's commit thread,
 * before the appends are acknowledged: one thread hand-off less between a write and its push than
 * waking them after the acknowledgement); {@link #signal} wakes them for other news (a shard closed
 * by a reshard). With nobody listening a shard costs nothing. Listeners must be quick and must not
 * block (they run on storage's commit thread): they schedule their work elsewhere.
 */
public final class ShardWakeups {
    private static final Logger log = LoggerFactory.getLogger(ShardWakeups.class);

    private final Function<String, Optional<ShardLog>> logs;
    private final Map<Long, Listeners> listeners = new ConcurrentHashMap<>();

    /** @param logs a shard's storage log by its id ({@link ShardInfo#logId}) */
    public ShardWakeups(Function<String, Optional<ShardLog>> logs) {
        this.logs = logs;
    }

    /** Calls {@code listener} after each append to the shard, until the returned handle is closed. */
    public AutoCloseable listen(long incarnation, int shardIndex, Runnable listener) {
        long key = key(incarnation, shardIndex);
        listeners.compute(key, (k, shard) -> {
            Listeners l = shard != null ? shard : new Listeners(incarnation, shardIndex);
            l.all.add(listener);
            return l;
        });
        return () -> listeners.computeIfPresent(key, (k, shard) -> {
            shard.all.remove(listener);
            if (!shard.all.isEmpty()) {
                return shard;
            }
            shard.stopListeningToStorage();
            return null;
        });
    }

    /** News of the shard besides appended records (it closed): wake its listeners. */
    public void signal(long incarnation, int shardIndex) {
        Listeners shard = listeners.get(key(incarnation, shardIndex));
        if (shard != null) {
            shard.wakeAll();
        }
    }

    private static long key(long incarnation, int shardIndex) {
        return (incarnation << 24) | shardIndex;
    }

    /** One shard's listeners and its storage log's hook, made and ended inside the map's compute. */
    private final class Listeners {
        final CopyOnWriteArrayList<Runnable> all = new CopyOnWriteArrayList<>();
        private final AutoCloseable publishing;

        Listeners(long incarnation, int shardIndex) {
            String id = ShardInfo.logId(incarnation, shardIndex);
            this.publishing = logs.apply(id).map(shardLog -> shardLog.onPublished(this::wakeAll)).orElse(null);
            if (publishing == null) {
                // a shard of a stream being deleted: nothing will be appended to it any more
                log.debug("no storage log {} to listen to", id);
            }
        }

        void wakeAll() {
            all.forEach(Runnable::run);
        }

        void stopListeningToStorage() {
            if (publishing != null) {
                try {
                    publishing.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e); // storage's handles do not throw
                }
            }
        }
    }
}
