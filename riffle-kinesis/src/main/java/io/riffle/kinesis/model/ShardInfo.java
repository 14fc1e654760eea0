package io.riffle.kinesis.model;


/**
 * A shard of a stream. {@code index} is the number in {@code shardId-000000000000}; the shard's
 * records live in the storage log {@link #logId}. A reshard closes shards (they keep their records
 * until retention passes) and opens children that name them as parents.
 *
 * @param closedAtMs           -1 while the shard is open
 * @param endingSequenceNumber set once closed: the number of its last record when it closed, as the registry's
 *                             event recorded it (39 digits for shards closed before the 56-digit numbers);
 *                             answers show {@link SequenceNumbers#ending} instead
 * @param endPosition          set once closed: the storage position after the shard's last record
 */
public record ShardInfo(int index, HashKeys.Range range, String parentShardId, String adjacentParentShardId,
                        long createdAtMs, long closedAtMs, String endingSequenceNumber, long endPosition) {

    public static ShardInfo open(int index, HashKeys.Range range, String parent, String adjacentParent,
                                 long createdAtMs) {
        return new ShardInfo(index, range, parent, adjacentParent, createdAtMs, -1, null, -1);
    }

    public ShardInfo closed(long atMs, String endingSequence, long end) {
        return new ShardInfo(index, range, parentShardId, adjacentParentShardId, createdAtMs, atMs, endingSequence,
                end);
    }

    public boolean isClosed() {
        return closedAtMs >= 0;
    }

    /** Whether the shard was open at {@code timeMs}. */
    public boolean wasOpenAt(long timeMs) {
        return createdAtMs <= timeMs && (closedAtMs < 0 || closedAtMs > timeMs);
    }

    public String shardId() {
        return shardId(index);
    }

    public static String shardId(int index) {
        String digits = Integer.toString(index);
        return "shardId-" + "000000000000".substring(Math.min(12, digits.length())) + digits;
    }

    /** The shard index a shard id names, abbreviated as Kinesis allows ({@link ShardIds}), or -1. */
    public static int parseShardId(String shardId) {
        return ShardIds.resolve(shardId);
    }

    public static String logId(long incarnation, int index) {
        return "s" + incarnation + "-" + index;
    }
}
