package io.riffle.kinesis.model;

/**
 * The 56 ASCII digits of the sequence numbers of one shard's records, written into arrays this object keeps:
 * what a streaming encoder calls once per record, so a record's number costs no String and no allocation
 * (the same digits as {@link SequenceNumbers#ofRecord}). One thread: the digits are overwritten by the next call.
 */
public final class RecordNumberDigits {
    private final long shardCreatedMs;
    private final int shardIndex;
    private final long incarnation;
    private final long[] limbs = new long[KinesisSequenceNumber.LIMBS];
    private final byte[] digits = new byte[KinesisSequenceNumber.SCRATCH_DIGITS];

    public RecordNumberDigits(StreamInfo stream, ShardInfo shard) {
        this.shardCreatedMs = shard.createdAtMs();
        this.shardIndex = shard.index();
        this.incarnation = stream.incarnation();
    }

    /**
     * Writes the number of the record at {@code position}; its digits are then {@link #array()} from
     * {@link #offset()}, {@link KinesisSequenceNumber#DIGITS} of them.
     */
    public void write(int writerEpoch, long position, long arrivalMs) {
        // a record of a few fields, which escape analysis keeps off the heap; its factory checks the ranges
        KinesisSequenceNumber n = KinesisSequenceNumber.ofRecord(incarnation, shardCreatedMs, shardIndex, writerEpoch,
                position, arrivalMs);
        KinesisSequenceNumber.writeDigits(n.high(), n.middle(), n.low(), limbs, digits);
    }

    public byte[] array() {
        return digits;
    }

    public int offset() {
        return KinesisSequenceNumber.SCRATCH_DIGITS - KinesisSequenceNumber.DIGITS;
    }
}
