package io.riffle.kinesis.model;

import java.math.BigInteger;

/**
 * The sequence numbers Riffle issued before {@link KinesisSequenceNumber}'s 56-digit ones: no answer
 * carries them any more, but clients may still hand one back (a checkpoint), which
 * {@link SequenceNumbers#locate} reads. A 128-bit number written as a fixed-width (39 digit) decimal
 * string, so string order is numeric order. Decodable without a lookup:
 *
 * <pre>
 *  127 126 125        94 93          70 69          46 45                  0
 * +-------+------------+--------------+--------------+---------------------+
 * | 1 0   | incarnation| shard index  | writer epoch |      position       |
 * | (v1)  |  32 bits   |   24 bits    |   24 bits    |      46 bits        |
 * +-------+------------+--------------+--------------+---------------------+
 * </pre>
 *
 * The top bits "10" make every number at least 2^127 (39 digits, no leading zero). The stream
 * incarnation is never reused (not after delete and create), and the writer epoch rises at every
 * start of the store, so a position rewritten after a crash under a weak durability setting gets a
 * larger number than the one that was lost. Within a shard numbers grow with every record: later
 * records have a larger epoch, or the same epoch and a larger position.
 */
public record SequenceNumber(long incarnation, int shardIndex, int epoch, long position) {
    static final int POSITION_BITS = 46;
    static final int EPOCH_BITS = 24;
    static final int SHARD_BITS = 24;
    static final int INCARNATION_BITS = 32;
    static final BigInteger VERSION_1 = BigInteger.TWO.shiftLeft(126); // bits 127..126 = "10"
    static final int DIGITS = 39;
    private static final int SHARD_SHIFT = POSITION_BITS + EPOCH_BITS;
    private static final int INCARNATION_SHIFT = SHARD_SHIFT + SHARD_BITS;

    public SequenceNumber {
        check("incarnation", incarnation, INCARNATION_BITS);
        check("shard index", shardIndex, SHARD_BITS);
        check("epoch", epoch, EPOCH_BITS);
        check("position", position, POSITION_BITS);
    }

    private static void check(String what, long value, int bits) {
        if (value < 0 || value >= (1L << bits)) {
            throw new IllegalArgumentException(what + " " + value + " does not fit in " + bits + " bits");
        }
    }

    public BigInteger toBigInteger() {
        BigInteger value = BigInteger.valueOf(incarnation).shiftLeft(SHARD_BITS).or(BigInteger.valueOf(shardIndex))
                .shiftLeft(EPOCH_BITS).or(BigInteger.valueOf(epoch))
                .shiftLeft(POSITION_BITS).or(BigInteger.valueOf(position));
        return VERSION_1.or(value);
    }

    /**
     * The 39-digit decimal form. Written from two longs, without {@link BigInteger}: GetRecords
     * formats one per record, and BigInteger's toString was a fifth of a read thread's CPU.
     */
    public String format() {
        // bits 0..63 and 64..127 of the layout above
        long lo = position | ((long) epoch << POSITION_BITS);
        long hi = (2L << 62) | (incarnation << (INCARNATION_SHIFT - 64)) | ((long) shardIndex << (SHARD_SHIFT - 64))
                | ((long) epoch >>> (64 - POSITION_BITS));
        // the 128-bit value as four 32-bit limbs, most significant first, divided by 10^9 five times
        long[] limbs = {hi >>> 32, hi & 0xFFFF_FFFFL, lo >>> 32, lo & 0xFFFF_FFFFL};
        char[] digits = new char[45];
        for (int group = 4; group >= 0; group--) {
            long remainder = 0;
            for (int i = 0; i < limbs.length; i++) {
                long current = (remainder << 32) | limbs[i];
                limbs[i] = current / 1_000_000_000L;
                remainder = current % 1_000_000_000L;
            }
            for (int d = 8; d >= 0; d--) {
                digits[group * 9 + d] = (char) ('0' + remainder % 10);
                remainder /= 10;
            }
        }
        // at least 2^127: exactly 39 digits
        return new String(digits, 45 - DIGITS, DIGITS);
    }

    @Override
    public String toString() {
        return format();
    }

    /** Decodes a sequence number Riffle issued; null when the text is not one. */
    public static SequenceNumber parse(String text) {
        if (text == null || text.length() != DIGITS || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        BigInteger value = new BigInteger(text);
        if (value.bitLength() != 128 || value.testBit(126)) {
            return null;
        }
        long position = value.longValue() & ((1L << POSITION_BITS) - 1);
        BigInteger rest = value.shiftRight(POSITION_BITS);
        int epoch = rest.intValue() & ((1 << EPOCH_BITS) - 1);
        rest = rest.shiftRight(EPOCH_BITS);
        int shard = rest.intValue() & ((1 << SHARD_BITS) - 1);
        rest = rest.shiftRight(SHARD_BITS);
        long incarnation = rest.longValue() & ((1L << INCARNATION_BITS) - 1);
        return new SequenceNumber(incarnation, shard, epoch, position);
    }
}
