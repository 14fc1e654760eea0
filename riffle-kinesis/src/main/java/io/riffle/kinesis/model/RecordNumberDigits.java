package io.riffle.kinesis.model;

import java.nio.charset.StandardCharsets;

/**
 * The 56 ASCII digits of the sequence numbers of one shard's records, written into arrays this object keeps:
 * what a streaming encoder calls once per record, so a record's number costs no String and no allocation
 * (the same digits as {@link SequenceNumbers#ofRecord}). One thread: the digits are overwritten by the next call.
 *
 * <p>An answer's records mostly follow each other in one epoch and one arrival second; then the next number is the
 * last one plus 2^80 (the position is the record field's low bits, and the field starts at bit 80), added to the
 * digits kept from the last call, which costs a few dozen byte additions instead of the 192-bit divisions of
 * {@link KinesisSequenceNumber#writeDigits} (a tenth of a read thread's CPU with 100-byte records).
 */
public final class RecordNumberDigits {
    /** 2^80 in decimal, least significant digit first. */
    private static final byte[] TWO_TO_THE_80 = reversedDigits("1208925819614629174706176");

    private final long shardCreatedSeconds;
    private final int shardIndex;
    private final int incarnationTag;
    private final long[] limbs = new long[KinesisSequenceNumber.LIMBS];
    private final byte[] digits = new byte[KinesisSequenceNumber.SCRATCH_DIGITS];
    /** What the digits are now the number of; lastEpoch 0 (no record's): nothing written yet. */
    private int lastEpoch;
    private long lastPosition;
    private long lastArrivalSeconds;

    public RecordNumberDigits(StreamInfo stream, ShardInfo shard) {
        this(stream.incarnation(), shard.createdAtMs(), shard.index());
    }

    RecordNumberDigits(long incarnation, long shardCreatedMs, int shardIndex) {
        // the shard's part, checked once by the constructor of a number of it
        KinesisSequenceNumber first = KinesisSequenceNumber.boundary(incarnation, shardCreatedMs, shardIndex, 0,
                shardCreatedMs);
        this.shardCreatedSeconds = first.shardCreatedSeconds();
        this.shardIndex = shardIndex;
        this.incarnationTag = first.incarnationTag();
    }

    /**
     * Writes the number of the record at {@code position}; its digits are then {@link #array()} from
     * {@link #offset()}, {@link KinesisSequenceNumber#DIGITS} of them.
     */
    public void write(int writerEpoch, long position, long arrivalMs) {
        // the record's fields as KinesisSequenceNumber.ofRecord checks them, without the object (a JFR allocation
        // profile showed one per record: escape analysis did not remove it)
        long field = KinesisSequenceNumber.recordField(writerEpoch, position);
        long arrivalSeconds = arrivalMs / 1000;
        KinesisSequenceNumber.check("arrival seconds", arrivalSeconds, KinesisSequenceNumber.SECONDS_MASK);
        if (writerEpoch == lastEpoch && arrivalSeconds == lastArrivalSeconds && position == lastPosition + 1) {
            addTwoToThe80();
        } else {
            KinesisSequenceNumber.writeDigits(KinesisSequenceNumber.high(shardCreatedSeconds, shardIndex, field),
                    KinesisSequenceNumber.middle(field, incarnationTag, arrivalSeconds),
                    KinesisSequenceNumber.low(arrivalSeconds, shardIndex), limbs, digits);
            lastEpoch = writerEpoch;
            lastArrivalSeconds = arrivalSeconds;
        }
        lastPosition = position;
    }

    public byte[] array() {
        return digits;
    }

    public int offset() {
        return KinesisSequenceNumber.SCRATCH_DIGITS - KinesisSequenceNumber.DIGITS;
    }

    /** The digits last written, as the String an answer built of objects (PutRecords') needs. */
    public String text() {
        return new String(digits, offset(), KinesisSequenceNumber.DIGITS, StandardCharsets.ISO_8859_1);
    }

    /** The digits of the next position's number: every number has 56 digits, so no carry leaves them. */
    private void addTwoToThe80() {
        int carry = 0;
        int at = digits.length - 1;
        for (byte d : TWO_TO_THE_80) {
            int sum = digits[at] - '0' + d + carry;
            carry = sum >= 10 ? 1 : 0;
            digits[at--] = (byte) ('0' + sum - 10 * carry);
        }
        while (carry != 0) {
            int sum = digits[at] - '0' + 1;
            carry = sum >= 10 ? 1 : 0;
            digits[at--] = (byte) ('0' + sum - 10 * carry);
        }
    }

    private static byte[] reversedDigits(String decimal) {
        byte[] reversed = new byte[decimal.length()];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = (byte) (decimal.charAt(decimal.length() - 1 - i) - '0');
        }
        return reversed;
    }
}
