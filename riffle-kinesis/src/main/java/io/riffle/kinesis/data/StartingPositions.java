package io.riffle.kinesis.data;

import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.storage.ShardLog;

/**
 * Where a reader starts in a shard, for GetShardIterator's ShardIteratorType and SubscribeToShard's
 * StartingPosition alike: TRIM_HORIZON, LATEST, AT/AFTER_SEQUENCE_NUMBER and AT_TIMESTAMP.
 *
 * <p>A sequence number with writer epoch 0 names no record (records are written with epoch 1 and
 * up): it is a boundary before its position, such as a shard's StartingSequenceNumber or a
 * SubscribeToShard continuation before any record was read. AT and AFTER it both start at that position.
 * Numbers of either layout are read ({@link SequenceNumbers#locate}): a 39-digit number kept from before
 * the 56-digit ones names the same record. A shard's EndingSequenceNumber starts at its end.
 */
public final class StartingPositions {

    private StartingPositions() {
    }

    /**
     * @param sequenceNumber the StartingSequenceNumber / SequenceNumber given, or null
     * @param timestampMs    the Timestamp given, or null
     * @param operation      the calling operation, named in error messages
     */
    public static long resolve(StreamInfo s, ShardInfo shard, ShardLog log, String type, String sequenceNumber,
                               Long timestampMs, long nowMs, String accountId, String operation) {
        return switch (type) {
            case "TRIM_HORIZON" -> log.startPosition();
            case "LATEST" -> log.endPosition();
            case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" ->
                    atSequenceNumber(s, shard, log, type, sequenceNumber, accountId, operation);
            case "AT_TIMESTAMP" -> {
                if (timestampMs == null) {
                    throw KinesisError.INVALID_ARGUMENT.exception("Must specify timestampInMillis parameter for "
                            + "iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.");
                }
                if (timestampMs > nowMs) {
                    throw KinesisError.INVALID_ARGUMENT.exception("The timestampInMillis parameter cannot be greater "
                            + "than the currentTimestampInMillis. timestampInMillis: " + timestampMs
                            + ", currentTimestampInMillis: " + nowMs);
                }
                yield log.seekByTime(timestampMs);
            }
            default -> throw KinesisError.INVALID_ARGUMENT.exception("Unknown ShardIteratorType " + type);
        };
    }

    private static long atSequenceNumber(StreamInfo s, ShardInfo shard, ShardLog log, String type, String text,
                                         String accountId, String operation) {
        if (text == null) {
            throw KinesisError.INVALID_ARGUMENT.exception("Must specify StartingSequenceNumber for iterator of type "
                    + type + ".");
        }
        SequenceNumbers.Located at = SequenceNumbers.locate(text, s);
        if (at == null) {
            throw KinesisErrors.invalidStartingSequenceNumber(text, operation, shard.shardId(), s.name(), accountId);
        }
        if (at.shardIndex() != shard.index()) {
            throw KinesisError.INVALID_ARGUMENT.exception("Invalid StartingSequenceNumber. It encodes "
                    + ShardInfo.shardId(at.shardIndex()) + ", while it was used in a call to a shard with "
                    + shard.shardId());
        }
        boolean isAfterRecord = type.equals("AFTER_SEQUENCE_NUMBER") && at.namesRecord();
        long position = at.position() + (isAfterRecord ? 1 : 0);
        return Math.max(log.startPosition(), Math.min(position, log.endPosition()));
    }
}
