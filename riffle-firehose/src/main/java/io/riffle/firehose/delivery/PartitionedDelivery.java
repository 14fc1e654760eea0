package io.riffle.firehose.delivery;

import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.control.DeliveryStream.PlannedObject;
import io.riffle.firehose.control.DeliveryStreamEvent;
import io.riffle.firehose.control.DeliveryStreamEvent.ObjectDelivered;
import io.riffle.firehose.control.DeliveryStreamEvent.ObjectPlanned;
import io.riffle.firehose.control.DeliveryStreamRegistry;
import io.riffle.firehose.control.Destinations;
import io.riffle.firehose.control.KinesisSources;
import io.riffle.firehose.data.RecordIds;
import io.riffle.firehose.processing.ErrorRecords;
import io.riffle.firehose.processing.KinesisRecordMetadata;
import io.riffle.firehose.processing.RecordProcessor;
import io.riffle.firehose.s3.Compression;
import io.riffle.firehose.s3.ObjectKeys;
import io.riffle.firehose.s3.S3Backup;
import io.riffle.firehose.s3.S3Destination;
import io.riffle.metadata.EventLog;
import io.riffle.storage.AppendResult;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery of a dynamically partitioned S3 destination, a buffer per partition ({@link PartitionBuffers}), exactly
 * once: records are read from the stream's log as they arrive, processed and placed; a buffer that is due becomes an
 * {@link ObjectPlanned} naming its partition and the log range it covers ([its first record, the records placed so
 * far)), durable before the upload; once the store has the object, {@link ObjectDelivered} records the partition as
 * delivered to the range's end and moves the stream's checkpoint to the first record still buffered. After a crash
 * the records after the checkpoint are placed again, those of partitions delivered further left out, and a planned
 * object is rebuilt from its range (processed again, its partition's records taken).
 *
 * <p>Deviation (documented): a rebuilt object holds what the processors answer the second time; a Lambda whose
 * answer changes, or error records (their attempt time), can make its bytes differ from the first attempt's. Its
 * key does not change, and no record is lost or written twice.
 *
 * <p>Owned by the delivery thread.
 */
final class PartitionedDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionedDelivery.class);
    private static final int READ_BATCH_RECORDS = 1_000;
    /** The most a stream buffers in memory; past it the largest buffer is delivered whatever its hints. */
    private static final long MAX_BUFFERED_BYTES = 256L << 20;
    /**
     * The error output type of a partition's records that could not be put within the retry duration (Firehose
     * publishes none for this case; the name is ours).
     */
    static final String S3_FAILED = "s3-failed";

    /** How an upload ended, for the deliverer's retries and logs. */
    interface Attempts {
        void failed(DeliveryStream s, PlannedObject plan, int records, Exception e);

        void checkpointFailed(DeliveryStream s, PlannedObject plan, String status);

        void succeeded(DeliveryStream s);
    }

    private final EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events;
    private final DeliveryStreamRegistry registry;
    private final ObjectStore objects;
    private final InstantSource clock;
    private final DeliveryMetrics metrics;
    private final RecordProcessor processor;
    private final int maxActivePartitions;
    private final DeliveryTracker tracker;
    private final Map<String, PartitionBuffers> buffers = new HashMap<>();
    /** The planned object's records when this thread planned it (else rebuilt from its range). */
    private final Map<String, PartitionBuffers.Buffer> planned = new HashMap<>();
    /** Failed attempts at each stream's planned object, by this process (the error records' attemptsMade). */
    private final Map<String, Integer> failedAttempts = new HashMap<>();

    PartitionedDelivery(EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events,
                        DeliveryStreamRegistry registry, ObjectStore objects, InstantSource clock,
                        DeliveryMetrics metrics, RecordProcessor processor, int maxActivePartitions,
                        DeliveryTracker tracker) {
        this.events = events;
        this.registry = registry;
        this.objects = objects;
        this.clock = clock;
        this.metrics = metrics;
        this.processor = processor;
        this.maxActivePartitions = maxActivePartitions;
        this.tracker = tracker;
    }

    /** Forgets the streams not in {@code names}. */
    void retainAll(Set<String> names) {
        buffers.keySet().retainAll(names);
        planned.keySet().retainAll(names);
        failedAttempts.keySet().retainAll(names);
    }

    /** Forgets what was placed for the stream (records expired under it): placed again from the new checkpoint. */
    void forget(String name) {
        buffers.remove(name);
        planned.remove(name);
    }

    /** The stream's buffers as placed so far, each named by its kind and prefix. */
    List<DeliveryTracker.BufferFill> fills(String name) {
        PartitionBuffers b = buffers.get(name);
        return b == null ? List.of() : b.fills();
    }

    /** Places what arrived, delivers what is due; returns how many objects were delivered. */
    int deliver(DeliveryStream s, ShardLog log, long now, boolean isFlush, Attempts attempts) {
        PartitionBuffers b = buffers.get(s.name());
        if (b == null || b.incarnation != s.incarnation()) {
            b = new PartitionBuffers(s.incarnation(), s.deliveredTo(), maxActivePartitions);
            buffers.put(s.name(), b);
            planned.remove(s.name());
        }
        S3Destination destination = S3Destination.of(Destinations.fromJson(s.destination()));
        if (!place(s, b, log, destination)) {
            return 0;
        }
        int delivered = 0;
        DeliveryStream current = s;
        while (true) {
            PlannedObject plan = current.planned();
            if (plan != null) {
                if (!upload(current, b, log, plan, destination, attempts)) {
                    return delivered;
                }
                delivered++;
            } else {
                PartitionBuffers.Buffer due = current.isActive() ? b.nextDue(now, destination.sizeBytes(),
                        destination.intervalMs(), isFlush, MAX_BUFFERED_BYTES) : null;
                if (due == null) {
                    return delivered;
                }
                plan = plan(current, b, due, destination, now);
                AppendResult r = events.append(List.of(new ObjectPlanned(current.name(), current.incarnation(),
                        plan))).join();
                if (!r.isOk()) {
                    LOG.atWarn().addKeyValue("deliveryStream", current.name()).log(
                            "Firehose {}: the next object could not be planned ({}); retrying", current.name(),
                            r.status());
                    buffers.remove(s.name()); // placed again from the checkpoint next time
                    return delivered;
                }
                planned.put(s.name(), due);
                b.remove(due);
            }
            current = registry.get(s.name()).orElse(null);
            if (current == null || current.incarnation() != s.incarnation()) {
                return delivered;
            }
        }
    }

    /** Reads, processes and places the records after those placed; false when the log could not be read. */
    private boolean place(DeliveryStream s, PartitionBuffers b, ShardLog log, S3Destination destination) {
        PlannedObject pending = s.planned();
        ToLongFunction<String> delivered = id -> {
            long to = s.partitionsDeliveredTo().getOrDefault(id, 0L);
            return pending != null && id.equals(pending.partition()) ? Math.max(to, pending.toPosition()) : to;
        };
        boolean isDeliveringData = pending != null && pending.partition() != null
                && pending.partition().startsWith(PartitionBuffers.DATA);
        while (b.scannedTo() < log.endPosition() && b.bufferedBytes() < MAX_BUFFERED_BYTES) {
            List<RecordProcessor.Input> records = read(s, log, b.scannedTo(), log.endPosition());
            if (records == null) {
                return false;
            }
            if (records.isEmpty()) {
                break;
            }
            long to = RecordIds.position(records.get(records.size() - 1).recordId()) + 1;
            RecordProcessor.Output processed = processor.process(destination.processing(), s.arn(),
                    KinesisSources.streamArn(s), records);
            metrics.processed(s.name(), records.size() - processed.failed().size(), records.stream()
                    .mapToLong(r -> r.data().length).sum());
            b.place(records, processed, to, destination,
                    S3Backup.of(Destinations.fromJson(s.destination())), destination.processing().lambdaArn(),
                    delivered, isDeliveringData, clock.millis());
        }
        return true;
    }

    /** The log's records [from, to) in batches of at most {@link #READ_BATCH_RECORDS}; null when unreadable. */
    private List<RecordProcessor.Input> read(DeliveryStream s, ShardLog log, long from, long to) {
        ReadResult read = log.read(from, (int) Math.min(READ_BATCH_RECORDS, to - from), 4L << 20);
        if (read.status() != ReadResult.Status.OK) {
            LOG.atError().addKeyValue("deliveryStream", s.name()).log(
                    "Firehose {}: records from {} cannot be read ({} {}); retrying", s.name(), from, read.status(),
                    read.detail());
            return null;
        }
        List<RecordProcessor.Input> out = new ArrayList<>(read.records().size());
        for (StoredRecord r : read.records()) {
            if (r.position() >= to) {
                break;
            }
            out.add(new RecordProcessor.Input(RecordIds.of(s.incarnation(), r.position()), r.arrivalTimestampMs(),
                    r.dataBytes(), KinesisRecordMetadata.of(r.attributes())));
        }
        return out;
    }

    private PlannedObject plan(DeliveryStream s, PartitionBuffers b, PartitionBuffers.Buffer due,
                               S3Destination destination, long now) {
        Instant oldest = Instant.ofEpochMilli(due.oldestArrivalMs);
        String uuid = UUID.nameUUIDFromBytes((s.arn() + "/" + s.incarnation() + "/" + due.id + "/"
                + due.firstPosition).getBytes(StandardCharsets.UTF_8)).toString();
        if (due.id.startsWith(PartitionBuffers.BACKUP)) {
            S3Backup backup = S3Backup.of(Destinations.fromJson(s.destination()));
            String name = ObjectKeys.fileName(s.name(), s.versionId(), oldest, destination.zone(), uuid, null);
            return new PlannedObject(due.firstPosition, b.scannedTo(), backup.bucket(),
                    due.prefix() + name + backup.extension(), backup.compression().wireName(), now, due.id,
                    PlannedObject.S3);
        }
        String name = ObjectKeys.fileName(s.name(), s.versionId(), oldest, destination.zone(), uuid,
                destination.extension());
        return new PlannedObject(due.firstPosition, b.scannedTo(), destination.bucket(), due.prefix() + name,
                destination.compression().wireName(), now, due.id, PlannedObject.S3);
    }

    /** Puts the planned object; true once its delivery is recorded. */
    private boolean upload(DeliveryStream s, PartitionBuffers b, ShardLog log, PlannedObject plan,
                           S3Destination destination, Attempts attempts) {
        long started = clock.millis();
        PartitionBuffers.Buffer buffer = planned.get(s.name());
        if (buffer == null) {
            buffer = rebuild(s, log, plan, destination);
            if (buffer == null) {
                return false;
            }
            planned.put(s.name(), buffer);
        }
        List<byte[]> records = buffer.records;
        Compression compression = Compression.fromWire(plan.compression()).orElse(Compression.UNCOMPRESSED);
        String entry = plan.key().substring(plan.key().lastIndexOf('/') + 1);
        String entryName = entry.endsWith(compression.extension())
                ? entry.substring(0, entry.length() - compression.extension().length()) : entry;
        try {
            objects.put(plan.bucket(), plan.key(), compression.encode(records, entryName), null);
            failedAttempts.remove(s.name());
        } catch (IOException | RuntimeException e) {
            int failed = failedAttempts.merge(s.name(), 1, Integer::sum);
            if (!isRetryOver(plan, destination, started) || !putToErrorPrefix(s, plan, buffer, destination, entry,
                    entryName, compression, failed, e, attempts)) {
                attempts.failed(s, plan, records.size(), e);
                return false;
            }
        }
        AppendResult r = events.append(List.of(new ObjectDelivered(s.name(), s.incarnation(), b.checkpoint(),
                plan.partition(), plan.toPosition()))).join();
        if (!r.isOk()) {
            attempts.checkpointFailed(s, plan, r.status().toString());
            return false;
        }
        planned.remove(s.name());
        attempts.succeeded(s);
        long bytes = records.stream().mapToLong(d -> d.length).sum();
        tracker.delivered(s.name(), DeliveryTracker.Delivery.succeeded(PlannedObject.S3, plan.bucket() + "/"
                + plan.key(), records.size(), bytes, clock.millis()));
        long ageMs = clock.millis() - buffer.oldestArrivalMs;
        if (plan.partition().startsWith(PartitionBuffers.BACKUP)) {
            metrics.backedUp(s.name(), records.size(), bytes);
        } else if (plan.partition().startsWith(PartitionBuffers.DATA)) {
            metrics.delivered(s.name(), records.size(), bytes, ageMs, clock.millis() - started);
        }
        return true;
    }

    /**
     * Whether a data partition's object has failed for RetryOptions.DurationInSeconds since it was planned (its
     * first attempt): Firehose then stops retrying that prefix and writes the records under the error prefix.
     */
    private static boolean isRetryOver(PlannedObject plan, S3Destination destination, long now) {
        return plan.partition().startsWith(PartitionBuffers.DATA)
                && now - plan.plannedMs() >= destination.retryDurationSeconds() * 1000L;
    }

    /**
     * Writes a partition's records, which could not be put under their prefix within the retry duration, as error
     * records ({@value #S3_FAILED}) under the error prefix; true once there. A failure here is retried forever, as
     * Firehose retries its error output.
     */
    private boolean putToErrorPrefix(DeliveryStream s, PlannedObject plan, PartitionBuffers.Buffer buffer,
                                     S3Destination destination, String entry, String entryName,
                                     Compression compression, int attemptsMade, Exception cause,
                                     Attempts attempts) {
        long now = clock.millis();
        List<RecordProcessor.Failed> failed = new ArrayList<>(buffer.records.size());
        for (byte[] record : buffer.records) {
            failed.add(new RecordProcessor.Failed(new RecordProcessor.Input("", buffer.oldestArrivalMs, record),
                    attemptsMade, "S3.PutObjectFailed", "The object could not be put under " + plan.key()
                    + " within the retry duration of " + destination.retryDurationSeconds() + " s: "
                    + cause.getMessage(), now));
        }
        String key = ObjectKeys.prefix(destination.errorOutputPrefix(), "ErrorOutputPrefix", true,
                Instant.ofEpochMilli(buffer.oldestArrivalMs), destination.zone(), S3_FAILED, s.incarnation()) + entry;
        try {
            objects.put(plan.bucket(), key, compression.encode(ErrorRecords.processingFailed(failed, null), entryName),
                    null);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                "Firehose {}: {} could not be put within RetryOptions.DurationInSeconds ({} s, {} attempts); its {}"
                + " records are under the error prefix as {}", s.name(), plan.key(), destination.retryDurationSeconds(),
                attemptsMade, buffer.records.size(), key);
        failedAttempts.remove(s.name());
        return true;
    }

    /** The planned object's records after a restart: its range processed again, its partition's records taken. */
    private PartitionBuffers.Buffer rebuild(DeliveryStream s, ShardLog log, PlannedObject plan, S3Destination destination) {
        PartitionBuffers again = new PartitionBuffers(s.incarnation(), plan.fromPosition(), Integer.MAX_VALUE);
        long position = plan.fromPosition();
        while (position < plan.toPosition()) {
            List<RecordProcessor.Input> records = read(s, log, position, plan.toPosition());
            if (records == null || records.isEmpty()) {
                LOG.atError().addKeyValue("deliveryStream", s.name()).log(
                        "Firehose {}: records {}..{} of the planned object {} cannot be read; retrying", s.name(),
                        position, plan.toPosition(), plan.key());
                return null;
            }
            position = RecordIds.position(records.get(records.size() - 1).recordId()) + 1;
            again.place(records, processor.process(destination.processing(), s.arn(), KinesisSources.streamArn(s),
                    records), position,
                    destination, plan.partition().startsWith(PartitionBuffers.BACKUP)
                            ? S3Backup.of(Destinations.fromJson(s.destination())) : null,
                    destination.processing().lambdaArn(), id -> 0, false, clock.millis());
        }
        PartitionBuffers.Buffer buffer = again.get(plan.partition());
        return buffer == null ? new PartitionBuffers.Buffer(plan.partition(), plan.fromPosition(), plan.plannedMs())
                : buffer;
    }
}
