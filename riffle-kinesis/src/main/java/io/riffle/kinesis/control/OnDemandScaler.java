package io.riffle.kinesis.control;

import io.riffle.kinesis.api.SplitShardInput;
import io.riffle.kinesis.metrics.KinesisMetrics;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.Operation;
import java.math.BigInteger;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-demand capacity: every interval, for each ACTIVE ON_DEMAND stream, the shard whose writes came
 * nearest its per-shard limit is split at the middle of its hash range once it used at least
 * {@link #SPLIT_AT_UTILISATION} of that limit, as long as the stream has fewer shards than twice its
 * observed load (in shards' worth) and than the shard limit. Splits go through SplitShard, so they
 * are ordinary, lineage-keeping reshards. A new on-demand stream starts with 4 shards. A stream with a
 * warm throughput ({@link WarmThroughputOperations}) is first split, widest shard first, up to that
 * floor, whatever its load.
 */
public final class OnDemandScaler implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OnDemandScaler.class);
    static final double SPLIT_AT_UTILISATION = 0.8;
    static final int MINIMUM_SHARDS = 4;

    private final ControlPlane control;
    private final ShardTraffic traffic;
    private final Operation<SplitShardInput, Void> splitShard;
    private final long intervalMs;
    private final long shardBytesPerSecond;
    private final long shardRecordsPerSecond;
    private final KinesisMetrics metrics;

    public OnDemandScaler(ControlPlane control, ShardTraffic traffic, Operation<SplitShardInput, Void> splitShard, long intervalMs,
                          long shardBytesPerSecond, long shardRecordsPerSecond) {
        this(control, traffic, splitShard, intervalMs, shardBytesPerSecond, shardRecordsPerSecond,
                KinesisMetrics.disabled());
    }

    /** @param metrics counts the splits that SplitShard accepted */
    public OnDemandScaler(ControlPlane control, ShardTraffic traffic, Operation<SplitShardInput, Void> splitShard, long intervalMs,
                          long shardBytesPerSecond, long shardRecordsPerSecond, KinesisMetrics metrics) {
        this.control = control;
        this.traffic = traffic;
        this.splitShard = splitShard;
        this.intervalMs = intervalMs;
        this.shardBytesPerSecond = shardBytesPerSecond;
        this.shardRecordsPerSecond = shardRecordsPerSecond;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        Map<Long, ShardTraffic.Written> written = traffic.drain();
        for (StreamInfo s : control.registry().all()) {
            if (!s.mode().equals("ON_DEMAND") || s.status() != StreamInfo.StreamStatus.ACTIVE) {
                continue;
            }
            ShardInfo busiest = null;
            double busiestUse = 0;
            double load = 0;
            for (ShardInfo shard : s.shards()) {
                if (shard.isClosed()) {
                    continue;
                }
                ShardTraffic.Written w = ShardTraffic.of(written, s.incarnation(), shard.index());
                double use = Math.max(w.bytes() * 1000.0 / intervalMs / shardBytesPerSecond,
                        w.records() * 1000.0 / intervalMs / shardRecordsPerSecond);
                load += use;
                if (use > busiestUse) {
                    busiest = shard;
                    busiestUse = use;
                }
            }
            long open = s.openShardCount();
            int warmFloor = WarmThroughputOperations.floorShards(control.registry(), s);
            if (open < warmFloor && control.registry().openShardCount() < control.settings().shardLimit()) {
                split(s, widest(s), 0); // scales up to the warm throughput ahead of any load
                continue;
            }
            long ceiling = Math.max(MINIMUM_SHARDS, (long) Math.ceil(2 * load));
            if (busiest == null || busiestUse < SPLIT_AT_UTILISATION || open >= ceiling
                    || control.registry().openShardCount() >= control.settings().shardLimit()) {
                continue;
            }
            split(s, busiest, busiestUse);
        }
    }

    /** The open shard with the widest hash range (the first of equals), so warm splits stay even. */
    private static ShardInfo widest(StreamInfo s) {
        ShardInfo widest = null;
        for (ShardInfo shard : s.shards()) {
            if (!shard.isClosed() && (widest == null || width(shard).compareTo(width(widest)) > 0)) {
                widest = shard;
            }
        }
        return widest;
    }

    private static BigInteger width(ShardInfo shard) {
        return shard.range().end().subtract(shard.range().start());
    }

    private void split(StreamInfo s, ShardInfo shard, double use) {
        BigInteger start = shard.range().start();
        BigInteger middle = start.add(shard.range().end().subtract(start).add(BigInteger.ONE).shiftRight(1));
        ControlPlaneLog.stream(log.atInfo(), s.name()).addKeyValue("shard", shard.shardId()).log(
                "on-demand stream {}: {} ran at {}% of a shard's write limit; splitting it", s.name(),
                shard.shardId(), Math.round(use * 100));
        SplitShardInput request = SplitShardInput.builder().streamName(s.name()).shardToSplit(shard.shardId())
                .newStartingHashKey(middle.toString()).build();
        splitShard.invoke(request).thenAccept(done -> metrics.stream(s.name()).onDemandSplit()).exceptionally(failure -> {
            ControlPlaneLog.stream(log.atWarn(), s.name()).addKeyValue("shard", shard.shardId())
                    .log("on-demand stream {}: split of {} refused: {}", s.name(), shard.shardId(), failure.toString());
            return null;
        });
    }
}
