package io.riffle.kinesis.model;

/**
 * Reads a sequence number a client hands back (AT/AFTER_SEQUENCE_NUMBER, StartingSequenceNumber,
 * SequenceNumberForOrdering, a SubscribeToShard continuation, a KCL or Flink checkpoint) in either of
 * the layouts Riffle has issued: {@link KinesisSequenceNumber} (56 digits, Kinesis' shape) and
 * {@link SequenceNumber} (39 digits, before it). Both name a record by shard, writer epoch and position,
 * so a 39-digit number kept from before the upgrade names the same record as the 56-digit number that
 * record reports now, for as long as the record is retained.
 *
 * <p>Which numbers records report: every record reports the 56-digit form, those written before the
 * upgrade included (a record's number is computed from what storage keeps: position, writer epoch and
 * arrival time, and its shard's creation time), so a GetRecords answer never mixes the two forms. Every
 * 56-digit number is larger than every 39-digit one, so a checkpoint taken before the upgrade is below
 * every number read after it, which the KCL's checkpoint checks require. The same goes for the numbers
 * of shards: StartingSequenceNumber and EndingSequenceNumber are 56 digits for every shard (a shard closed
 * before the upgrade kept its 39-digit ending number in the registry's events; answers derive the new one
 * from its closing time instead).
 *
 * <p>This class is also where the numbers leaving the server are made ({@link #ofRecord}, {@link #boundary},
 * {@link #starting}, {@link #ending}), so every answer issues the same form.
 */
public final class SequenceNumbers {

    /**
     * A number located in a stream: the shard its number encodes, and where in that shard it points.
     *
     * @param namesRecord false for a boundary (a position before which a reader starts, naming no record)
     *                    and for a shard's ending number
     * @param position    the record's position, or the boundary's; {@code Long.MAX_VALUE} for an ending number
     */
    public record Located(int shardIndex, long position, boolean namesRecord) {
    }

    private SequenceNumbers() {
    }

    /**
     * The number of a record, from what storage keeps of it: the writer epoch, the position and the stored
     * arrival time (the append's, never a second clock read, so PutRecord and GetRecords report the same).
     */
    public static String ofRecord(StreamInfo stream, ShardInfo shard, int writerEpoch, long position,
                                  long arrivalMs) {
        return KinesisSequenceNumber.ofRecord(stream.incarnation(), shard.createdAtMs(), shard.index(), writerEpoch,
                position, arrivalMs).format();
    }

    /**
     * The boundary number before {@code position}, naming no record (a SubscribeToShard continuation
     * before any record). Dated at the shard's creation, so the same boundary always has the same number.
     */
    public static String boundary(StreamInfo stream, ShardInfo shard, long position) {
        return KinesisSequenceNumber.boundary(stream.incarnation(), shard.createdAtMs(), shard.index(), position,
                shard.createdAtMs()).format();
    }

    /** A shard's StartingSequenceNumber: the boundary before its first position. */
    public static String starting(StreamInfo stream, ShardInfo shard) {
        return boundary(stream, shard, 0);
    }

    /** A shard's EndingSequenceNumber: null while open, else Kinesis' ending number at its closing second. */
    public static String ending(StreamInfo stream, ShardInfo shard) {
        if (!shard.isClosed()) {
            return null;
        }
        return KinesisSequenceNumber.shardEnd(stream.incarnation(), shard.createdAtMs(), shard.index(),
                shard.closedAtMs()).format();
    }

    /** Whether the text is a sequence number of either layout (Kinesis' own numbers are of the 56-digit one). */
    public static boolean isWellFormed(String text) {
        return KinesisSequenceNumber.parse(text) != null || SequenceNumber.parse(text) != null;
    }

    /**
     * Where a number points in this stream incarnation, or null when it was not issued for it (another
     * stream, an earlier incarnation of this one, Kinesis, or not a number). A number naming a shard the
     * stream does not have is located (its shard index tells the caller which shard it encodes).
     */
    public static Located locate(String text, StreamInfo stream) {
        KinesisSequenceNumber n = KinesisSequenceNumber.parse(text);
        if (n != null) {
            if (n.shardIndex() > Integer.MAX_VALUE) {
                return null;
            }
            int index = (int) n.shardIndex();
            ShardInfo shard = stream.shard(index);
            long createdMs = shard != null ? shard.createdAtMs() : n.shardCreatedSeconds() * 1000;
            if (!n.isOf(stream.incarnation(), createdMs)) {
                return null;
            }
            if (n.isShardEnd()) {
                return new Located(index, Long.MAX_VALUE, false);
            }
            return new Located(index, n.position(), !n.isBoundary());
        }
        SequenceNumber old = SequenceNumber.parse(text);
        if (old == null || old.incarnation() != stream.incarnation()) {
            return null;
        }
        return new Located(old.shardIndex(), old.position(), old.epoch() != 0);
    }
}
