package io.riffle.kinesis.model;

import java.math.BigInteger;

/**
 * Sequence numbers in Kinesis' own shape: a 188-bit number written as 56 decimal digits (no leading
 * zero), in the field layout Kinesis' numbers decode to, so tools that take Kinesis numbers apart
 * read the right shard and times from Riffle's.
 *
 * <pre>
 *  bits 187    184 183          148 147  144 143                    80 79     72 71         36 35          4 3     0
 *      +---------+----------------+--------+------------------------+---------+-------------+-------------+-------+
 *      | 0x2     | shard created  | shard  |   record field (64)    | incarn. | arrival     | shard index | 0x2   |
 *      | (lead)  | epoch seconds  | index  |                        | tag     | epoch       | (32 bits)   | (ver- |
 *      |         | (36 bits)      | low 4  |                        | (8 bits)| seconds (36)|             | sion) |
 *      +---------+----------------+--------+------------------------+---------+-------------+-------------+-------+
 *
 *  record field:  63   62                  44 43                                      0
 *                +----+----------------------+-----------------------------------------+
 *                | 0  | writer epoch (19)    |  position in the shard's log (44)       |
 *                +----+----------------------+-----------------------------------------+
 * </pre>
 *
 * Written in hexadecimal the number is 47 digits: {@code 2 | 9 | 1 | 16 | 2 | 9 | 8 | 1}, as Kinesis' are
 * (checked on numbers Kinesis returned: AWS's documentation and Lambda's sample events; kinesalite and
 * kinesis-mock decode them the same way). What Kinesis keeps in its 64-bit field is not published; its
 * top bit is always 0 there (a shard's EndingSequenceNumber carries {@code 0x7fffffffffffffff}), and so
 * here. Riffle puts the writer epoch above the position, so within a shard numeric order is record
 * order (string order too: every number has 56 digits) even after a crash under a weak durability
 * setting rewrote a tail at lower positions in a later epoch: those records sort after every number
 * handed out before (the old layout's rule, kept).
 *
 * <p>The stream incarnation's low 8 bits go in the byte Kinesis leaves 0 (bits 79..72), below the
 * record field: within a shard it never changes, so it costs the record field no bits. With the
 * shard's creation second it tells a number of a stream deleted and created again under the same name
 * from the new stream's (an alias needs 256 creations of that name within one second, which deletion
 * times make impossible).
 *
 * <p>Limits: 2^19 - 1 writer epochs (store starts) and 2^44 records per shard (at Kinesis' 1,000
 * records per second per shard, 557 years). A value outside them is an IllegalArgumentException, never
 * a silently wrapped number.
 *
 * <p>Epoch 0 (which no record has: the store's first start is epoch 1) marks a boundary, a number
 * before a position that names no record, such as a shard's StartingSequenceNumber (position 0, at
 * the shard's creation second, as Kinesis' starting numbers are). {@link #shardEnd} is Kinesis' ending
 * number of a closed shard: the record field all ones, at the second the shard closed.
 */
