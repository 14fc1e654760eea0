package io.riffle.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.server.KinesisSettings;
import io.riffle.server.protocol.KinesisError;
import io.riffle.server.protocol.KinesisException;
import io.riffle.storage.ShardLog;
import io.riffle.storage.engine.LogStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every metadata change on one control thread, in order: a command checks the registry,
 * applies its events to it at once (so the next command sees them), and answers only once the
 * events are durable in the metadata log. Timed transitions (CREATING to ACTIVE, DELETING to gone,
 * of streams and of their consumers alike, after the stream delays) are scheduled on the same thread.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

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
     * Runs {@code command} on the control thread. It returns the events to record (applied at once)
     * and the answer, given once the events are durable.
     */
    public <T> CompletableFuture<T> submit(Supplier<Change<T>> command) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        thread.execute(() -> {
            Change<T> change;
            try {
                change = command.get();
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return;
            }
            record(change.events()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(change.answer());
                }
            });
        });
        return answer;
    }

    /** The events a command produced and what to answer. */
    public record Change<T>(List<JsonNode> events, T answer) {
        public static <T> Change<T> of(T answer, JsonNode... events) {
            return new Change<>(List.of(events), answer);
        }
    }

    /** Applies events now and makes them durable; control thread only. */
    private CompletableFuture<Void> record(List<JsonNode> events) {
        CompletableFuture<?>[] appends = new CompletableFuture<?>[events.size()];
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            registry.apply(e);
            appends[i] = metadata.append(e).thenAccept(r -> {
                if (!r.isOk()) {
                    throw KinesisError.INTERNAL_FAILURE.exception("the metadata change could not be stored ("
                            + r.status() + "): " + r.detail());
                }
            });
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
        return CompletableFuture.allOf(appends).exceptionally(failure -> {
            log.error("metadata change failed; reloading the registry from the metadata log", failure);
            thread.execute(this::reload);
            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        });
    }

    private void reload() {
        // The registry ran ahead of a change that did not become durable: rebuild it from what is.
        registry.reset();
        try {
            metadata.replay(registry::apply);
        } catch (IOException e) {
            log.error("cannot reload the metadata log", e);
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
        if (from == ConsumerInfo.ConsumerStatus.CREATING) {
            record(List.of(StreamRegistry.consumerStatusEvent(c, ConsumerInfo.ConsumerStatus.ACTIVE, nowMs())));
            log.info("consumer {} is ACTIVE", consumerArn);
        } else {
            record(List.of(StreamRegistry.consumerDeletedEvent(c)));
            log.info("consumer {} deregistered", consumerArn);
        }
    }

    private void finishTransition(String name, long incarnation, StreamInfo.StreamStatus from) {
        StreamInfo s = registry.byName(name);
        if (s == null || s.incarnation() != incarnation || s.status() != from) {
            return;
        }
        if (from == StreamInfo.StreamStatus.CREATING) {
            record(List.of(StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.ACTIVE, nowMs())));
            log.info("stream {} is ACTIVE", name);
        } else {
            for (ShardInfo shard : s.shards()) {
                try {
                    store.delete(ShardInfo.logId(incarnation, shard.index()));
                } catch (IOException e) {
                    log.error("stream {}: deleting shard {} failed; retrying later", name, shard.shardId(), e);
                    thread.schedule(() -> finishTransition(name, incarnation, from), 1, TimeUnit.SECONDS);
                    return;
                }
            }
            record(List.of(StreamRegistry.deletedEvent(s)));
            log.info("stream {} deleted", name);
        }
    }

    /** The storage log of a shard, created on first use. Control thread. */
    ShardLog createShardLog(long incarnation, int index, long retentionMs) {
        try {
            String id = ShardInfo.logId(incarnation, index);
            ShardLog shard = store.get(id).orElse(null);
            if (shard == null) {
                shard = store.create(id);
            }
            shard.setRetentionMs(retentionMs);
            return shard;
        } catch (IOException e) {
            throw KinesisError.INTERNAL_FAILURE.exception("cannot create shard storage: " + e.getMessage());
        }
    }

    /** LimitExceededException when {@code added} more open shards would pass the account's shard limit. */
    public void checkShardLimit(int added) {
        long open = registry.openShardCount();
        if (open + added > settings.shardLimit()) {
            throw KinesisError.LIMIT_EXCEEDED.exception("This request would exceed the shard limit for the account "
                    + settings.accountId() + " in " + settings.region() + ". Current shard count for the account: "
                    + open + ". Limit: " + settings.shardLimit() + ". Number of additional shards that would have "
                    + "resulted from this request: " + added + ". Refer to the AWS Service Limits page "
                    + "(https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits "
                    + "and how to request higher limits.");
        }
    }

    /** A stream by StreamName or StreamARN in a request, or ResourceNotFoundException. */
    public StreamInfo resolve(JsonNode request) {
        String name = streamNameIn(request);
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
    public void checkCreationTimestamp(StreamInfo s, JsonNode request) {
        if (request.hasNonNull("StreamCreationTimestamp")
                && request.path("StreamCreationTimestamp").asLong() / 1000 != s.createdAtMs() / 1000) {
            throw notFound(s.name());
        }
    }

    /** The stream name a request names, by StreamName or by StreamARN. */
    public String streamNameIn(JsonNode request) {
        String name = request.path("StreamName").asText(null);
        String arn = request.path("StreamARN").asText(null);
        if (arn != null) {
            String fromArn = settings.streamNameOf(arn);
            if (fromArn == null) {
                throw KinesisError.INVALID_ARGUMENT.exception("Invalid StreamARN " + arn
                        + ": this server is region " + settings.region() + ", account " + settings.accountId() + ".");
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
        return KinesisError.RESOURCE_IN_USE.exception("Stream " + s.name() + " under account " + settings.accountId()
                + " not " + allowed + ", instead in state " + s.status());
    }

    public KinesisException notFound(String name) {
        return KinesisError.RESOURCE_NOT_FOUND.exception("Stream " + name + " under account " + settings.accountId()
                + " not found.");
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
