package io.riffle.kinesis.model;

import java.math.BigInteger;

/**
 * A hash key of the 128-bit space Kinesis routes by, as two unsigned 64-bit halves: what routing
 * compares per record against the shards' ranges. A {@link BigInteger} per record (MD5's 16 bytes
 * turned into a magnitude array, then compared limb by limb) was the put path's routing cost;
 * two unsigned long comparisons give the same order.
 *
 * @param high the key's bits 127..64
 * @param low  the key's bits 63..0
 */
public record HashKey(long high, long low) implements Comparable<HashKey> {
    /** The key of a number in 0..2^128-1 (a range's bound, an explicit hash key). */
    public static HashKey of(BigInteger key) {
        if (key.signum() < 0 || key.bitLength() > 128) {
            throw new IllegalArgumentException("not a 128-bit hash key: " + key);
        }
        return new HashKey(key.shiftRight(64).longValue(), key.longValue());
    }

    /** The key whose bits are {@code bytes[offset..offset+16)}, most significant first (an MD5 digest). */
    public static HashKey ofBigEndian(byte[] bytes, int offset) {
        return new HashKey(bigEndianLong(bytes, offset), bigEndianLong(bytes, offset + 8));
    }

    public BigInteger toBigInteger() {
        byte[] magnitude = new byte[16];
        for (int i = 0; i < 8; i++) {
            magnitude[i] = (byte) (high >>> (56 - 8 * i));
            magnitude[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return new BigInteger(1, magnitude);
    }

    /** Unsigned order: the order of the numbers the keys are. */
    @Override
    public int compareTo(HashKey other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    /** Whether {@code start <= this <= end}. */
    public boolean isWithin(HashKey start, HashKey end) {
        return compareTo(start) >= 0 && compareTo(end) <= 0;
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }

    private static long bigEndianLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
