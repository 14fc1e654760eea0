package io.riffle.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A record read back from a {@link ShardLog}. The buffers are read-only views into the read
 * buffer (no copy per record); they stay valid as long as the caller holds them.
 *
 * @param attributes the record's attributes ({@link RecordAttributes#NONE} when it had none)
 */
public record StoredRecord(long position, long arrivalTimestampMs, int writerEpoch,
                           ByteBuffer key, RecordAttributes attributes, ByteBuffer data) {

    /** Bytes of key plus data: what Kinesis counts against read limits. */
    public int sizeBytes() {
        return key.remaining() + data.remaining();
    }

    public String keyAsString() {
        return StandardCharsets.UTF_8.decode(key.duplicate()).toString();
    }

    public byte[] dataBytes() {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }
}
