package io.riffle.kinesis.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.SequenceNumber;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.util.List;

/** What GetRecords and SubscribeToShard share: reading a shard and writing records as Kinesis does. */
public final class ShardReads {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ShardReads() {
    }

    /**
     * Reads from {@code position}; a trimmed position reads from the trim horizon. Throws an
     * InternalFailure when the stored bytes cannot be served.
     */
    public static ReadResult read(StreamInfo s, ShardInfo shard, ShardLog log, long position, int maxRecords,
                                  long maxBytes) {
        ReadResult result = log.read(position, maxRecords, maxBytes);
        if (result.status() == ReadResult.Status.BELOW_TRIM || result.status() == ReadResult.Status.BEYOND_END) {
            result = log.read(result.nextPosition(), maxRecords, maxBytes);
        }
        if (result.status() != ReadResult.Status.OK) {
            throw KinesisError.INTERNAL_FAILURE.exception("Shard " + shard.shardId() + " of stream " + s.name()
                    + " cannot be read at this position (" + result.status() + "): " + result.detail());
        }
        return result;
    }

    /** Sets {@code Records} of {@code out} to the records, in the model's Record shape. */
    public static void putRecords(ObjectNode out, StreamInfo s, ShardInfo shard, List<StoredRecord> records) {
        ArrayNode list = out.putArray("Records");
        for (StoredRecord rec : records) {
            list.addObject()
                    .put("SequenceNumber", sequenceNumberOf(s, shard, rec))
                    .put("ApproximateArrivalTimestamp", rec.arrivalTimestampMs())
                    .put("Data", rec.dataBytes())
                    .put("PartitionKey", rec.keyAsString());
        }
    }

    public static String sequenceNumberOf(StreamInfo s, ShardInfo shard, StoredRecord rec) {
        return new SequenceNumber(s.incarnation(), shard.index(), rec.writerEpoch(), rec.position()).format();
    }

    /** Whether a reader at {@code next} has read all of a closed shard. */
    public static boolean isAtClosedEnd(ShardInfo shard, long next) {
        return shard.isClosed() && next >= shard.endPosition();
    }

    /** The shards that continue {@code shard} after it closed, in the ChildShard shape. */
    public static ArrayNode childShards(StreamInfo s, ShardInfo shard) {
        ArrayNode children = JSON.arrayNode();
        for (ShardInfo child : s.shards()) {
            if (shard.shardId().equals(child.parentShardId()) || shard.shardId().equals(child.adjacentParentShardId())) {
                ObjectNode c = children.addObject().put("ShardId", child.shardId());
                ArrayNode parents = c.putArray("ParentShards").add(child.parentShardId());
                if (child.adjacentParentShardId() != null) {
                    parents.add(child.adjacentParentShardId());
                }
                c.putObject("HashKeyRange").put("StartingHashKey", child.range().start().toString())
                        .put("EndingHashKey", child.range().end().toString());
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
