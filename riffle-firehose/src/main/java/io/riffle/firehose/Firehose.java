package io.riffle.firehose;

import io.riffle.firehose.control.FirehoseSettings;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.firehose.FirehoseService.Handler;
import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.control.DeliveryStreamControl;
import io.riffle.firehose.control.DeliveryStreamEvent;
import io.riffle.firehose.control.DeliveryStreamRegistry;
import io.riffle.firehose.data.RecordOperations;
import io.riffle.firehose.delivery.DeliveryMetrics;
import io.riffle.firehose.delivery.Deliverer;
import io.riffle.firehose.delivery.DeliveryTracker;
import io.riffle.firehose.delivery.ObjectStore;
import io.riffle.firehose.model.FirehoseOperations;
import io.riffle.firehose.processing.RecordProcessor;
import io.riffle.firehose.source.KinesisSourceReader;
import io.riffle.functions.FunctionInvoker;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.metadata.EventCodec;
import io.riffle.metadata.EventLog;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import io.riffle.storage.ShardLog;
import java.io.IOException;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firehose wired on a store: the delivery streams' event log ({@value #EVENT_LOG}, the metadata kit),
 * their record logs ({@code fh-<incarnation>}), the operations the {@link FirehoseService} serves, and
 * the delivery thread ({@code riffle-firehose-delivery}), which runs {@link Deliverer#runOnce} every
 * delivery tick and soon after records arrive.
 */
public final class Firehose implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Firehose.class);
    /** The metadata kit's log of the delivery streams (exempt from storage's BUSY refusals, like _meta). */
    public static final String EVENT_LOG = "_firehose";
    /** How often Kinesis-sourced delivery streams look for new records in their streams' shards. */
    private static final long SOURCE_POLL_MS = 200;

    private final EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events;
    private final DeliveryStreamRegistry registry;
    private final DeliveryStreamControl control;
    private final RecordOperations records;
    private final Deliverer deliverer;
    private final ObjectStore objects;
    private final ScheduledExecutorService deliveryThread;
    private final AtomicBoolean isWakeupQueued = new AtomicBoolean();
    private final boolean isDeliveringByItself;
    private final KinesisSourceReader sourceReader;
    private final ScheduledExecutorService sourceThread;
    private final boolean isPlainHttpAllowed;
    private final InstantSource clock;

    private Firehose(EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events,
                     DeliveryStreamRegistry registry, LogStore store, FirehoseSettings settings, InstantSource clock,
                     ObjectStore objects, DeliveryMetrics metrics, StreamSource streams, FunctionInvoker functions,
                     boolean isDeliveryThreadRunning) {
        this.events = events;
        this.registry = registry;
        this.objects = objects;
        this.isPlainHttpAllowed = settings.isPlainHttpAllowed();
        this.clock = clock;
        this.control = new DeliveryStreamControl(events, registry, store, settings, clock,
                arn -> streams != null && streams.stream(arn).isPresent());
        this.deliverer = new Deliverer(events, registry, store, objects, clock, settings.retryBackoffMs(), metrics,
                new RecordProcessor(functions, settings.region(), clock, metrics), settings.maxActivePartitions());
        this.deliveryThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-firehose-delivery");
            t.setDaemon(true);
            return t;
        });
        this.isDeliveringByItself = isDeliveryThreadRunning;
        RecordOperations.Appended appended = new RecordOperations.Appended() {
            @Override
            public void appended(String name, int count, long bytes) {
                metrics.incoming(name, count, bytes);
                wake();
            }

            @Override
            public void throttled(String name, int count) {
                metrics.throttled(name, count);
            }
        };
        this.records = new RecordOperations(control, store, settings, clock, appended);
        this.sourceReader = streams == null ? null
                : new KinesisSourceReader(events, registry, store, streams, clock, appended, metrics);
        this.sourceThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-firehose-source");
            t.setDaemon(true);
            return t;
        });
        if (isDeliveryThreadRunning) {
            deliveryThread.scheduleWithFixedDelay(this::deliverSafely, settings.deliveryTickMs(),
                    settings.deliveryTickMs(), TimeUnit.MILLISECONDS);
            if (sourceReader != null) {
                sourceThread.scheduleWithFixedDelay(this::readSourcesSafely, SOURCE_POLL_MS, SOURCE_POLL_MS,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Opens Firehose on {@code store}: replays the delivery streams, removes record logs no stream owns
     * (left by a create whose event never became durable) and starts delivering.
     *
     * @param streams the Kinesis streams KinesisStreamAsSource delivery streams read (null: that type is refused)
     * @param functions the invoker of the Lambda processors' functions (shared with the triggers; null: their
     *                  records fail to {@code processing-failed/})
     * @param isDeliveryThreadRunning false in tests that drive delivery themselves ({@link #deliverNow})
     */
    public static Firehose open(LogStore store, FirehoseSettings settings, InstantSource clock, ObjectStore objects,
                                MetricsRegistry metricsRegistry, StreamSource streams, FunctionInvoker functions,
                                boolean isDeliveryThreadRunning) throws IOException {
        EventCodec<DeliveryStreamEvent> codec = EventCodec.builder(DeliveryStreamEvent.class)
                .event(DeliveryStreamEvent.Created.class).event(DeliveryStreamEvent.Activated.class)
                .event(DeliveryStreamEvent.Deleting.class).event(DeliveryStreamEvent.Deleted.class)
                .event(DeliveryStreamEvent.DestinationUpdated.class).event(DeliveryStreamEvent.TagsSet.class)
                .event(DeliveryStreamEvent.EncryptionSet.class).event(DeliveryStreamEvent.ObjectPlanned.class)
                .event(DeliveryStreamEvent.ObjectDelivered.class).event(DeliveryStreamEvent.SourceCheckpointed.class)
                .event(DeliveryStreamEvent.RecordsExpired.class)
                .build();
        DeliveryStreamRegistry registry = new DeliveryStreamRegistry(settings.createDelayMs(), settings.deleteDelayMs(),
                gone -> deleteLog(store, DeliveryStreamControl.recordLogId(gone)));
        EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events = EventLog.open(store, EVENT_LOG, codec,
                registry, SnapshotPolicy.DEFAULT, clock);
        Set<String> owned = new HashSet<>();
        for (DeliveryStream s : registry.all()) {
            String id = DeliveryStreamControl.recordLogId(s);
            owned.add(id);
            store.get(id).ifPresent(log -> log.setRetentionMs(settings.recordRetentionMs()));
        }
        for (String id : store.logIds()) {
            if (id.startsWith("fh-") && !owned.contains(id)) {
                deleteLog(store, id);
            }
        }
        DeliveryMetrics metrics = new DeliveryMetrics(metricsRegistry,
                () -> registry.all().stream().map(DeliveryStream::name).toList());
        Firehose firehose = new Firehose(events, registry, store, settings, clock, objects, metrics, streams,
                functions, isDeliveryThreadRunning);
        firehose.deliveryTracker().register(metricsRegistry, clock::millis);
        return firehose;
    }

    private static void deleteLog(LogStore store, String id) {
        try {
            store.delete(id);
        } catch (IOException e) {
            LOG.warn("the record log {} of a deleted Firehose delivery stream could not be deleted yet: {}", id,
                    e.getMessage());
        }
    }

    /** The operations, for {@link FirehoseService#attach}. */
    public List<Handler<?, ?>> handlers() {
        return List.of(
                Handler.of(FirehoseOperations.CREATE_DELIVERY_STREAM, control::create),
                Handler.of(FirehoseOperations.DELETE_DELIVERY_STREAM, control::delete),
                Handler.of(FirehoseOperations.DESCRIBE_DELIVERY_STREAM, control::describe),
                Handler.of(FirehoseOperations.LIST_DELIVERY_STREAMS, control::list),
                Handler.of(FirehoseOperations.UPDATE_DESTINATION, control::updateDestination),
                Handler.of(FirehoseOperations.TAG_DELIVERY_STREAM, control::tag),
                Handler.of(FirehoseOperations.UNTAG_DELIVERY_STREAM, control::untag),
                Handler.of(FirehoseOperations.LIST_TAGS_FOR_DELIVERY_STREAM, control::listTags),
                Handler.of(FirehoseOperations.START_DELIVERY_STREAM_ENCRYPTION, control::startEncryption),
                Handler.of(FirehoseOperations.STOP_DELIVERY_STREAM_ENCRYPTION, control::stopEncryption),
                Handler.of(FirehoseOperations.PUT_RECORD, records::putRecord),
                Handler.of(FirehoseOperations.PUT_RECORD_BATCH, records::putRecordBatch));
    }

    /** Whether HttpEndpoint URLs may be http or another port than 443 ({@code firehose-http-endpoint-plain-http}). */
    public boolean isPlainHttpAllowed() {
        return isPlainHttpAllowed;
    }

    public DeliveryStreamRegistry registry() {
        return registry;
    }

    public DeliveryStreamControl control() {
        return control;
    }

    /** The buffer fill and last deliveries the delivery thread publishes ({@link FirehoseAdmin#status}). */
    public DeliveryTracker deliveryTracker() {
        return deliverer.tracker();
    }

    InstantSource clock() {
        return clock;
    }

    public RecordOperations records() {
        return records;
    }

    /** Compacts the event log now (the kit also does it by its policy); for tests of snapshot round trips. */
    public CompletableFuture<Void> snapshotNow() {
        return events.snapshotNow();
    }

    /** Fires the timed transitions due by the clock now (tests with a manual clock). */
    public CompletableFuture<Integer> fireDueTimers() {
        return events.fireDueTimers();
    }

    /** "Flush now": delivers the stream's buffered records at once, whatever their size and age. */
    public CompletableFuture<Integer> flush(String name) {
        deliverer.requestFlush(name);
        return CompletableFuture.supplyAsync(deliverer::runOnce, deliveryThread);
    }

    /** Runs one delivery pass on the delivery thread and waits for it; returns the objects delivered. */
    public int deliverNow() {
        return CompletableFuture.supplyAsync(deliverer::runOnce, deliveryThread).join();
    }

    /** Reads the Kinesis-sourced delivery streams' shards once on the source thread; returns the records copied. */
    public int readSourcesNow() {
        return sourceReader == null ? 0 : CompletableFuture.supplyAsync(sourceReader::runOnce, sourceThread).join();
    }

    private void readSourcesSafely() {
        try {
            sourceReader.runOnce();
        } catch (RuntimeException e) {
            LOG.error("Firehose's Kinesis source pass failed; the next one retries", e);
        }
    }

    /** Records arrived: a pass soon, so a full buffer goes out without waiting for the tick (coalesced). */
    private void wake() {
        if (isDeliveringByItself && isWakeupQueued.compareAndSet(false, true)) {
            try {
                deliveryThread.execute(() -> {
                    isWakeupQueued.set(false);
                    deliverSafely();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                isWakeupQueued.set(false); // closing
            }
        }
    }

    private void deliverSafely() {
        try {
            deliverer.runOnce();
        } catch (RuntimeException e) {
            LOG.error("Firehose delivery pass failed; the next tick retries", e);
        }
    }

    @Override
    public void close() {
        stop(sourceThread);
        stop(deliveryThread);
        events.close();
        objects.close();
    }

    private static void stop(ScheduledExecutorService thread) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
