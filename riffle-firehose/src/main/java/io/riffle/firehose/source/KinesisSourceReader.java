package io.riffle.firehose.source;

import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.control.DeliveryStreamControl;
import io.riffle.firehose.control.DeliveryStreamEvent;
import io.riffle.firehose.control.DeliveryStreamEvent.SourceCheckpointed;
import io.riffle.firehose.control.DeliveryStreamRegistry;
import io.riffle.firehose.control.KinesisSources;
import io.riffle.firehose.data.RecordOperations;
import io.riffle.firehose.delivery.DeliveryMetrics;
import io.riffle.firehose.processing.KinesisRecordMetadata;
import io.riffle.kinesis.source.KplAggregate;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.metadata.EventLog;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KinesisStreamAsSource: copies each such delivery stream's Kinesis stream into the delivery stream's own record
 * log, from which {@code Deliverer} delivers as for DirectPut. Every shard is read (through riffle-kinesis's public
 * {@link StreamSource}), a child only once its parents are read to their end, starting where the stream was when the
 * delivery stream was created (AT_TIMESTAMP of the creation: Firehose's LATEST at creation, without a race with the
 * first records). KPL aggregates are unpacked into their user records. Each delivery stream reads on its own, so
 * several on one Kinesis stream each get everything.
 *
 * <p>Exactly once across restarts: the records copied from one read are one append, and each carries in its key
 * the shard and the position after it ({@link SourcePosition}); a {@link SourceCheckpointed} event now and then
 * saves every shard's position with the log's end, and a restart resumes from it plus the keys of the records
 * appended after it.
 *
 * <p>Threads: {@link #runOnce} is called by one thread only (riffle-firehose-source); its state is that thread's.
 */
public final class KinesisSourceReader {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisSourceReader.class);
    private static final int READ_RECORDS = 1_000;
    private static final long READ_BYTES = 4L << 20;
    private static final int READS_PER_SHARD_PER_PASS = 8;
    private static final long CHECKPOINT_EVERY_MS = 1_000;
    private static final long READ_TIMEOUT_S = 30;

    private final EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events;
    private final DeliveryStreamRegistry registry;
    private final LogStore store;
    private final StreamSource source;
    private final InstantSource clock;
    private final RecordOperations.Appended appended;
    private final DeliveryMetrics metrics;
    private final Map<String, Reading> readings = new HashMap<>();

    /** One delivery stream's reading state, rebuilt from its checkpoint and log when absent. */
    private static final class Reading {
        final long incarnation;
        final Map<String, Long> positions;
        final Set<String> ended = new HashSet<>();
        final Set<String> missing = new HashSet<>();
        boolean isChanged;
        long checkpointedMs;

        Reading(long incarnation, Map<String, Long> positions, long nowMs) {
            this.incarnation = incarnation;
            this.positions = positions;
            this.checkpointedMs = nowMs;
        }
    }

    public KinesisSourceReader(EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events,
                               DeliveryStreamRegistry registry, LogStore store, StreamSource source,
                               InstantSource clock, RecordOperations.Appended appended, DeliveryMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
        this.registry = registry;
        this.store = store;
        this.source = source;
        this.clock = clock;
        this.appended = appended;
    }

    /** Reads every ACTIVE Kinesis-sourced delivery stream's shards once; returns how many records were copied. */
    public int runOnce() {
        int copied = 0;
        Set<String> seen = new HashSet<>();
        for (DeliveryStream s : registry.all()) {
            if (!s.type().equals(DeliveryStreamControl.KINESIS_SOURCE) || !s.isActive()) {
                continue;
            }
            seen.add(s.name());
            try {
                copied += read(s);
            } catch (RuntimeException e) {
                LOG.atError().addKeyValue("deliveryStream", s.name()).log(
                        "Firehose {}: reading its Kinesis stream failed unexpectedly; retrying", s.name(), e);
                readings.remove(s.name()); // rebuilt from the durable state next pass
            }
        }
        readings.keySet().retainAll(seen);
        return copied;
    }

    private int read(DeliveryStream s) {
        ShardLog log = store.get(DeliveryStreamControl.recordLogId(s)).orElse(null);
        if (log == null) {
            return 0;
        }
        Reading reading = readings.get(s.name());
        if (reading == null || reading.incarnation != s.incarnation()) {
            reading = recover(s, log);
            readings.put(s.name(), reading);
        }
        String streamArn = KinesisSources.fromJson(s.source()).kinesisStreamARN();
        Optional<StreamSource.Stream> found = source.stream(streamArn);
        if (found.isEmpty()) {
            if (reading.missing.add(streamArn)) {
                LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                        "Firehose {}: its Kinesis stream {} does not exist or serves no reads; waiting for it",
                        s.name(), streamArn);
            }
            return 0;
        }
        reading.missing.remove(streamArn);
        StreamSource.Stream stream = found.get();
        int copied = 0;
        for (StreamSource.Shard shard : stream.shards()) {
            copied += readShard(s, log, stream, shard, reading);
        }
        checkpointIfDue(s, log, reading);
        return copied;
    }

    private int readShard(DeliveryStream s, ShardLog log, StreamSource.Stream stream, StreamSource.Shard shard,
                          Reading reading) {
        String key = SourcePosition.shardKey(stream.incarnation(), shard.shardId());
        if (reading.ended.contains(key) || !isParentDone(stream, shard.parentShardId(), reading)
                || !isParentDone(stream, shard.adjacentParentShardId(), reading)) {
            return 0;
        }
        Long position = reading.positions.get(key);
        if (position == null) {
            position = source.startPosition(stream.arn(), stream.incarnation(), shard.shardId(),
                    StreamSource.Start.AT_TIMESTAMP, s.createdMs()).orElse(null);
            if (position == null) {
                return 0;
            }
        }
        int copied = 0;
        for (int i = 0; i < READS_PER_SHARD_PER_PASS; i++) {
            StreamSource.Batch batch = join(source.read(stream.arn(), stream.incarnation(), shard.shardId(), position,
                    READ_RECORDS, READ_BYTES));
            long trimmed = SourcePosition.trimmedBefore(position, batch.records().isEmpty() ? -1
                    : batch.records().get(0).nextPosition(), batch.nextPosition());
            if (trimmed > 0) { // Firehose reads on from the trim horizon; the records before it are lost
                metrics.expired(s.name(), trimmed);
                LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                        "Firehose {}: {} records of {} shard {} (positions {}..{}) were trimmed from the source stream"
                        + " before they were read and are given up", s.name(), trimmed, stream.arn(), shard.shardId(),
                        position, position + trimmed - 1);
            }
            if (!batch.records().isEmpty()) {
                int count = append(s, log, stream.incarnation(), shard.shardId(), batch.records());
                if (count < 0) {
                    return copied; // refused by storage: the same records are read again next pass
                }
                copied += count;
            }
            if (batch.nextPosition() != position) {
                reading.positions.put(key, batch.nextPosition());
                reading.isChanged = true;
                position = batch.nextPosition();
            }
            if (batch.isShardEnd()) {
                reading.ended.add(key);
                return copied;
            }
            if (batch.records().isEmpty() || batch.millisBehindLatest() == 0) {
                return copied;
            }
        }
        return copied;
    }

    /** A parent is done once read to its end, or when the stream no longer lists it (trimmed away). */
    private static boolean isParentDone(StreamSource.Stream stream, String parentId, Reading reading) {
        return parentId == null || stream.shard(parentId).isEmpty()
                || reading.ended.contains(SourcePosition.shardKey(stream.incarnation(), parentId));
    }

    /** Appends one read's user records as one append; their count, or -1 when storage refused them. */
    private int append(DeliveryStream s, ShardLog log, long streamIncarnation, String shardId,
                       List<StreamSource.Record> records) {
        long now = clock.millis();
        List<AppendRecord> out = new ArrayList<>(records.size());
        long bytes = 0;
        for (StreamSource.Record r : records) {
            byte[] key = SourcePosition.recordKey(streamIncarnation, shardId, r.nextPosition());
            for (KplAggregate.UserRecord u : KplAggregate.deaggregate(r.partitionKey(), r.data())) {
                KinesisRecordMetadata metadata = new KinesisRecordMetadata(shardId, u.partitionKey(),
                        r.arrivalTimestampMs(), r.sequenceNumber(), u.isAggregated() ? u.subSequenceNumber() : -1);
                out.add(AppendRecord.of(key, metadata.toAttributes(), u.data(), now));
                bytes += u.data().length;
            }
        }
        AppendResult result = log.append(out).join();
        if (!result.isOk()) {
            LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                    "Firehose {}: records read from shard {} were not stored ({}); reading them again",
                    s.name(), shardId, result.status());
            return -1;
        }
        appended.appended(s.name(), out.size(), bytes);
        return out.size();
    }

    /** Saves the positions now and then (not per read: the records' keys carry them in between). */
    private void checkpointIfDue(DeliveryStream s, ShardLog log, Reading reading) {
        long now = clock.millis();
        if (!reading.isChanged || now - reading.checkpointedMs < CHECKPOINT_EVERY_MS) {
            return;
        }
        AppendResult r = events.append(List.of(new SourceCheckpointed(s.name(), s.incarnation(), log.endPosition(),
                reading.positions))).join();
        if (r.isOk()) {
            reading.isChanged = false;
            reading.checkpointedMs = now;
        }
    }

    /** The positions of the last checkpoint, moved on by the keys of the records appended after it. */
    private Reading recover(DeliveryStream s, ShardLog log) {
        Optional<SourceCheckpointed> checkpoint = registry.sourceCheckpoint(s.name(), s.incarnation());
        Map<String, Long> positions = new HashMap<>(checkpoint.map(SourceCheckpointed::positions).orElse(Map.of()));
        long position = Math.max(log.startPosition(), checkpoint.map(SourceCheckpointed::logEnd).orElse(0L));
        long end = log.endPosition();
        while (position < end) {
            ReadResult read = log.read(position, READ_RECORDS, READ_BYTES);
            if (read.status() != ReadResult.Status.OK || read.records().isEmpty()) {
                throw new IllegalStateException("records " + position + ".." + end + " of " + log.id()
                        + " cannot be read (" + read.status() + " " + read.detail() + ")");
            }
            for (StoredRecord r : read.records()) {
                SourcePosition.parse(r.key()).ifPresent(p -> positions.put(p.shardKey(), p.nextPosition()));
                position = r.position() + 1;
            }
        }
        Reading reading = new Reading(s.incarnation(), positions, clock.millis());
        reading.isChanged = position > checkpoint.map(SourceCheckpointed::logEnd).orElse(0L);
        return reading;
    }

    private static StreamSource.Batch join(java.util.concurrent.CompletableFuture<StreamSource.Batch> read) {
        try {
            return read.get(READ_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a read of the Kinesis stream failed: " + e.getMessage(), e);
        }
    }
}
