package io.riffle.storage;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One record handed to {@link ShardLog#append}. The key, attributes and data are opaque bytes to
 * storage, held as views of the caller's buffers (not copied: the caller leaves them unchanged
 * until the append's future completes); {@code arrivalTimestampMs} is raised to the shard's
 * previous arrival timestamp when the clock stepped back, so time order and position order agree.
 *
 * @param key        the partition key, 0..65535 bytes
 * @param attributes small typed values beside the record ({@link RecordAttributes#NONE} for none)
 * @param data       the payload, up to {@link #MAX_DATA_BYTES}, copied once into the batch
 */
public record AppendRecord(ByteBuffer key, RecordAttributes attributes, RecordPayload data, long arrivalTimestampMs) {

    /** The largest payload Kinesis allows in one record (10 MiB). */
    public static final int MAX_DATA_BYTES = 10 * 1024 * 1024;
    public static final int MAX_KEY_BYTES = 0xFFFF;

    public AppendRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(data, "data");
        if (key.remaining() > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key is " + key.remaining() + " bytes, at most " + MAX_KEY_BYTES);
        }
        if (data.sizeBytes() > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("data is " + data.sizeBytes() + " bytes, at most " + MAX_DATA_BYTES);
        }
    }

    /** A record over a buffer's remaining bytes (a view, not copied). */
    public AppendRecord(ByteBuffer key, RecordAttributes attributes, ByteBuffer data, long arrivalTimestampMs) {
        this(key, attributes, RecordPayload.of(data), arrivalTimestampMs);
    }

    /** A record over byte arrays (wrapped, not copied). */
    public static AppendRecord of(byte[] key, RecordAttributes attributes, byte[] data, long arrivalTimestampMs) {
        return new AppendRecord(ByteBuffer.wrap(key), attributes, ByteBuffer.wrap(data), arrivalTimestampMs);
    }

    /** A record without attributes over byte arrays (wrapped, not copied). */
    public static AppendRecord of(byte[] key, byte[] data, long arrivalTimestampMs) {
        return of(key, RecordAttributes.NONE, data, arrivalTimestampMs);
    }
}
