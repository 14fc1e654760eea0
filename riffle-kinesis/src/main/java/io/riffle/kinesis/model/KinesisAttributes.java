package io.riffle.kinesis.model;

import io.riffle.storage.RecordAttributes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What Kinesis keeps in a stored record's {@link RecordAttributes}: the explicit hash key a
 * producer gave (its decimal text, US-ASCII), as attribute {@link #EXPLICIT_HASH_KEY}. That type is
 * storage's {@link RecordAttributes#V1_FIELD}, so records written before the attributes section
 * existed (format v1, whose one field held exactly this) read back the same.
 */
public final class KinesisAttributes {
    public static final int EXPLICIT_HASH_KEY = RecordAttributes.V1_FIELD;

    private KinesisAttributes() {
    }

    /** The attributes of a record with this explicit hash key; none when it is null. */
    public static RecordAttributes of(String explicitHashKey) {
        return explicitHashKey == null ? RecordAttributes.NONE
                : RecordAttributes.of(EXPLICIT_HASH_KEY, explicitHashKey.getBytes(StandardCharsets.US_ASCII));
    }

    /** The explicit hash key a record was put with, or null. */
    public static String explicitHashKey(RecordAttributes attributes) {
        ByteBuffer value = attributes.get(EXPLICIT_HASH_KEY);
        return value == null ? null : StandardCharsets.US_ASCII.decode(value).toString();
    }
}
