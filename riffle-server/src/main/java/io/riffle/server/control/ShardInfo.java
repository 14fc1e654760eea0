package io.riffle.server.control;

import io.riffle.server.data.HashKeys;

/**
 * A shard of a stream. {@code index} is the number in {@code shardId-000000000000}; the shard's
 * records live in the storage log {@link #logId}.
 */
public record ShardInfo(int index, HashKeys.Range range, String parentShardId, String adjacentParentShardId,
                        boolean isClosed) {

    public String shardId() {
        return shardId(index);
    }

    public static String shardId(int index) {
        return String.format("shardId-%012d", index);
    }

    /** The shard index in a shard id, or -1 when the text is not a shard id. */
    public static int parseShardId(String shardId) {
        if (shardId == null || !shardId.startsWith("shardId-") || shardId.length() != 20) {
            return -1;
        }
        try {
            long index = Long.parseLong(shardId.substring(8));
            return index > Integer.MAX_VALUE ? -1 : (int) index;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static String logId(long incarnation, int index) {
        return "s" + incarnation + "-" + index;
    }
}
