package io.riffle.kinesis.control;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records and bytes written to each shard since the last look: what on-demand scaling watches.
 * Any thread records; the control thread drains.
 */
public final class ShardTraffic {
    /** Writes to one shard: records and bytes. */
    public record Written(long records, long bytes) {
    }

    private final Map<Long, LongAdder[]> counters = new ConcurrentHashMap<>();

    private static long key(long incarnation, int shardIndex) {
        return incarnation << 24 | shardIndex;
    }

    public void record(long incarnation, int shardIndex, long records, long bytes) {
        LongAdder[] c = counters.computeIfAbsent(key(incarnation, shardIndex), k -> new LongAdder[] {
                new LongAdder(), new LongAdder()});
        c[0].add(records);
        c[1].add(bytes);
    }

    /** The writes of every shard since the previous drain, keyed by incarnation and shard index. */
    public Map<Long, Written> drain() {
        Map<Long, Written> out = new HashMap<>();
        for (Map.Entry<Long, LongAdder[]> e : counters.entrySet()) {
            out.put(e.getKey(), new Written(e.getValue()[0].sumThenReset(), e.getValue()[1].sumThenReset()));
        }
        counters.clear(); // idle shards cost nothing
        return out;
    }

    public static Written of(Map<Long, Written> drained, long incarnation, int shardIndex) {
        return drained.getOrDefault(key(incarnation, shardIndex), new Written(0, 0));
    }
}
