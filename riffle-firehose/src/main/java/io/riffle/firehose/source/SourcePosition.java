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
