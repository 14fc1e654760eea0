package io.riffle.aws.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A blob member's bytes, decoded once from the wire (base64 text in JSON, a byte string in CBOR) and
 * then only viewed: {@link #asByteBuffer()} is a read-only view, not a copy. Immutable by contract: whoever
 * wraps an array gives it up. Equality is by content.
 */
public final class Blob {
    private static final Blob EMPTY = new Blob(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private Blob(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** The whole array, not copied: the caller must not change it afterwards. */
    public static Blob wrap(byte[] array) {
        return array.length == 0 ? EMPTY : new Blob(array, 0, array.length);
    }

    /** A range of an array, not copied: the caller must not change it afterwards. */
    public static Blob wrap(byte[] array, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + array.length);
        }
        return new Blob(array, offset, length);
    }

    /** A copy of the bytes (for tests and callers that must own them). */
    public static Blob copyOf(byte[] bytes) {
        return wrap(bytes.clone());
    }

    public int length() {
        return length;
    }

    /** A read-only view of the bytes. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    byte[] array() {
        return array;
    }

    int offset() {
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "Blob[" + length + " bytes]";
    }
}
