package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link StreamRegistry}'s whole state as the metadata kit stores it in a snapshot (JSON through
 * Jackson). Plain records of their own, not the model's values, so the stored form changes only
 * here, on purpose (raise {@link #VERSION} and read the older form when it does).
 *
 * @param lastIncarnation       the highest stream incarnation ever created (never reused)
 * @param lastConsumerArnSecond per "stream/consumer" name, the creation second of the newest ARN given out
 * @param modeSwitchesMs        per stream incarnation, the times of its capacity-mode switches in the quota window
 * @param shardCountUpdatesMs   per stream incarnation, the times of its UpdateShardCount calls in the quota window
 * @param switchingMode         the stream incarnations UPDATING for a capacity-mode switch
 * @param pendingReshards       per stream incarnation, the reshard it is UPDATING for (absent, so null, in
 *                              snapshots written before reshards took time: read as none)
 * @param warmThroughputMiBps   per stream incarnation, its warm throughput target (null in older snapshots: none)
 * @param consumerTags          per consumer ARN, its tags (null in older snapshots: none)
 */
public record RegistrySnapshot(long lastIncarnation, ObjectNode accountSettings, List<Stream> streams,
                        List<Consumer> consumers, Map<String, Long> lastConsumerArnSecond,
                        Map<Long, List<Long>> modeSwitchesMs, Map<Long, List<Long>> shardCountUpdatesMs,
                        List<Long> switchingMode, Map<Long, PendingReshard> pendingReshards,
                        Map<Long, Integer> warmThroughputMiBps, Map<String, Map<String, String>> consumerTags,
                        Map<String, String> resourcePolicies) {
    static final int VERSION = 1;

    public record Stream(String name, long incarnation, String status, long statusSinceMs, String mode, long createdAtMs,
                  int retentionHours, List<Shard> shards, Map<String, String> tags, Set<String> shardLevelMetrics,
                  int maxRecordSizeKiB) {

        static Stream of(StreamInfo s) {
            return new Stream(s.name(), s.incarnation(), s.status().name(), s.statusSinceMs(), s.mode(),
                    s.createdAtMs(), s.retentionHours(), s.shards().stream().map(Shard::of).toList(), s.tags(),
                    s.shardLevelMetrics(), s.maxRecordSizeKiB());
        }

        StreamInfo info() {
            return new StreamInfo(name, incarnation, StreamInfo.StreamStatus.valueOf(status), statusSinceMs, mode,
                    createdAtMs, retentionHours, shards.stream().map(Shard::info).toList(), Map.copyOf(tags),
                    Set.copyOf(shardLevelMetrics), maxRecordSizeKiB);
        }
    }

    /** A shard; hash keys as decimal text (128-bit). */
    public record Shard(int index, String startingHashKey, String endingHashKey, String parent, String adjacentParent,
                 long createdAtMs, long closedAtMs, String endingSequenceNumber, long endPosition) {

        static Shard of(ShardInfo s) {
            return new Shard(s.index(), s.range().start().toString(), s.range().end().toString(), s.parentShardId(),
                    s.adjacentParentShardId(), s.createdAtMs(), s.closedAtMs(), s.endingSequenceNumber(),
                    s.endPosition());
        }

        ShardInfo info() {
            return new ShardInfo(index, new HashKeys.Range(new BigInteger(startingHashKey),
                    new BigInteger(endingHashKey)), parent, adjacentParent, createdAtMs, closedAtMs,
                    endingSequenceNumber, endPosition);
        }
    }

    public record Consumer(String name, String arn, long streamIncarnation, String streamName, String status,
                    long createdAtMs, long statusSinceMs) {

        static Consumer of(ConsumerInfo c) {
            return new Consumer(c.name(), c.arn(), c.streamIncarnation(), c.streamName(), c.status().name(),
                    c.createdAtMs(), c.statusSinceMs());
        }

        ConsumerInfo info() {
            return new ConsumerInfo(name, arn, streamIncarnation, streamName,
                    ConsumerInfo.ConsumerStatus.valueOf(status), createdAtMs, statusSinceMs);
        }
    }
}
