package io.riffle.storage;

import java.util.Objects;

/**
 * One record handed to {@link ShardLog#append}. The key and the optional explicit hash key are
 * opaque bytes to storage; {@code arrivalTimestampMs} is raised to the shard's previous arrival
 * timestamp when the clock stepped back, so time order and position order agree.
 *
 * @param key            the partition key, 1..65535 bytes
 * @param explicitHashKey opaque routing override, or null; at most 65535 bytes
 * @param data           the payload, up to {@link #MAX_DATA_BYTES}
 */
public record AppendRecord(byte[] key, byte[] explicitHashKey, byte[] data, long arrivalTimestampMs) {

    /** The largest payload Kinesis allows in one record (10 MiB). */
    public static final int MAX_DATA_BYTES = 10 * 1024 * 1024;
    public static final int MAX_KEY_BYTES = 0xFFFF;

    public AppendRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        if (key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key is " + key.length + " bytes, at most " + MAX_KEY_BYTES);
        }
        if (explicitHashKey != null && explicitHashKey.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("explicit hash key is " + explicitHashKey.length + " bytes");
        }
        if (data.length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("data is " + data.length + " bytes, at most " + MAX_DATA_BYTES);
        }
    }
}
