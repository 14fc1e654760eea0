package io.riffle.firehose.delivery;

import io.riffle.firehose.data.RecordIds;
import io.riffle.firehose.processing.ErrorRecords;
import io.riffle.firehose.processing.KinesisRecordMetadata;
import io.riffle.firehose.processing.RecordProcessor;
import io.riffle.firehose.http.HttpDestination;
import io.riffle.firehose.s3.Compression;
import io.riffle.firehose.s3.ObjectKeys;
import io.riffle.firehose.s3.S3Backup;
import io.riffle.firehose.s3.S3Destination;
import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.control.DeliveryStream.PlannedObject;
import io.riffle.firehose.control.DeliveryStreamControl;
import io.riffle.firehose.control.DeliveryStreamEvent;
import io.riffle.firehose.control.DeliveryStreamEvent.ObjectDelivered;
import io.riffle.firehose.control.DeliveryStreamEvent.ObjectPlanned;
import io.riffle.firehose.control.DeliveryStreamEvent.RecordsExpired;
import io.riffle.firehose.control.DeliveryStreamRegistry;
import io.riffle.firehose.control.Destinations;
import io.riffle.firehose.control.KinesisSources;
import io.riffle.metadata.EventLog;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every ACTIVE delivery stream's buffered records to its S3 destination, exactly once:
 * <ol>
 *   <li>the buffer is the records after the stream's delivery checkpoint in its log; it is due when it
 *       holds BufferingHints.SizeInMBs or more, or its oldest record arrived IntervalInSeconds ago or
 *       more (by the injected clock), or a flush was asked for;</li>
 *   <li>the object's record range, bucket and key are appended as {@link ObjectPlanned} and made
 *       durable <em>before</em> the upload; the key's times come from the oldest record's arrival time,
 *       its unique part from the range, so the same plan always gives the same key and bytes;</li>
 *   <li>the object is built from exactly that range and uploaded; only once the store has it is
 *       {@link ObjectDelivered} appended, which moves the checkpoint. An upload that fails is retried,
 *       same key, same bytes, with a backoff doubling up to a minute; a crash at any point is a retry
 *       after the restart. Nothing is lost and no object is written under two keys.</li>
 * </ol>
 *
 * <p>Threads: {@link #runOnce} is called by one delivery thread only (the uploads block there); the
 * state below it is that thread's, but for {@link #flushRequests} and {@link #wakeups}, which any thread sets.
 */
public final class Deliverer {
    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    private static final int READ_BATCH_RECORDS = 1_000;
    private static final long MAX_BACKOFF_MS = 60_000;

    private final EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events;
    private final DeliveryStreamRegistry registry;
    private final LogStore store;
    private final ObjectStore objects;
    private final InstantSource clock;
    private final long firstBackoffMs;
    private final Map<String, Buffer> buffers = new HashMap<>();
    private final Map<String, Failing> failing = new HashMap<>();
    private final Set<String> flushRequests = ConcurrentHashMap.newKeySet();
    private final DeliveryMetrics metrics;
    private final RecordProcessor processor;
    private final HttpEndpointDelivery httpEndpoint;
    private final PartitionedDelivery partitioned;
    private final DeliveryTracker tracker = new DeliveryTracker();

    /** What this thread knows of a stream's buffer beyond its checkpoint (rebuilt from the log when lost). */
    private static final class Buffer {
        final long incarnation;
        long from;
        long scannedTo;
        long bytes;
        long oldestArrivalMs = -1;
        long sizeReachedAt = -1;

        Buffer(long incarnation, long from) {
            this.incarnation = incarnation;
            this.from = from;
            this.scannedTo = from;
        }
    }

    /** A stream whose uploads fail: when to try again, and whether the failure was logged. */
    private record Failing(long nextAttemptMs, long backoffMs, int attempts) {
    }

    public Deliverer(EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events,
                     DeliveryStreamRegistry registry, LogStore store, ObjectStore objects, InstantSource clock,
                     long firstBackoffMs, DeliveryMetrics metrics, RecordProcessor processor,
                     int maxActivePartitions) {
        this.events = events;
        this.registry = registry;
        this.store = store;
        this.objects = objects;
        this.clock = clock;
        this.firstBackoffMs = firstBackoffMs;
        this.metrics = metrics;
        this.processor = processor;
        this.httpEndpoint = new HttpEndpointDelivery(objects, tracker);
        this.partitioned = new PartitionedDelivery(events, registry, objects, clock, metrics, processor,
                maxActivePartitions, tracker);
    }

    /** The buffer fill and last deliveries this thread publishes. */
    public DeliveryTracker tracker() {
        return tracker;
    }

    /** Asks for the stream's buffer to be delivered at the next run whatever its size and age ("flush now"). */
    public void requestFlush(String name) {
        flushRequests.add(name);
    }

    /** Checks every stream once, delivering what is due; returns how many objects were delivered. */
    public int runOnce() {
        int delivered = 0;
        Set<String> seen = new HashSet<>();
        for (DeliveryStream s : registry.all()) {
            seen.add(s.name());
            if (!s.isActive() && s.planned() == null) {
                continue;
            }
            try {
                delivered += deliver(s);
                tracker.buffered(s.name(), isPartitioned(s) ? partitioned.fills(s.name()) : fill(s));
            } catch (RuntimeException e) {
                LOG.atError().addKeyValue("deliveryStream", s.name()).log(
                        "delivery of Firehose {} failed unexpectedly; retrying", s.name(), e);
            }
        }
        buffers.keySet().retainAll(seen);
        failing.keySet().retainAll(seen);
        partitioned.retainAll(seen);
        tracker.retainAll(seen);
        return delivered;
    }

    /** The records scanned after the checkpoint and not yet planned into an object, as the last pass saw them. */
    private List<DeliveryTracker.BufferFill> fill(DeliveryStream s) {
        Buffer b = buffers.get(s.name());
        if (b == null || b.incarnation != s.incarnation() || b.scannedTo <= b.from) {
            return List.of();
        }
        return List.of(new DeliveryTracker.BufferFill(null, b.scannedTo - b.from, b.bytes, b.oldestArrivalMs));
    }

    private int deliver(DeliveryStream s) {
        long now = clock.millis();
        Failing f = failing.get(s.name());
        if (f != null && now < f.nextAttemptMs()) {
            return 0;
        }
        ShardLog log = store.get(DeliveryStreamControl.recordLogId(s)).orElse(null);
        if (log == null) {
            return 0;
        }
        if (log.startPosition() > s.deliveredTo()) {
            s = expired(s, log);
            if (s == null) {
                return 0;
            }
        }
        if (isPartitioned(s)) {
            return partitioned.deliver(s, log, now, flushRequests.remove(s.name()), attempts);
        }
        int delivered = 0;
        DeliveryStream current = s;
        while (true) {
            if (current.planned() != null) {
                PlannedObject again = replanned(current, log, current.planned(), now);
                if (again != null) {
                    AppendResult r = events.append(List.of(new ObjectPlanned(current.name(), current.incarnation(),
                            again))).join();
                    if (!r.isOk()) {
                        return delivered;
                    }
                    current = registry.get(s.name()).orElse(null);
                    if (current == null || current.incarnation() != s.incarnation()) {
                        return delivered;
                    }
                    continue;
                }
                if (!upload(current, log, current.planned())) {
                    return delivered;
                }
                delivered++;
                current = registry.get(s.name()).orElse(null);
                if (current == null || current.incarnation() != s.incarnation()) {
                    return delivered;
                }
                continue;
            }
            if (!current.isActive()) {
                return delivered;
            }
            PlannedObject plan = planIfDue(current, log, now);
            if (plan == null) {
                return delivered;
            }
            AppendResult r = events.append(List.of(new ObjectPlanned(current.name(), current.incarnation(), plan))).join();
            if (!r.isOk()) {
                LOG.atWarn().addKeyValue("deliveryStream", current.name()).log(
                        "Firehose {}: the next object could not be planned ({}); retrying", current.name(), r.status());
                return delivered;
            }
            current = registry.get(s.name()).orElse(null);
            if (current == null || current.incarnation() != s.incarnation() || current.planned() == null) {
                return delivered;
            }
        }
    }

    /**
     * The records between the checkpoint and the log's start passed its retention undelivered (the destination failed
     * for a day): as Firehose drops DirectPut data it could not deliver in 24 hours, they are given up, counted and
     * logged, and delivery goes on with the oldest record kept. With dynamic partitioning some of them may have been
     * delivered in another partition's object already; they are counted too (the log no longer says which). Returns
     * the stream after the checkpoint moved, or null to try again next pass.
     */
    private DeliveryStream expired(DeliveryStream s, ShardLog log) {
        long horizon = log.startPosition();
        AppendResult r = events.append(List.of(new RecordsExpired(s.name(), s.incarnation(), horizon))).join();
        if (!r.isOk()) {
            return null;
        }
        long count = horizon - s.deliveredTo();
        metrics.expired(s.name(), count);
        tracker.delivered(s.name(), new DeliveryTracker.Delivery(Destinations.isHttpEndpoint(s.destination())
                ? PlannedObject.HTTP_ENDPOINT : PlannedObject.S3, "(retention)", count, 0, clock.millis(),
                "RecordsExpired", "passed the record log's retention undelivered"));
        partitioned.forget(s.name()); // its buffers know only the incarnation; this thread's own see the checkpoint
        LOG.atWarn().addKeyValue("deliveryStream", s.name()).addKeyValue("expiredRecords", count).log(
                "Firehose {}: {} records (log positions {}..{}) passed the retention of {} s undelivered and are "
                + "dropped, as Firehose drops data it could not deliver in 24 hours; delivery goes on from the oldest "
                + "record kept. Check the destination: {}", s.name(), count, s.deliveredTo(), horizon - 1,
                log.retentionMs() / 1000, s.planned() == null ? "no object was planned" : "the last planned object was "
                + s.planned().bucket() + "/" + s.planned().key());
        DeliveryStream current = registry.get(s.name()).orElse(null);
        return current == null || current.incarnation() != s.incarnation() ? null : current;
    }

    /** Whether the stream's destination buffers per dynamic partition ({@link PartitionedDelivery}). */
    private static boolean isPartitioned(DeliveryStream s) {
        return !Destinations.isHttpEndpoint(s.destination())
                && S3Destination.of(Destinations.fromJson(s.destination())).isDynamicPartitioning();
    }

    /** How the partitioned uploads end: the same retries and logs as the others'. */
    private final PartitionedDelivery.Attempts attempts = new PartitionedDelivery.Attempts() {
        @Override
        public void failed(DeliveryStream s, PlannedObject plan, int records, Exception e) {
            uploadFailed(s, plan, records, e);
        }

        @Override
        public void checkpointFailed(DeliveryStream s, PlannedObject plan, String status) {
            Deliverer.this.checkpointFailed(s, plan, status);
        }

        @Override
        public void succeeded(DeliveryStream s) {
            worksAgain(s);
        }
    };

    /** The next object when the buffer is due, else null. */
    private PlannedObject planIfDue(DeliveryStream s, ShardLog log, long now) {
        boolean isHttp = Destinations.isHttpEndpoint(s.destination());
        HttpDestination http = isHttp ? HttpDestination.of(Destinations.httpFromJson(s.destination()), true) : null;
        S3Destination destination = isHttp ? null : S3Destination.of(Destinations.fromJson(s.destination()));
        long sizeBytes = isHttp ? http.sizeBytes() : destination.sizeBytes();
        long intervalMs = isHttp ? http.intervalMs() : destination.intervalMs();
        Buffer b = buffers.get(s.name());
        if (b == null || b.incarnation != s.incarnation() || b.from != s.deliveredTo()) {
            b = new Buffer(s.incarnation(), s.deliveredTo());
            buffers.put(s.name(), b);
        }
        while (b.sizeReachedAt < 0 && b.scannedTo < log.endPosition()) {
            ReadResult read = log.read(b.scannedTo, READ_BATCH_RECORDS, 4L << 20);
            if (read.status() != ReadResult.Status.OK || read.records().isEmpty()) {
                break;
            }
            for (StoredRecord r : read.records()) {
                if (b.oldestArrivalMs < 0) {
                    b.oldestArrivalMs = r.arrivalTimestampMs();
                }
                b.bytes += r.data().remaining();
                b.scannedTo = r.position() + 1;
                if (b.bytes >= sizeBytes) {
                    b.sizeReachedAt = b.scannedTo;
                    break;
                }
            }
        }
        boolean isFlush = flushRequests.remove(s.name());
        long to;
        if (b.sizeReachedAt >= 0) {
            to = b.sizeReachedAt;
        } else if (b.scannedTo > b.from && (isFlush || now - b.oldestArrivalMs >= intervalMs)) {
            to = b.scannedTo;
        } else {
            return null;
        }
        buffers.remove(s.name());
        return plan(s, b.from, to, b.oldestArrivalMs, now);
    }

    /** The object of the records [from, to) for the stream's destination, its key from the oldest's arrival. */
    private static PlannedObject plan(DeliveryStream s, long from, long to, long oldestArrivalMs, long now) {
        Instant oldest = Instant.ofEpochMilli(oldestArrivalMs);
        long seed = (s.incarnation() * 1_000_003L) ^ from;
        String uuid = UUID.nameUUIDFromBytes((s.arn() + "/" + s.incarnation() + "/" + from)
                .getBytes(StandardCharsets.UTF_8)).toString();
        if (Destinations.isHttpEndpoint(s.destination())) { // the key is the AllData backup's; the request id too
            HttpDestination http = HttpDestination.of(Destinations.httpFromJson(s.destination()), true);
            String key = ObjectKeys.prefix(http.backupPrefix(), "S3Configuration.Prefix", false, oldest, http.zone(),
                    null, seed) + ObjectKeys.fileName(s.name(), s.versionId(), oldest, http.zone(), uuid,
                    http.backupCompression().extension());
            return new PlannedObject(from, to, http.backupBucket(), key, http.backupCompression().wireName(), now,
                    null, PlannedObject.HTTP_ENDPOINT);
        }
        S3Destination destination = S3Destination.of(Destinations.fromJson(s.destination()));
        String key = ObjectKeys.prefix(destination.prefix(), "Prefix", false, oldest, destination.zone(), null, seed)
                + ObjectKeys.fileName(s.name(), s.versionId(), oldest, destination.zone(), uuid, destination.extension());
        return new PlannedObject(from, to, destination.bucket(), key, destination.compression().wireName(), now, null,
                PlannedObject.S3);
    }

    /**
     * An object planned for the destination type UpdateDestination replaced: the same records planned again for the
     * new one (nothing of them was delivered, as the checkpoint has not passed them), or null when it still fits.
     */
    private PlannedObject replanned(DeliveryStream s, ShardLog log, PlannedObject plan, long now) {
        String type = Destinations.isHttpEndpoint(s.destination()) ? PlannedObject.HTTP_ENDPOINT : PlannedObject.S3;
        if (plan.isFor(type) || plan.partition() != null) {
            return null;
        }
        ReadResult first = log.read(plan.fromPosition(), 1, 8L << 20);
        long oldest = first.status() == ReadResult.Status.OK && !first.records().isEmpty()
                ? first.records().get(0).arrivalTimestampMs() : plan.plannedMs();
        return plan(s, plan.fromPosition(), plan.toPosition(), oldest, now);
    }

    /** Builds the planned object from its range and puts it; true once the checkpoint moved past it. */
    private boolean upload(DeliveryStream s, ShardLog log, PlannedObject plan) {
        long started = clock.millis();
        List<RecordProcessor.Input> records = new ArrayList<>((int) Math.min(100_000,
                plan.toPosition() - plan.fromPosition()));
        long position = plan.fromPosition();
        while (position < plan.toPosition()) {
            ReadResult read = log.read(position, (int) Math.min(READ_BATCH_RECORDS, plan.toPosition() - position),
                    8L << 20);
            if (read.status() != ReadResult.Status.OK || read.records().isEmpty()) {
                LOG.atError().addKeyValue("deliveryStream", s.name()).log(
                        "Firehose {}: records {}..{} of the planned object {} cannot be read ({} {}); retrying",
                        s.name(), position, plan.toPosition(), plan.key(), read.status(), read.detail());
                fail(s.name());
                return false;
            }
            for (StoredRecord r : read.records()) {
                if (r.position() >= plan.toPosition()) {
                    break;
                }
                records.add(new RecordProcessor.Input(RecordIds.of(s.incarnation(), r.position()),
                        r.arrivalTimestampMs(), r.dataBytes(), KinesisRecordMetadata.of(r.attributes())));
                position = r.position() + 1;
            }
        }
        long oldestArrival = records.isEmpty() ? plan.plannedMs() : records.get(0).arrivalMs();
        if (Destinations.isHttpEndpoint(s.destination())) {
            return uploadToHttpEndpoint(s, plan, records, oldestArrival, started);
        }
        S3Destination destination = S3Destination.of(Destinations.fromJson(s.destination()));
        Compression compression = Compression.fromWire(plan.compression()).orElse(Compression.UNCOMPRESSED);
        String entry = plan.key().substring(plan.key().lastIndexOf('/') + 1);
        String entryName = entry.endsWith(compression.extension())
                ? entry.substring(0, entry.length() - compression.extension().length()) : entry;
        RecordProcessor.Output processed = destination.processing().isNone()
                ? new RecordProcessor.Output(records.stream().map(RecordProcessor.Input::data).toList(), List.of())
                : processor.process(destination.processing(), s.arn(), KinesisSources.streamArn(s), records);
        S3Backup backup = S3Backup.of(Destinations.fromJson(s.destination()));
        try {
            if (backup != null) { // the source records, untransformed, before the object: a retry rewrites both
                String baseName = entry.endsWith(destination.extension())
                        ? entry.substring(0, entry.length() - destination.extension().length()) : entry;
                objects.put(backup.bucket(), backup.key(baseName, Instant.ofEpochMilli(oldestArrival),
                        plan.fromPosition()), backup.compression().encode(records.stream()
                        .map(RecordProcessor.Input::data).toList(), baseName), null);
            }
            if (!processed.delivered().isEmpty()) {
                objects.put(plan.bucket(), plan.key(), compression.encode(processed.delivered(), entryName), null);
            }
            putErrors(destination, plan, PartitionBuffers.PROCESSING_FAILED, processed.failed(),
                    destination.processing().lambdaArn(), oldestArrival, entry, entryName, compression);
        } catch (IOException | RuntimeException e) {
            uploadFailed(s, plan, records.size(), e);
            return false;
        }
        if (!checkpoint(s, plan)) {
            return false;
        }
        long bytesOut = 0;
        for (byte[] record : processed.delivered()) {
            bytesOut += record.length;
        }
        metrics.delivered(s.name(), processed.delivered().size(), bytesOut, clock.millis() - oldestArrival,
                clock.millis() - started);
        tracker.delivered(s.name(), DeliveryTracker.Delivery.succeeded(PlannedObject.S3, plan.bucket() + "/"
                + plan.key(), processed.delivered().size(), bytesOut, clock.millis()));
        long bytesIn = records.stream().mapToLong(in -> in.data().length).sum();
        if (backup != null) {
            metrics.backedUp(s.name(), records.size(), bytesIn);
        }
        if (!destination.processing().isNone()) {
            metrics.processed(s.name(), records.size() - processed.failed().size(), bytesIn
                    - processed.failed().stream().mapToLong(f -> f.record().data().length).sum());
        }
        return true;
    }

    /** Records that the planned object is delivered (the checkpoint moves past it); false when that failed. */
    private boolean checkpoint(DeliveryStream s, PlannedObject plan) {
        AppendResult r = events.append(List.of(new ObjectDelivered(s.name(), s.incarnation(), plan.toPosition()))).join();
        if (!r.isOk()) {
            checkpointFailed(s, plan, r.status().toString());
            return false;
        }
        worksAgain(s);
        return true;
    }

    private void uploadFailed(DeliveryStream s, PlannedObject plan, int records, Exception e) {
        Failing f = fail(s.name());
        if (f.attempts() == 1) {
            LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                    "Firehose {}: delivering {} ({} records) to {} failed, retrying until it succeeds: {}",
                    s.name(), plan.key(), records, objects.describe(), e.getMessage());
        }
        metrics.failed(s.name());
        tracker.delivered(s.name(), new DeliveryTracker.Delivery(PlannedObject.S3, plan.bucket() + "/" + plan.key(),
                records, 0, clock.millis(), "S3.PutObjectFailed", e.getMessage()));
    }

    private void checkpointFailed(DeliveryStream s, PlannedObject plan, String status) {
        LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                "Firehose {}: {} was delivered but its checkpoint not recorded ({}); it will be written again"
                + " with the same bytes", s.name(), plan.key(), status);
        fail(s.name());
    }

    private void worksAgain(DeliveryStream s) {
        Failing was = failing.remove(s.name());
        if (was != null) {
            LOG.atInfo().addKeyValue("deliveryStream", s.name()).log(
                    "Firehose {}: delivering to {} works again after {} failed attempts", s.name(),
                    objects.describe(), was.attempts());
        }
    }

    /** An HttpEndpoint destination's batch ({@link HttpEndpointDelivery}); true once the checkpoint moved. */
    private boolean uploadToHttpEndpoint(DeliveryStream s, PlannedObject plan, List<RecordProcessor.Input> records,
                                         long oldestArrival, long started) {
        HttpDestination http = HttpDestination.of(Destinations.httpFromJson(s.destination()), true);
        RecordProcessor.Output processed = http.processing().isNone()
                ? new RecordProcessor.Output(records.stream().map(RecordProcessor.Input::data).toList(), List.of())
                : processor.process(http.processing(), s.arn(), KinesisSources.streamArn(s), records);
        long waitMs;
        try {
            waitMs = httpEndpoint.attempt(s, plan, http, records, processed, oldestArrival, clock.millis());
        } catch (IOException | RuntimeException e) {
            Failing f = fail(s.name());
            if (f.attempts() == 1) {
                LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                        "Firehose {}: backing up to {} failed, retrying until it succeeds: {}", s.name(),
                        objects.describe(), e.getMessage());
            }
            return false;
        }
        if (waitMs > 0) {
            fail(s.name(), waitMs);
            metrics.failedToHttpEndpoint(s.name());
            return false;
        }
        if (!checkpoint(s, plan)) {
            return false;
        }
        if (waitMs == HttpEndpointDelivery.BACKED_UP) {
            return true;
        }
        long bytesOut = processed.delivered().stream().mapToLong(d -> d.length).sum();
        metrics.deliveredToHttpEndpoint(s.name(), processed.delivered().size(), bytesOut,
                clock.millis() - oldestArrival, clock.millis() - started);
        return true;
    }

    /** Writes failed records in Firehose's error format under the error prefix for {@code errorOutputType}. */
    private void putErrors(S3Destination destination, PlannedObject plan, String errorOutputType,
                           List<RecordProcessor.Failed> failed, String lambdaArn, long oldestArrival, String entry,
                           String entryName, Compression compression) throws IOException {
        if (failed.isEmpty()) {
            return;
        }
        String errorKey = ObjectKeys.prefix(destination.errorOutputPrefix().isEmpty() ? errorOutputType + "/"
                : destination.errorOutputPrefix(), "ErrorOutputPrefix", true, Instant.ofEpochMilli(oldestArrival),
                destination.zone(), errorOutputType, plan.fromPosition()) + entry;
        objects.put(plan.bucket(), errorKey, compression.encode(ErrorRecords.processingFailed(failed, lambdaArn),
                entryName), null);
    }

    private Failing fail(String name) {
        Failing before = failing.get(name);
        return fail(name, before == null ? firstBackoffMs : Math.min(MAX_BACKOFF_MS, before.backoffMs() * 2));
    }

    private Failing fail(String name, long backoffMs) {
        Failing before = failing.get(name);
        Failing f = new Failing(clock.millis() + backoffMs, backoffMs, before == null ? 1 : before.attempts() + 1);
        failing.put(name, f);
        return f;
    }
}
