package io.riffle.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A record's attributes: small typed values stored beside its key and data, opaque to storage
 * (the services above give types their meaning: Kinesis' explicit hash key is one). Immutable.
 *
 * <pre>
 * encoded (format v2's per-record attributes section), entries back to back, big-endian:
 *   0 u8   type (1..255)
 *   1 u16  value length V
 *   3 V    value
 * </pre>
 *
 * Format v1 had one opaque per-record field instead (written as Kinesis' explicit hash key);
 * a v1 record reads back with that field as the attribute of type {@link #V1_FIELD}.
 */
public final class RecordAttributes {
    /** The type a v1 record's one field reads back as. */
    public static final int V1_FIELD = 1;
    /** The largest encoded section, so its length fits the record's u16 field. */
    public static final int MAX_ENCODED_BYTES = 0xFFFF;
    static final int ENTRY_OVERHEAD = 3;

    public static final RecordAttributes NONE = new RecordAttributes(ByteBuffer.allocate(0), false);

    /** The encoded entries (a read-only view), or a v1 record's field value when {@code isV1Field}. */
    private final ByteBuffer bytes;
    private final boolean isV1Field;

    private RecordAttributes(ByteBuffer bytes, boolean isV1Field) {
        this.bytes = bytes.asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
        this.isV1Field = isV1Field;
    }

    /** Attributes holding one value (copied). */
    public static RecordAttributes of(int type, byte[] value) {
        return NONE.with(type, ByteBuffer.wrap(value));
    }

    /** These attributes and one more value (copied); a type present already is refused. */
    public RecordAttributes with(int type, ByteBuffer value) {
        if (type < 1 || type > 255) {
            throw new IllegalArgumentException("attribute type must be 1..255: " + type);
        }
        if (get(type) != null) {
            throw new IllegalArgumentException("attribute type " + type + " is present already");
        }
        int length = value.remaining();
        if (length > 0xFFFF || encodedLength() + ENTRY_OVERHEAD + length > MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException("attributes may take at most " + MAX_ENCODED_BYTES + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(encodedLength() + ENTRY_OVERHEAD + length);
        writeTo(out);
        out.put((byte) type).putShort((short) length).put(value.duplicate()).flip();
        return new RecordAttributes(out, false);
    }

    /**
     * Attributes over an encoded section (a view, not copied; the caller keeps it unchanged). For the
     * storage engine's reads of format v2.
     */
    public static RecordAttributes decode(ByteBuffer encoded) {
        return encoded.remaining() == 0 ? NONE : new RecordAttributes(encoded, false);
    }

    /** A v1 record's one field as attributes (a view, not copied); empty when it was empty. */
    public static RecordAttributes fromV1Field(ByteBuffer field) {
        return field.remaining() == 0 ? NONE : new RecordAttributes(field, true);
    }

    /** The value of a type (a read-only view), or null when absent. */
    public ByteBuffer get(int type) {
        if (isV1Field) {
            return type == V1_FIELD ? bytes.duplicate() : null;
        }
        int at = bytes.position();
        int end = bytes.limit();
        while (at + ENTRY_OVERHEAD <= end) {
            int t = Byte.toUnsignedInt(bytes.get(at));
            int length = Short.toUnsignedInt(bytes.getShort(at + 1));
            if (at + ENTRY_OVERHEAD + length > end) {
                return null; // a damaged section: the batch CRC makes this unreachable from disk
            }
            if (t == type) {
                return bytes.slice(at + ENTRY_OVERHEAD, length).asReadOnlyBuffer();
            }
            at += ENTRY_OVERHEAD + length;
        }
        return null;
    }

    public boolean isEmpty() {
        return bytes.remaining() == 0;
    }

    /** Bytes of the encoded (v2) section. */
    public int encodedLength() {
        return isV1Field ? ENTRY_OVERHEAD + bytes.remaining() : bytes.remaining();
    }

    /** Writes the encoded (v2) section at {@code out}'s position, advancing it. */
    public void writeTo(ByteBuffer out) {
        if (isV1Field) {
            out.put((byte) V1_FIELD).putShort((short) bytes.remaining());
        }
        out.put(bytes.duplicate());
    }

    /** An independent copy (for stores that keep records beyond the caller's buffers). */
    public RecordAttributes copy() {
        if (isEmpty()) {
            return NONE;
        }
        ByteBuffer out = ByteBuffer.allocate(encodedLength());
        writeTo(out);
        out.flip();
        return new RecordAttributes(out, false);
    }

    private ByteBuffer encoded() {
        if (!isV1Field) {
            return bytes.duplicate();
        }
        ByteBuffer out = ByteBuffer.allocate(encodedLength());
        writeTo(out);
        return out.flip();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordAttributes other && encoded().equals(other.encoded());
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoded());
    }

    @Override
    public String toString() {
        return "RecordAttributes[" + encodedLength() + " bytes]";
    }
}
