package io.riffle.aws.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A blob member's bytes, held where they arrived and then only viewed: a CBOR byte string is a range of the
 * request body; a JSON base64 string is too, as its text, checked when it was read and decoded only where the
 * bytes go ({@link #copyTo}, into a storage batch), so the payload is copied once. {@link #asByteBuffer()} is a
 * read-only view, not a copy, for bytes held as bytes. Immutable by contract: whoever wraps an array gives it
 * up. Equality is by content (the decoded bytes).
 */
public final class Blob {
    private static final Blob EMPTY = new Blob(new byte[0], 0, 0, 0);

    private final byte[] array;
    private final int offset;
    /** The bytes' length (decoded, for base64 text). */
    private final int length;
    /** The length of the base64 text at {@code offset}; 0 when the array holds the bytes themselves. */
    private final int base64Chars;

    private Blob(byte[] array, int offset, int length, int base64Chars) {
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.base64Chars = base64Chars;
    }

    /** The whole array, not copied: the caller must not change it afterwards. */
    public static Blob wrap(byte[] array) {
        return array.length == 0 ? EMPTY : new Blob(array, 0, array.length, 0);
    }

    /** A range of an array, not copied: the caller must not change it afterwards. */
    public static Blob wrap(byte[] array, int offset, int length) {
        checkRange(array, offset, length);
        return new Blob(array, offset, length, 0);
    }

    /** Canonical base64 text in an array ({@link Base64Text#isCanonical}, checked by the caller), not copied. */
    static Blob base64(byte[] array, int offset, int chars) {
        checkRange(array, offset, chars);
        return chars == 0 ? EMPTY : new Blob(array, offset, Base64Text.decodedLength(array, offset, chars), chars);
    }

    private static void checkRange(byte[] array, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + array.length);
        }
    }

    /** A copy of the bytes (for tests and callers that must own them). */
    public static Blob copyOf(byte[] bytes) {
        return wrap(bytes.clone());
    }

    public int length() {
        return length;
    }

    /** Writes the bytes at {@code target}'s position, advancing it by {@link #length()}: the one copy (or decode). */
    public void copyTo(ByteBuffer target) {
        if (base64Chars > 0) {
            Base64Text.decodeInto(array, offset, base64Chars, target);
        } else {
            target.put(target.position(), array, offset, length).position(target.position() + length);
        }
    }

    /** A read-only view of the bytes (of a decoded copy, for base64 text). */
    public ByteBuffer asByteBuffer() {
        return base64Chars > 0 ? ByteBuffer.wrap(toByteArray()).asReadOnlyBuffer()
                : ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        if (base64Chars == 0) {
            return Arrays.copyOfRange(array, offset, offset + length);
        }
        byte[] bytes = new byte[length];
        copyTo(ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** Whether the array holds the bytes themselves (so {@link #array()} and {@link #offset()} locate them). */
    boolean isBytes() {
        return base64Chars == 0;
    }

    byte[] array() {
        return array;
    }

    int offset() {
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Blob b)) {
            return false;
        }
        if (isBytes() && b.isBytes()) {
            return Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
        }
        return length == b.length && Arrays.equals(toByteArray(), b.toByteArray());
    }

    @Override
    public int hashCode() {
        byte[] bytes = isBytes() ? array : toByteArray();
        int from = isBytes() ? offset : 0;
        int h = 1;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "Blob[" + length + " bytes]";
    }
}
