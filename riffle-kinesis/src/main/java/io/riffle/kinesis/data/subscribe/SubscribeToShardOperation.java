package io.riffle.kinesis.data.subscribe;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.StartingPosition;
import io.riffle.kinesis.api.SubscribeToShardEvent;
import io.riffle.kinesis.api.SubscribeToShardInput;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.data.RecordsAnswer;
import io.riffle.kinesis.data.StartingPositions;
import io.riffle.kinesis.model.ShardIds;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.EventSource;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.KinesisApi;
import io.riffle.kinesis.protocol.StreamingOperation;
import io.riffle.storage.ShardLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * SubscribeToShard (enhanced fan-out): checks the consumer, stream, shard and starting position,
 * applies the per-consumer-and-shard call rules ({@link Subscriptions}), and answers with a
 * {@link Subscription} that pushes the shard's records as they are acknowledged. Owns the timer
 * thread of all subscriptions; {@link #close()} ends them (the server is stopping).
 */
public final class SubscribeToShardOperation implements StreamingOperation<SubscribeToShardInput, RecordsAnswer<SubscribeToShardEvent>>,
        AutoCloseable {
    /**
     * Bytes of framed events kept for the subscriptions reading a shard together: most of what 20 consumers of a
     * shard, each within 5% of the others, are apart in a read of a pre-loaded shard at 1 MiB per event.
     */
    static final long SHARED_EVENT_BYTES = 32L * 1024 * 1024;
    /** How long an event is kept for them: its MillisBehindLatest is at most this much older than the others'. */
    static final long SHARED_EVENT_AGE_MS = 1_000;
    private final SubscriptionEnvironment env;

    /** @param metrics where the subscription metrics are registered */
    public SubscribeToShardOperation(ControlPlane control, Executor reads, SubscriptionSettings settings,
                                     ConsumerLookup consumers, MetricsRegistry metrics) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-subscriptions");
            t.setDaemon(true);
            return t;
        });
        Subscriptions subscriptions = new Subscriptions(settings, control::nowMs);
        this.env = new SubscriptionEnvironment(control, reads, timer, settings, subscriptions, consumers,
                new SubscriptionMetrics(metrics, () -> subscriptions),
                new SharedEvents(SHARED_EVENT_BYTES, SHARED_EVENT_AGE_MS, control::nowMs));
    }

    /** Makes SubscribeToShard answerable by {@code api}: its events are the model's SubscribeToShardEvent. */
    public void registerIn(KinesisApi api) {
        api.registerStreaming(KinesisOperations.SUBSCRIBE_TO_SHARD, "SubscribeToShardEvent", this);
    }

    @Override
    public CompletableFuture<EventSource<RecordsAnswer<SubscribeToShardEvent>>> open(SubscribeToShardInput request) {
        // resolving the starting position may read storage: on the read pool, never on an event loop
        return CompletableFuture.supplyAsync(() -> subscribe(request), env.reads());
    }

    private EventSource<RecordsAnswer<SubscribeToShardEvent>> subscribe(SubscribeToShardInput request) {
        ControlPlane control = env.control();
        String consumerArn = request.consumerARN();
        ConsumerLookup.Consumer consumer = env.consumers().find(consumerArn).orElseThrow(() ->
                KinesisErrors.consumerArnNotFound(consumerArn, control.settings().accountId()));
        StreamInfo stream = control.registry().byIncarnation(consumer.streamIncarnation());
        if (stream == null || !stream.isServing()) {
            throw KinesisError.RESOURCE_NOT_FOUND.exception("Stream of consumer " + consumerArn + " not found.");
        }
        if (!consumer.isActive()) {
            // AWS's wording; the ARN ends with the consumer's creation time in epoch seconds
            throw KinesisErrors.consumerNotActive(consumer.name(), consumerArn.substring(consumerArn.lastIndexOf(':') + 1),
                    stream.name(), control.settings().accountId());
        }
        // the full id from here on: shard-0 and shardId-000000000000 are one subscription slot, and errors
        // name the shard as Kinesis does
        String shardId = ShardIds.canonical(request.shardId());
        int index = ShardIds.resolve(shardId);
        ShardInfo shard = index < 0 ? null : stream.shard(index);
        if (shard == null) {
            throw KinesisErrors.shardDoesNotExist(shardId, stream.name(), control.settings().accountId());
        }
        ShardLog log = control.store().get(ShardInfo.logId(stream.incarnation(), shard.index()))
                .orElseThrow(() -> KinesisErrors.shardDoesNotExist(shardId, stream.name(), control.settings().accountId()));
        StartingPosition start = request.startingPosition();
        long position = StartingPositions.resolve(stream, shard, log, start == null ? "" : start.typeAsString(),
                start == null ? null : start.sequenceNumber(),
                start == null || start.timestamp() == null ? null : start.timestamp().toEpochMilli(), control.nowMs(),
                control.settings().accountId(), "SubscribeToShard");
        Subscription subscription = new Subscription(env, consumer, stream, shard, position);
        Subscription replaced;
        try {
            replaced = env.subscriptions().admit(consumerArn, shardId, control.settings().accountId() + ":"
                    + stream.name() + ":" + shardId + ":" + consumer.name(), subscription);
        } catch (KinesisException e) {
            if (e.error() == KinesisError.LIMIT_EXCEEDED || e.error() == KinesisError.RESOURCE_IN_USE) {
                env.metrics().rateExceeded(stream.name()); // counted before the caller sees the refusal
            }
            throw e;
        }
        if (replaced != null) {
            replaced.fail(KinesisError.RESOURCE_IN_USE.exception("Another SubscribeToShard call for consumer "
                    + consumerArn + " and shard " + shardId + " took over this subscription."));
        }
        env.metrics().subscribed(stream.name());
        return subscription;
    }

    /** Ends every subscription and stops the timer. */
    @Override
    public void close() {
        env.subscriptions().closeAll();
        env.sharedEvents().close();
        env.timer().shutdown();
        try {
            env.timer().awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
