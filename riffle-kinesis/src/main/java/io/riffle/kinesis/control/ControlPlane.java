package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.storage.AppendResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every metadata change on one control thread, in order: a command checks the registry and
 * yields events; they are written to the metadata log as one batch, and only once they are
 * durable are they applied to the registry (so the next command sees them) and answered. A change
 * storage refuses (a full disk) changes nothing: see {@link #submit}. Timed transitions (CREATING
 * to ACTIVE, DELETING to gone, of streams and of their consumers alike, after the stream delays)
 * are scheduled on the same thread, and tried again while storage refuses them.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    /** A timed transition or deletion that storage refused is tried again after this. */
    static final long RETRY_MS = 1_000;

    private final LogStore store;
    private final MetadataLog metadata;
    private final StreamRegistry registry = new StreamRegistry();
    private final KinesisSettings settings;
    private final LongSupplier clockMs;
    private final ScheduledThreadPoolExecutor thread = controlThread();

    private static ScheduledThreadPoolExecutor controlThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "riffle-control");
            t.setDaemon(true);
            return t;
        });
        // Closing does not wait for timed transitions: the next start schedules them again from the log.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    public ControlPlane(LogStore store, KinesisSettings settings, LongSupplier clockMs) throws IOException {
        this.store = store;
        this.settings = settings;
        this.clockMs = clockMs;
        this.metadata = new MetadataLog(store);
        metadata.replay(registry::apply);
        reconcileRetention();
        registry.allConsumers().forEach(this::scheduleTransition);
        for (StreamInfo s : registry.all()) {
            scheduleTransition(s);
            if (s.status() == StreamInfo.StreamStatus.UPDATING) {
                // a reshard whose cut-over never got recorded: its parents are still open
                log.warn("stream {}: a reshard did not finish before the last stop; it is abandoned", s.name());
                submit(() -> Change.of(null, StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.ACTIVE, nowMs())));
            }
        }
        log.info("control plane ready: {} streams", registry.all().size());
    }

    /**
     * Gives every shard log its stream's retention where they differ: a retention change sets the
     * logs before its event when it lengthens retention and after it when it shortens it, so a
     * crash or a full disk in between leaves a log keeping records longer, never shorter; this
     * ends that at the next start.
     */
    private void reconcileRetention() {
        for (StreamInfo s : registry.all()) {
            trySetShardRetention(s, s.retentionHours() * 3_600_000L);
        }
    }

    private final ShardTraffic traffic = new ShardTraffic();
    private final ShardWakeups wakeups = new ShardWakeups();

    /** Who waits for a shard's new records or its close (SubscribeToShard). */
    public ShardWakeups wakeups() {
        return wakeups;
    }

    /** What the data plane wrote per shard, for on-demand scaling. */
    public ShardTraffic traffic() {
        return traffic;
    }

    /** Runs on-demand scaling on the control thread every {@code intervalMs}. */
    public void scheduleOnDemandScaling(OnDemandScaler scaler, long intervalMs) {
        thread.scheduleWithFixedDelay(() -> {
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
     * Runs {@code command} on the control thread. It returns the events to record and the answer.
     * The events are written as one batch, so all of them or none become durable; only then are
     * they applied to the registry and the answer given. When they cannot be stored (a full disk)
     * the registry is left as it was, the change's {@link Change#undo} removes what the command
     * prepared in storage, and the answer is the storage failure ({@link StorageFailures}).
     *
     * <p>The control thread waits for each change to be durable before it runs the next command,
     * so every command sees exactly what is durable: a command never builds on a change that is
     * then lost. It costs one journal commit per change, which control operations can afford
     * (Kinesis allows each a few calls per second).
     */
    public <T> CompletableFuture<T> submit(Supplier<Change<T>> command) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        thread.execute(() -> run(command, answer));
        return answer;
    }

    private <T> void run(Supplier<Change<T>> command, CompletableFuture<T> answer) {
        Change<T> change;
        try {
            change = command.get();
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return;
        }
        try {
            record(change.events());
        } catch (RuntimeException e) {
            try {
                change.undo().run();
            } catch (RuntimeException undoFailure) {
                log.warn("undoing a change that was not stored failed", undoFailure);
            }
            answer.completeExceptionally(e);
            return;
        }
        try {
            change.afterDurable().run();
        } catch (RuntimeException e) {
            log.warn("a change was stored, but what follows it in storage failed", e);
        }
        answer.complete(change.answer());
    }

    /**
     * The events a command produced, what to answer, what undoes the command's preparations in
     * storage when the events cannot be stored, and what to do in storage once they are.
     */
    public record Change<T>(List<JsonNode> events, T answer, Runnable undo, Runnable afterDurable) {
        private static final Runnable NOTHING = () -> { };

        public Change(List<JsonNode> events, T answer) {
            this(events, answer, NOTHING, NOTHING);
        }

        public static <T> Change<T> of(T answer, JsonNode... events) {
            return new Change<>(List.of(events), answer);
        }

        /** This change, with {@code action} run when its events cannot be stored. */
        public Change<T> undoneBy(Runnable action) {
            return new Change<>(events, answer, action, afterDurable);
        }

        /** This change, with {@code action} run once its events are durable (on the control thread). */
        public Change<T> then(Runnable action) {
            return new Change<>(events, answer, undo, action);
        }
    }

    /**
     * Makes the events durable as one batch, then applies them to the registry; throws the storage
     * failure when they cannot be stored, leaving the registry unchanged. Control thread only.
     */
    private void record(List<JsonNode> events) {
        if (events.isEmpty()) {
            return;
        }
        AppendResult stored = metadata.append(events).join();
        if (!stored.isOk()) {
            // the storage logged the failure when it began; /health and /metrics show it
            log.debug("a metadata change was not stored ({}): {}", stored.status(), stored.detail());
            throw StorageFailures.of(stored, "The change was not made");
        }
        for (JsonNode e : events) {
            registry.apply(e);
            switch (e.path("type").asText()) {
                case "create", "status" -> {
                    StreamInfo s = registry.byName(e.path("name").asText());
                    if (s != null) {
                        scheduleTransition(s);
                    }
                }
                case "consumer", "consumerStatus" -> registry.consumerByArn(e.path("arn").asText())
                        .ifPresent(this::scheduleTransition);
                default -> {
                    // no timed transition follows
                }
            }
        }
    }

    /**
     * Records a timed transition's event; when storage refuses it, tries again a second later
     * (the transition is due, so it must happen once the disk lets it).
     */
    private boolean recordOrRetry(JsonNode event, Runnable retry) {
        try {
            record(List.of(event));
            return true;
        } catch (RuntimeException e) {
            thread.schedule(retry, RETRY_MS, TimeUnit.MILLISECONDS);
            return false;
        }
    }

    /** Schedules the end of a stream's CREATING or DELETING; control thread (or start-up). */
    private void scheduleTransition(StreamInfo s) {
        switch (s.status()) {
            case CREATING -> afterCreateDelay(s.statusSinceMs(),
                    () -> finishTransition(s.name(), s.incarnation(), s.status()));
            case DELETING -> afterDeleteDelay(s.statusSinceMs(),
                    () -> finishTransition(s.name(), s.incarnation(), s.status()));
            default -> {
                // ACTIVE and UPDATING end by command, not by time
            }
        }
    }

    /** Schedules the end of a consumer's CREATING or DELETING, with the stream delays. */
    private void scheduleTransition(ConsumerInfo c) {
        switch (c.status()) {
            case CREATING -> afterCreateDelay(c.statusSinceMs(), () -> finishTransition(c.arn(), c.status()));
            case DELETING -> afterDeleteDelay(c.statusSinceMs(), () -> finishTransition(c.arn(), c.status()));
            default -> {
                // ACTIVE lasts until deregistered
            }
        }
    }

    private void afterCreateDelay(long sinceMs, Runnable finish) {
        runAt(sinceMs + settings.streamCreateDelayMs(), finish);
    }

    private void afterDeleteDelay(long sinceMs, Runnable finish) {
        runAt(sinceMs + settings.streamDeleteDelayMs(), finish);
    }

    /** Runs {@code task} on the control thread at {@code atMs} (at once when that has passed). */
    private void runAt(long atMs, Runnable task) {
        thread.schedule(task, Math.max(0, atMs - nowMs()), TimeUnit.MILLISECONDS);
    }

    /** A consumer's CREATING becomes ACTIVE, its DELETING ends with it gone; unless it changed meanwhile. */
    private void finishTransition(String consumerArn, ConsumerInfo.ConsumerStatus from) {
        ConsumerInfo c = registry.consumerByArn(consumerArn).orElse(null);
        if (c == null || c.status() != from) {
            return;
        }
        Runnable retry = () -> finishTransition(consumerArn, from);
        if (from == ConsumerInfo.ConsumerStatus.CREATING) {
            if (recordOrRetry(StreamRegistry.consumerStatusEvent(c, ConsumerInfo.ConsumerStatus.ACTIVE, nowMs()), retry)) {
                log.info("consumer {} is ACTIVE", consumerArn);
            }
        } else if (recordOrRetry(StreamRegistry.consumerDeletedEvent(c), retry)) {
            log.info("consumer {} deregistered", consumerArn);
        }
    }

    private void finishTransition(String name, long incarnation, StreamInfo.StreamStatus from) {
        StreamInfo s = registry.byName(name);
        if (s == null || s.incarnation() != incarnation || s.status() != from) {
            return;
        }
        Runnable retry = () -> finishTransition(name, incarnation, from);
        if (from == StreamInfo.StreamStatus.CREATING) {
            if (recordOrRetry(StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.ACTIVE, nowMs()), retry)) {
                log.info("stream {} is ACTIVE", name);
            }
        } else {
            for (ShardInfo shard : s.shards()) {
                try {
                    store.delete(ShardInfo.logId(incarnation, shard.index()));
                } catch (IOException e) {
                    log.warn("stream {}: deleting shard {} failed; retrying in a second: {}", name, shard.shardId(),
                            e.toString());
                    thread.schedule(retry, RETRY_MS, TimeUnit.MILLISECONDS);
                    return;
                }
            }
            if (recordOrRetry(StreamRegistry.deletedEvent(s), retry)) {
                log.info("stream {} deleted", name);
            }
        }
    }

    /**
     * Creates the storage logs of new shards {@code first .. first + count - 1} of a stream
     * incarnation, with their retention; control thread. A log left by an earlier attempt that was
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

    /** Deletes logs that no recorded change refers to; best effort (logged). Control thread. */
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
            log.warn("stream {}: its shards keep a retention other than {} ms until the next start: {}", s.name(),
                    retentionMs, e.getMessage());
        }
    }

    /**
     * Sets the retention of a stream's shard logs; control thread. Throws the storage failure
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

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
