package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.metadata.EventLog;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ShardLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kinesis control plane over the metadata kit: the registry ({@link StreamRegistry}) is the
 * state machine of an {@link EventLog} of {@link KinesisEvent}s in the store's {@value #METADATA_LOG}
 * logs (generation 0 is the log main has always written; snapshots start {@code _meta.<g>}).
 *
 * <h2>Threads</h2>
 * Every change runs on the event log's thread ({@code riffle-metadata-_meta}), one at a time: a
 * command checks the registry and yields events; they are written as one batch, and only once
 * they are durable are they applied to the registry (so the next command sees them) and
 * answered, all on that thread, before the next command runs. Nothing here blocks on it and it
 * shares no lock with the event loops: {@link #submit} answers a future completed on that thread.
 * A change storage refuses (a full disk) changes nothing: see {@link #submit}. Timed transitions
 * (CREATING to ACTIVE, DELETING to gone, of streams and of their consumers alike, after the
 * stream delays) are the kit's timers, scheduled by the registry as it applies events, fired on
 * the same thread by the injected clock, tried again every second while storage refuses them.
 * A {@code riffle-control} thread only ticks on-demand scaling.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    /** The metadata log's id in the store (its snapshot generations are {@code _meta.<g>}). */
    public static final String METADATA_LOG = "_meta";
    /** A reshard step that storage refused is tried again after this. */
    static final long RETRY_MS = 1_000;
    private static final Pattern SHARD_LOG = Pattern.compile("s(\\d{1,18})-(\\d{1,9})");

    private final LogStore store;
    private final StreamRegistry registry;
    private final EventLog<RegistrySnapshot, KinesisEvent> events;
    private final KinesisSettings settings;
    private final LongSupplier clockMs;
    private final ScheduledThreadPoolExecutor scalingThread = scalingThread();
    private final ShardTraffic traffic = new ShardTraffic();
    private final ShardWakeups wakeups;
    /** Runs a due reshard's cut-over ({@link ReshardOperations}); told on the log's thread. */
    private volatile java.util.function.LongConsumer reshardDue = incarnation -> { };

    private static ScheduledThreadPoolExecutor scalingThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "riffle-control");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    public ControlPlane(LogStore store, KinesisSettings settings, LongSupplier clockMs) throws IOException {
        this(store, settings, clockMs, SnapshotPolicy.DEFAULT);
    }

    /**
     * Opens the metadata log (restoring its latest snapshot and replaying the events after it, main's
     * {@code _meta} JSON included), then, on the log's thread before any command: gives every shard
     * log its stream's retention, deletes shard logs no stream has (left by a stop between a change's
     * preparation or a stream's deletion and its storage work), and ends reshards a stop interrupted.
     */
    public ControlPlane(LogStore store, KinesisSettings settings, LongSupplier clockMs, SnapshotPolicy snapshots)
            throws IOException {
        this.store = store;
        this.wakeups = new ShardWakeups(store::get);
        this.settings = settings;
        this.clockMs = clockMs;
        this.registry = new StreamRegistry(settings.streamCreateDelayMs(), settings.streamDeleteDelayMs(),
                settings.reshardDelayMs(), settings.consumerCreateDelayMs(), this::afterLiveEvent);
        this.events = EventLog.open(store, METADATA_LOG, KinesisEvent.CODEC, registry, snapshots,
                () -> Instant.ofEpochMilli(clockMs.getAsLong()));
        AppendResult started = events.submit(this::startUp).join();
        if (!started.isOk()) {
            log.warn("interrupted reshards could not be ended at start ({} {}); their streams stay UPDATING",
                    started.status(), started.detail());
        }
        log.info("control plane ready: {} streams", registry.all().size());
    }

    /** Start-up work on the log's thread; returns the events ending interrupted reshards. */
    private List<KinesisEvent> startUp() {
        for (StreamInfo s : registry.all()) {
            // a retention change sets the logs before its event when it lengthens retention and after it
            // when it shortens it, so a stop in between leaves a log keeping records longer; this ends that
            trySetShardRetention(s, s.retentionHours() * 3_600_000L);
        }
        deleteOrphanShardLogs();
        List<KinesisEvent> ended = new ArrayList<>();
        for (StreamInfo s : registry.all()) {
            if (s.status() == StreamInfo.StreamStatus.UPDATING && !registry.isSwitchingMode(s.incarnation())
                    && registry.pendingReshard(s.incarnation()).isEmpty()) {
                // a reshard of a version that kept no plan, whose cut-over never got recorded: its parents are
                // still open (a pending reshard goes on: its timer, or ReshardOperations once due)
                ControlPlaneLog.stream(log.atWarn(), s.name())
                        .log("stream {}: a reshard did not finish before the last stop; it is abandoned", s.name());
                ended.add(StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.ACTIVE, nowMs()));
            }
        }
        return ended;
    }

    /**
     * Deletes every shard log {@code s<incarnation>-<index>} whose stream incarnation or shard the
     * registry does not have: shards prepared for a change never recorded, and the logs of a stream
     * whose deletion was recorded but not yet carried out in storage. Log's thread, at start.
     */
    private void deleteOrphanShardLogs() {
        List<String> orphans = new ArrayList<>();
        for (String id : store.logIds()) {
            Matcher m = SHARD_LOG.matcher(id);
            if (m.matches()) {
                StreamInfo s = registry.byIncarnation(Long.parseLong(m.group(1)));
                int index = Integer.parseInt(m.group(2));
                if (s == null || s.shard(index) == null && !registry.pendingReshard(s.incarnation())
                        .map(p -> p.opens(index)).orElse(false)) {
                    orphans.add(id);
                }
            }
        }
        if (!orphans.isEmpty()) {
            log.info("deleting the storage of shards no stream has: {}", orphans);
            deleteShardLogs(orphans);
        }
    }

    /** What follows an event in storage, on the log's thread once it is applied (not at replay). */
    private void afterLiveEvent(KinesisEvent event) {
        ControlPlaneLog.applied(event);
        switch (event) {
            case KinesisEvent.StreamDeleted d -> {
                List<String> logs = new ArrayList<>();
                String prefix = "s" + d.incarnation() + "-";
                for (String id : store.logIds()) {
                    if (id.startsWith(prefix) && SHARD_LOG.matcher(id).matches()) {
                        logs.add(id);
                    }
                }
                deleteShardLogs(logs); // what fails here goes at the next start
            }
            case KinesisEvent.ReshardDue d -> reshardDue.accept(d.incarnation());
            default -> {
                // nothing else follows in storage
            }
        }
    }

    /**
     * Who runs a reshard's cut-over once its delay has passed (told the stream incarnation, on the
     * log's thread, must not block); also told now, on that thread, of every reshard already due
     * (after a restart, or due before this was set).
     */
    void onReshardDue(java.util.function.LongConsumer cutOver) {
        this.reshardDue = cutOver;
        events.submit(() -> {
            for (StreamInfo s : registry.all()) {
                if (registry.pendingReshard(s.incarnation()).map(PendingReshard::isDue).orElse(false)) {
                    cutOver.accept(s.incarnation());
                }
            }
            return List.of();
        });
    }

    /** Who waits for a shard's new records or its close (SubscribeToShard). */
    public ShardWakeups wakeups() {
        return wakeups;
    }

    /** What the data plane wrote per shard, for on-demand scaling. */
    public ShardTraffic traffic() {
        return traffic;
    }

    /** Runs on-demand scaling on the {@code riffle-control} thread every {@code intervalMs}. */
    public void scheduleOnDemandScaling(OnDemandScaler scaler, long intervalMs) {
        scalingThread.scheduleWithFixedDelay(() -> {
            try {
                scaler.run();
            } catch (RuntimeException e) {
                log.error("on-demand scaling failed", e);
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    public StreamRegistry registry() {
        return registry;
    }

    /** The metadata event log (tests and diagnostics: generation, snapshots, pending timers). */
    public EventLog<RegistrySnapshot, KinesisEvent> metadataLog() {
        return events;
    }

    /**
     * Fires the timed transitions due by the injected clock now (the log also fires them by itself
     * on the wall clock): tests that move a manual clock call this; completes with how many fired.
     */
    public CompletableFuture<Integer> fireDueTransitions() {
        return events.fireDueTimers();
    }

    public KinesisSettings settings() {
        return settings;
    }

    public LogStore store() {
        return store;
    }

    public long nowMs() {
        return clockMs.getAsLong();
    }

    /**
     * Runs {@code command} on the metadata log's thread. It returns the events to record and the
     * answer. The events are written as one batch, so all of them or none become durable; only
     * then are they applied to the registry and the answer given. When they cannot be stored (a
     * full disk) the registry is left as it was, the change's {@link Change#undo} removes what the
     * command prepared in storage, and the answer is the storage failure ({@link StorageFailures}).
     * Undo and {@link Change#afterDurable} run on the log's thread before the next command.
     *
     * <p>Each change is durable before the next command runs, so every command sees exactly what
     * is durable: a command never builds on a change that is then lost. It costs one journal
     * commit per change, which control operations can afford (Kinesis allows each a few calls per
     * second).
     */
    public <T> CompletableFuture<T> submit(Supplier<Change<T>> command) {
        List<Change<T>> made = new ArrayList<>(1); // the log's thread only
        return events.submit(() -> {
            Change<T> change = command.get();
            made.add(change);
            return change.events();
        }, stored -> {
            Change<T> change = made.get(0);
            if (!stored.isOk()) {
                // the storage logged the failure when it began; /health and /metrics show it
                log.debug("a metadata change was not stored ({}): {}", stored.status(), stored.detail());
                try {
                    change.undo().run();
                } catch (RuntimeException undoFailure) {
                    log.warn("undoing a change that was not stored failed", undoFailure);
                }
                throw StorageFailures.of(stored, "The change was not made");
            }
            try {
                change.afterDurable().run();
            } catch (RuntimeException e) {
                log.warn("a change was stored, but what follows it in storage failed", e);
            }
            return change.answer();
        });
    }

    /**
     * The events a command produced, what to answer, what undoes the command's preparations in
     * storage when the events cannot be stored, and what to do in storage once they are.
     */
    public record Change<T>(List<KinesisEvent> events, T answer, Runnable undo, Runnable afterDurable) {
        private static final Runnable NOTHING = () -> { };

        public Change(List<KinesisEvent> events, T answer) {
            this(events, answer, NOTHING, NOTHING);
        }

        public static <T> Change<T> of(T answer, KinesisEvent... events) {
            return new Change<>(List.of(events), answer);
        }

        /** This change, with {@code action} run when its events cannot be stored. */
        public Change<T> undoneBy(Runnable action) {
            return new Change<>(events, answer, action, afterDurable);
        }

        /** This change, with {@code action} run once its events are durable (on the log's thread). */
        public Change<T> then(Runnable action) {
            return new Change<>(events, answer, undo, action);
        }
    }

    /**
     * Creates the storage logs of new shards {@code first .. first + count - 1} of a stream
     * incarnation, with their retention; the metadata log's thread. A log left by an earlier attempt that was
     * never recorded is reused. When storage fails, the logs created so far are deleted again and
     * the storage failure is thrown.
     *
     * @return the ids of the logs, for {@link #deleteShardLogs} when the change is not stored
     */
    List<String> createShardLogs(long incarnation, int first, int count, long retentionMs) {
        List<String> ids = new ArrayList<>(count);
        try {
            for (int i = first; i < first + count; i++) {
                String id = ShardInfo.logId(incarnation, i);
                ids.add(id);
                ShardLog shard = store.get(id).orElse(null);
                if (shard == null) {
                    shard = store.create(id);
                }
                shard.setRetentionMs(retentionMs);
            }
            return ids;
        } catch (IOException | UncheckedIOException e) {
            log.debug("cannot create the storage of shards {}: {}", ids, e.toString());
            deleteShardLogs(ids);
            throw StorageFailures.of(e, "The shards were not created");
        }
    }

    /** Deletes logs that no recorded change refers to; best effort (logged). The metadata log's thread. */
    void deleteShardLogs(List<String> ids) {
        for (String id : ids) {
            try {
                store.delete(id);
            } catch (IOException | RuntimeException e) {
                log.warn("could not delete the storage {} of shards that were not created: {}", id, e.toString());
            }
        }
    }

    /** {@link #setShardRetention}, logging a failure instead of throwing it: the next start reconciles. */
    void trySetShardRetention(StreamInfo s, long retentionMs) {
        try {
            setShardRetention(s, retentionMs);
        } catch (RuntimeException e) {
            ControlPlaneLog.stream(log.atWarn(), s.name()).log(
                    "stream {}: its shards keep a retention other than {} ms until the next start: {}", s.name(),
                    retentionMs, e.getMessage());
        }
    }

    /**
     * Sets the retention of a stream's shard logs; the metadata log's thread. Throws the storage failure
     * (a full disk) when one cannot be saved; the others keep what they got.
     */
    void setShardRetention(StreamInfo s, long retentionMs) {
        for (ShardInfo shard : s.shards()) {
            ShardLog log = store.get(ShardInfo.logId(s.incarnation(), shard.index())).orElse(null);
            if (log != null && log.retentionMs() != retentionMs) {
                try {
                    log.setRetentionMs(retentionMs);
                } catch (UncheckedIOException e) {
                    throw StorageFailures.of(e, "The retention period was not changed");
                }
            }
        }
    }

    /** LimitExceededException when {@code added} more open shards would pass the account's shard limit. */
    public void checkShardLimit(int added) {
        long open = registry.openShardCount();
        if (open + added > settings.shardLimit()) {
            throw KinesisErrors.shardLimit(settings.accountId(), settings.region(), open, settings.shardLimit(), added);
        }
    }

    /** A stream by a request's StreamName or StreamARN (either may be null), or ResourceNotFoundException. */
    public StreamInfo resolve(String streamName, String streamArn) {
        String name = streamNameIn(streamName, streamArn);
        StreamInfo s = registry.byName(name);
        if (s == null) {
            throw notFound(name);
        }
        return s;
    }

    /**
     * ResourceNotFoundException when the request has a StreamCreationTimestamp (to tell apart streams
     * of one name deleted and created again) and it is not this stream's, to the second.
     */
    public void checkCreationTimestamp(StreamInfo s, java.time.Instant streamCreationTimestamp) {
        if (streamCreationTimestamp != null
                && streamCreationTimestamp.toEpochMilli() / 1000 != s.createdAtMs() / 1000) {
            throw notFound(s.name());
        }
    }

    /** The stream name a request names, by StreamName or by StreamARN. */
    public String streamNameIn(String name, String arn) {
        if (arn != null) {
            String fromArn = settings.streamNameOf(arn);
            if (fromArn == null) {
                throw KinesisErrors.invalidStreamArn(arn, settings.region(), settings.accountId());
            }
            if (name != null && !name.equals(fromArn)) {
                throw KinesisError.INVALID_ARGUMENT.exception("StreamName " + name + " and StreamARN " + arn
                        + " do not name the same stream.");
            }
            return fromArn;
        }
        if (name == null) {
            throw KinesisError.INVALID_ARGUMENT.exception("Either StreamName or StreamARN should be provided.");
        }
        return name;
    }

    /**
     * ResourceInUseException for a stream not in a state the call needs, in Kinesis' words:
     * {@code allowed} is "ACTIVE" or "ACTIVE or UPDATING".
     */
    public KinesisException notActive(StreamInfo s, String allowed) {
        return KinesisErrors.streamNotInState(s.name(), settings.accountId(), allowed, String.valueOf(s.status()));
    }

    public KinesisException notFound(String name) {
        return KinesisErrors.streamNotFound(name, settings.accountId());
    }

    /** Stops scaling, finishes the changes submitted so far; pending timed transitions wait for the next start. */
    @Override
    public void close() {
        scalingThread.shutdown();
        try {
            scalingThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}
