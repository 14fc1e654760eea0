package io.riffle.kinesis.data;

import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link StreamSource} over this node's control plane and storage: the registry for streams and shards, the shard
 * logs for records, {@link ShardReads} for sequence numbers, the control plane's wake-ups for new records. Reads run on
 * the read pool it is given. Not throttled: the node's own consumers are not clients.
 */
public final class LocalStreamSource implements StreamSource {
    private final ControlPlane control;
    private final Executor reads;

    public LocalStreamSource(ControlPlane control, Executor reads) {
        this.control = control;
        this.reads = reads;
    }

    @Override
    public Optional<Stream> stream(String streamArn) {
        String name = control.settings().streamNameOf(streamArn);
        StreamInfo s = name == null ? null : control.registry().byName(name);
        if (s == null || !s.isServing()) {
            return Optional.empty();
        }
        List<Shard> shards = new ArrayList<>();
        for (ShardInfo shard : s.shards()) {
            shards.add(new Shard(shard.shardId(), shard.parentShardId(), shard.adjacentParentShardId(), shard.isClosed()));
        }
        return Optional.of(new Stream(streamArn, s.name(), s.incarnation(), shards));
    }

    @Override
    public Optional<Consumer> consumer(String consumerArn) {
        return control.registry().consumerByArn(consumerArn)
                .filter(c -> {
                    StreamInfo s = control.registry().byName(c.streamName());
                    return s != null && s.incarnation() == c.streamIncarnation();
                })
                .map(c -> new Consumer(c.arn(), c.name(), control.settings().streamArn(c.streamName()),
                        c.status().name()));
    }

    private record Located(StreamInfo stream, ShardInfo shard, ShardLog log) {
    }

    private Optional<Located> locate(long incarnation, String shardId) {
        StreamInfo s = control.registry().byIncarnation(incarnation);
        int index = ShardInfo.parseShardId(shardId);
        ShardInfo shard = s == null || index < 0 ? null : s.shard(index);
        if (shard == null || !s.isServing()) {
            return Optional.empty();
        }
        return control.store().get(ShardInfo.logId(incarnation, index)).map(log -> new Located(s, shard, log));
    }

    @Override
    public Optional<Long> startPosition(String streamArn, long incarnation, String shardId, Start start, long timestampMs) {
        return locate(incarnation, shardId).map(at -> switch (start) {
            case TRIM_HORIZON -> at.log().startPosition();
            case LATEST -> at.log().endPosition();
            case AT_TIMESTAMP -> at.log().seekByTime(timestampMs);
        });
    }

    @Override
    public CompletableFuture<Batch> read(String streamArn, long incarnation, String shardId, long position,
                                         int maxRecords, long maxBytes) {
        return CompletableFuture.supplyAsync(() -> {
            Located at = locate(incarnation, shardId).orElseThrow(() -> new NoSuchElementException(
                    "shard " + shardId + " of " + streamArn + " (incarnation " + incarnation + ") is gone"));
            ReadResult result = ShardReads.read(at.stream(), at.shard(), at.log(), position, maxRecords, maxBytes);
            List<Record> records = new ArrayList<>(result.records().size());
            for (StoredRecord rec : result.records()) {
                records.add(new Record(ShardReads.sequenceNumberOf(at.stream(), at.shard(), rec), rec.keyAsString(),
                        rec.dataBytes(), rec.arrivalTimestampMs(), rec.position() + 1));
            }
            long next = result.nextPosition();
            long behindMs = ShardReads.millisBehindLatest(at.log(), next, result.records());
            result.buffers().release(); // every record copied out
            return new Batch(records, next, ShardReads.isAtClosedEnd(at.shard(), next), behindMs);
        }, reads);
    }

    @Override
    public AutoCloseable onRecords(long incarnation, String shardId, Runnable listener) {
        return control.wakeups().listen(incarnation, ShardInfo.parseShardId(shardId), listener);
    }
}
