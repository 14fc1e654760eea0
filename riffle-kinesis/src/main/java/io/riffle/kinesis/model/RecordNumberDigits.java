package io.riffle.kinesis.model;

/**
 * The 56 ASCII digits of the sequence numbers of one shard's records, written into arrays this object keeps:
 * what a streaming encoder calls once per record, so a record's number costs no String and no allocation
 * (the same digits as {@link SequenceNumbers#ofRecord}). One thread: the digits are overwritten by the next call.
 */
public final class RecordNumberDigits {
    private final long shardCreatedSeconds;
    private final int shardIndex;
    private final int incarnationTag;
    private final long[] limbs = new long[KinesisSequenceNumber.LIMBS];
    private final byte[] digits = new byte[KinesisSequenceNumber.SCRATCH_DIGITS];

    public RecordNumberDigits(StreamInfo stream, ShardInfo shard) {
        // the shard's part, checked once by the constructor of a number of it
        KinesisSequenceNumber first = KinesisSequenceNumber.boundary(stream.incarnation(), shard.createdAtMs(),
                shard.index(), 0, shard.createdAtMs());
        this.shardCreatedSeconds = first.shardCreatedSeconds();
        this.shardIndex = shard.index();
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
        KinesisSequenceNumber.writeDigits(KinesisSequenceNumber.high(shardCreatedSeconds, shardIndex, field),
                KinesisSequenceNumber.middle(field, incarnationTag, arrivalSeconds),
                KinesisSequenceNumber.low(arrivalSeconds, shardIndex), limbs, digits);
    }

    public byte[] array() {
        return digits;
    }

    public int offset() {
        return KinesisSequenceNumber.SCRATCH_DIGITS - KinesisSequenceNumber.DIGITS;
    }
}