public record KinesisSequenceNumber(long shardCreatedSeconds, long shardIndex, long recordField, int incarnationTag,
                                    long arrivalSeconds) {
    public static final int DIGITS = 56;
    static final int POSITION_BITS = 44;
    static final int EPOCH_BITS = 19;
    static final int SECONDS_BITS = 36;
    static final long POSITION_MASK = (1L << POSITION_BITS) - 1;
    static final int EPOCH_MASK = (1 << EPOCH_BITS) - 1;
    static final long SECONDS_MASK = (1L << SECONDS_BITS) - 1;
    static final long SHARD_END_FIELD = Long.MAX_VALUE;
    private static final long LEAD = 0x2;
    private static final long VERSION = 0x2;
    private static final BigInteger LOW_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public KinesisSequenceNumber {
        check("shard creation seconds", shardCreatedSeconds, SECONDS_MASK);
        check("arrival seconds", arrivalSeconds, SECONDS_MASK);
        check("shard index", shardIndex, 0xFFFF_FFFFL);
        check("incarnation tag", incarnationTag, 0xFF);
    }

    static void check(String what, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0.." + max);
        }
    }

    /** The number of the record at {@code position}, written in {@code writerEpoch} (1 and up). */
    public static KinesisSequenceNumber ofRecord(long incarnation, long shardCreatedMs, int shardIndex,
                                                 int writerEpoch, long position, long arrivalMs) {
        return new KinesisSequenceNumber(shardCreatedMs / 1000, shardIndex, recordField(writerEpoch, position),
                incarnationTag(incarnation), arrivalMs / 1000);
    }

    /** A record's 64-bit field; the epoch and position checked. */
    static long recordField(int writerEpoch, long position) {
        if (writerEpoch < 1 || writerEpoch > EPOCH_MASK) {
            throw new IllegalArgumentException("writer epoch " + writerEpoch + " is outside 1.." + EPOCH_MASK);
        }
        return field(writerEpoch, position);
    }

    /** The boundary before {@code position} (names no record), dated {@code atMs}. */
    public static KinesisSequenceNumber boundary(long incarnation, long shardCreatedMs, int shardIndex, long position,
                                                 long atMs) {
        return new KinesisSequenceNumber(shardCreatedMs / 1000, shardIndex, field(0, position),
                incarnationTag(incarnation), atMs / 1000);
    }

    /** Kinesis' EndingSequenceNumber of a shard closed at {@code closedAtMs}: above every number of the shard. */
    public static KinesisSequenceNumber shardEnd(long incarnation, long shardCreatedMs, int shardIndex,
                                                 long closedAtMs) {
        return new KinesisSequenceNumber(shardCreatedMs / 1000, shardIndex, SHARD_END_FIELD,
                incarnationTag(incarnation), closedAtMs / 1000);
    }

    private static long field(int epoch, long position) {
        if (position < 0 || position > POSITION_MASK) {
            throw new IllegalArgumentException("position " + position + " is outside 0.." + POSITION_MASK);
        }
        return ((long) epoch << POSITION_BITS) | position;
    }

    public static int incarnationTag(long incarnation) {
        return (int) (incarnation & 0xFF);
    }

    /** The writer epoch; 0 for a boundary. Meaningful for numbers Riffle issued. */
    public int epoch() {
        return (int) (recordField >>> POSITION_BITS) & EPOCH_MASK;
    }

    /** The position in the shard's log. Meaningful for numbers Riffle issued. */
    public long position() {
        return recordField & POSITION_MASK;
    }

    public boolean isBoundary() {
        return epoch() == 0;
    }

    public boolean isShardEnd() {
        return recordField == SHARD_END_FIELD;
    }

    /** Whether this number was issued for that stream incarnation's shard created at that time. */
    public boolean isOf(long incarnation, long shardCreatedMs) {
        return incarnationTag == incarnationTag(incarnation) && shardCreatedSeconds == shardCreatedMs / 1000;
    }

    /**
     * The 56-digit decimal form, written from three longs without {@link BigInteger}: GetRecords formats
     * one per record (BigInteger's toString was a fifth of a read thread's CPU with the old layout).
     */
    public String format() {
        byte[] digits = new byte[SCRATCH_DIGITS];
        writeDigits(high(), middle(), low(), new long[LIMBS], digits);
        return new String(digits, SCRATCH_DIGITS - DIGITS, DIGITS, java.nio.charset.StandardCharsets.US_ASCII);
    }

    // bits 128..187, 64..127 and 0..63 of the layout above
    long high() {
        return high(shardCreatedSeconds, shardIndex, recordField);
    }

    long middle() {
        return middle(recordField, incarnationTag, arrivalSeconds);
    }

    long low() {
        return low(arrivalSeconds, shardIndex);
    }

    static long high(long shardCreatedSeconds, long shardIndex, long recordField) {
        return (LEAD << 56) | (shardCreatedSeconds << 20) | ((shardIndex & 0xF) << 16) | (recordField >>> 48);
    }

    static long middle(long recordField, int incarnationTag, long arrivalSeconds) {
        return (recordField << 16) | ((long) incarnationTag << 8) | (arrivalSeconds >>> 28);
    }

    static long low(long arrivalSeconds, long shardIndex) {
        return (arrivalSeconds << 36) | (shardIndex << 4) | VERSION;
    }

    /** 32-bit limbs of the 192 bits {@link #writeDigits} divides. */
    static final int LIMBS = 6;
    /** Digits {@link #writeDigits} writes: seven groups of nine; the number is the last {@link #DIGITS}. */
    static final int SCRATCH_DIGITS = 63;

    /**
     * Writes the number {@code high:middle:low} as {@link #SCRATCH_DIGITS} ASCII digits into {@code digits}
     * (leading zeros first), using {@code limbs} as scratch: no allocation, so an encoder can write one
     * number per record with arrays it keeps.
     */
    static void writeDigits(long high, long middle, long low, long[] limbs, byte[] digits) {
        // as six 32-bit limbs, most significant first, divided by 10^9 seven times
        limbs[0] = high >>> 32;
        limbs[1] = high & 0xFFFF_FFFFL;
        limbs[2] = middle >>> 32;
        limbs[3] = middle & 0xFFFF_FFFFL;
        limbs[4] = low >>> 32;
        limbs[5] = low & 0xFFFF_FFFFL;
        int top = 0; // limbs above it are 0: each division by 10^9 clears about one, so later ones skip them
        for (int group = 6; group >= 0; group--) {
            long remainder = 0;
            while (top < LIMBS - 1 && limbs[top] == 0) {
                top++;
            }
            for (int i = top; i < LIMBS; i++) {
                long current = (remainder << 32) | limbs[i];
                limbs[i] = current / 1_000_000_000L;
                remainder = current % 1_000_000_000L;
            }
            for (int d = 8; d >= 0; d--) {
                digits[group * 9 + d] = (byte) ('0' + remainder % 10);
                remainder /= 10;
            }
        }
        // between 2^185 and 3 * 2^184: exactly 56 digits
    }

    public BigInteger toBigInteger() {
        return new BigInteger(format());
    }

    @Override
    public String toString() {
        return format();
    }

    /**
     * Decodes a number of this layout (Riffle's or Kinesis' own: both decode to their shard and times);
     * null when the text is not one.
     */
    public static KinesisSequenceNumber parse(String text) {
        if (text == null || text.length() != DIGITS || text.charAt(0) == '0') {
            return null;
        }
        for (int i = 0; i < DIGITS; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        BigInteger value = new BigInteger(text);
        if (value.shiftRight(184).longValue() != LEAD || (value.longValue() & 0xF) != VERSION) {
            return null;
        }
        long low = value.longValue();
        long middle = value.shiftRight(64).and(LOW_64).longValue();
        long high = value.shiftRight(128).longValue();
        long shardIndex = (low >>> 4) & 0xFFFF_FFFFL;
        long arrival = ((low >>> 36) | (middle << 28)) & SECONDS_MASK;
        int tag = (int) (middle >>> 8) & 0xFF;
        long field = (middle >>> 16) | (high << 48);
        long created = (high >>> 20) & SECONDS_MASK;
        return new KinesisSequenceNumber(created, shardIndex, field, tag, arrival);
    }
}
