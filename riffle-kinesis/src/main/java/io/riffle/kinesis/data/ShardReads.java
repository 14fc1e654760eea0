package io.riffle.kinesis.data;

import io.riffle.kinesis.api.ChildShard;
import io.riffle.kinesis.api.HashKeyRange;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;

/** What GetRecords and SubscribeToShard share: reading a shard, and the members that follow its records. */
public final class ShardReads {
    private ShardReads() {
    }

    /**
     * Reads from {@code position}; a trimmed position reads from the trim horizon. Throws an
     * InternalFailure when the stored bytes cannot be served. The caller releases the result's buffers once done
     * with its records, and touches none of them afterwards ({@link ShardLog#readThenRelease}).
     */
    public static ReadResult read(StreamInfo s, ShardInfo shard, ShardLog log, long position, int maxRecords,
                                  long maxBytes) {
        ReadResult result = log.readThenRelease(position, maxRecords, maxBytes);
        if (result.status() == ReadResult.Status.BELOW_TRIM || result.status() == ReadResult.Status.BEYOND_END) {
            result = log.readThenRelease(result.nextPosition(), maxRecords, maxBytes);
        }
        if (result.status() != ReadResult.Status.OK) {
            throw KinesisError.INTERNAL_FAILURE.exception("Shard " + shard.shardId() + " of stream " + s.name()
                    + " cannot be read at this position (" + result.status() + "): " + result.detail());
        }
        return result;
    }

    public static String sequenceNumberOf(StreamInfo s, ShardInfo shard, StoredRecord rec) {
        return SequenceNumbers.ofRecord(s, shard, rec.writerEpoch(), rec.position(), rec.arrivalTimestampMs());
    }

    /** Whether a reader at {@code next} has read all of a closed shard. */
    public static boolean isAtClosedEnd(ShardInfo shard, long next) {
        return shard.isClosed() && next >= shard.endPosition();
    }

    /** The shards that continue {@code shard} after it closed, in the ChildShard shape. */
    public static List<ChildShard> childShards(StreamInfo s, ShardInfo shard) {
        List<ChildShard> children = new ArrayList<>();
        for (ShardInfo child : s.shards()) {
            if (shard.shardId().equals(child.parentShardId()) || shard.shardId().equals(child.adjacentParentShardId())) {
                List<String> parents = child.adjacentParentShardId() == null ? List.of(child.parentShardId())
                        : List.of(child.parentShardId(), child.adjacentParentShardId());
                children.add(new ChildShard(child.shardId(), parents, new HashKeyRange(
                        child.range().start().toString(), child.range().end().toString())));
            }
        }
        return children;
    }

    /** How far behind the shard's newest record a reader is after reading {@code records} up to {@code next}. */
    public static long millisBehindLatest(ShardLog log, long next, List<StoredRecord> records) {
        if (next >= log.endPosition() || records.isEmpty()) {
            return 0;
        }
        return Math.max(0, log.lastTimestampMs() - records.get(records.size() - 1).arrivalTimestampMs());
    }
}
