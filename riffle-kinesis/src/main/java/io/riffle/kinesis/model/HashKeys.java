package io.riffle.kinesis.model;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The 128-bit hash key space Kinesis routes by: MD5 of the partition key as an unsigned integer,
 * or an explicit hash key; shards own contiguous ranges of it.
 */
public final class HashKeys {
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** An inclusive range of hash keys. */
    public record Range(BigInteger start, BigInteger end) {
        public boolean contains(BigInteger key) {
            return key.compareTo(start) >= 0 && key.compareTo(end) <= 0;
        }
    }

    private HashKeys() {
    }

    /**
     * One MD5 and its 16-byte output per thread: {@code MessageDigest.getInstance} looks the provider up and
     * allocates the digest, which per record was the put path's largest cost after the payload (JFR); writing the
     * digest into a kept array spares the array {@code digest()} returns. A digest resets itself after each use.
     */
    private static final class Md5 {
        final MessageDigest digest;
        final byte[] out = new byte[16];

        Md5() {
            try {
                digest = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no MD5", e);
            }
        }

        /** The digest of {@code input}, in {@link #out} until the next call. */
        byte[] digest(byte[] input) {
            digest.update(input);
            try {
                digest.digest(out, 0, out.length);
            } catch (DigestException e) {
                throw new IllegalStateException("MD5 did not fit 16 bytes", e);
            }
            return out;
        }
    }

    private static final ThreadLocal<Md5> MD5 = ThreadLocal.withInitial(Md5::new);

    public static BigInteger ofPartitionKey(String partitionKey) {
        return ofPartitionKey(partitionKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The hash key of a partition key given as its UTF-8 bytes (the bytes a record stores). */
    public static BigInteger ofPartitionKey(byte[] utf8PartitionKey) {
        return new BigInteger(1, MD5.get().digest(utf8PartitionKey));
    }

    /** {@link #ofPartitionKey(byte[])} as routing compares it: two longs, no {@link BigInteger}. */
    public static HashKey keyOfPartitionKey(byte[] utf8PartitionKey) {
        return HashKey.ofBigEndian(MD5.get().digest(utf8PartitionKey), 0);
    }

    /** Parses an explicit hash key; null when it is not a decimal integer in 0..2^128-1. */
    public static BigInteger parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 39 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        BigInteger key = new BigInteger(text);
        return key.compareTo(MAX) > 0 ? null : key;
    }

    /** {@code count} ranges splitting the whole space evenly, as Kinesis does at creation. */
    public static List<Range> split(int count) {
        List<Range> ranges = new ArrayList<>(count);
        BigInteger size = MAX.add(BigInteger.ONE).divide(BigInteger.valueOf(count));
        for (int i = 0; i < count; i++) {
            BigInteger start = size.multiply(BigInteger.valueOf(i));
            BigInteger end = i == count - 1 ? MAX : start.add(size).subtract(BigInteger.ONE);
            ranges.add(new Range(start, end));
        }
        return ranges;
    }
}
