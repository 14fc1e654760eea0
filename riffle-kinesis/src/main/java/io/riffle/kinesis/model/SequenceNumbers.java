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
 * every number read after it, which the KCL's checkpoint checks require.
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
