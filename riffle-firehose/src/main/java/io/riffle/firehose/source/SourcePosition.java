package io.riffle.firehose.source;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a record copied from a Kinesis stream came from, kept as its key in the delivery stream's log:
 * {@code <stream incarnation>/<shard id>/<position after the record>} in ASCII. The shard part
 * ({@link #shardKey}) names a shard across the stream's re-creations.
 */
public record SourcePosition(String shardKey, long nextPosition) {

    /**
     * How many records the source trimmed between {@code asked} and the position it read from: a read below the
     * source's trim horizon reads from the horizon ({@code firstReadNextPosition} is the first record's position
     * after it, or -1 when none was read; {@code batchNextPosition} is the read's next position).
     */
    public static long trimmedBefore(long asked, long firstReadNextPosition, long batchNextPosition) {
        long readFrom = firstReadNextPosition >= 0 ? firstReadNextPosition - 1 : batchNextPosition;
        return Math.max(0, readFrom - asked);
    }

    public static String shardKey(long streamIncarnation, String shardId) {
        return streamIncarnation + "/" + shardId;
    }

    public static byte[] recordKey(long streamIncarnation, String shardId, long nextPosition) {
        return (shardKey(streamIncarnation, shardId) + "/" + nextPosition).getBytes(StandardCharsets.US_ASCII);
    }

    /** The position a stored key holds; empty for a key that is not one (DirectPut records have none). */
    public static Optional<SourcePosition> parse(ByteBuffer key) {
        if (key == null || !key.hasRemaining()) {
            return Optional.empty();
        }
        String text = StandardCharsets.US_ASCII.decode(key.duplicate()).toString();
        int slash = text.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SourcePosition(text.substring(0, slash), Long.parseLong(text.substring(slash + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
