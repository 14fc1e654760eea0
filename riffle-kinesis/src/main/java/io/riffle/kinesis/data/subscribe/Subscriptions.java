package io.riffle.kinesis.data.subscribe;

import io.riffle.kinesis.protocol.KinesisError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The subscriptions open now, one slot per consumer and shard, and Kinesis' rules between calls of
 * the same pair: at most one call per {@code minCallIntervalMs} (LimitExceededException); a call
 * within {@code takeoverMs} of a successful one is refused (ResourceInUseException); a later call
 * takes over, and the subscription it replaces ends with a ResourceInUseException event, so a
 * worker that lost its connection never waits for the old subscription's five minutes.
 *
 * <p>Thread-safe: slot changes are synchronized (rare: calls and ends); the gauges read a snapshot.
 */
final class Subscriptions implements SubscriptionMetrics.Gauges {
    private final SubscriptionSettings settings;
    private final LongSupplier clockMs;
    private final Map<String, Slot> slots = new HashMap<>();
    private final AtomicLong peakBufferedBytes = new AtomicLong();
    private boolean isClosed;

    /** One consumer and shard: its last call, last success and open subscription. */
    private static final class Slot {
        long lastCallMs = Long.MIN_VALUE / 2;
        long lastSuccessMs = Long.MIN_VALUE / 2;
        Subscription open;
    }

    Subscriptions(SubscriptionSettings settings, LongSupplier clockMs) {
        this.settings = settings;
        this.clockMs = clockMs;
    }

    /**
     * Admits a new subscription of {@code consumerArn} to {@code shardId}, or throws the error Kinesis
     * answers. The subscription it replaces, if any, is returned (still open) for the caller to end.
     *
     * @param name the subscription as Kinesis names it in errors: account:stream:shard:consumer
     */
    synchronized Subscription admit(String consumerArn, String shardId, String name, Subscription subscription) {
        if (isClosed) {
            throw KinesisError.SERVICE_UNAVAILABLE.exception("Riffle is shutting down");
        }
        long now = clockMs.getAsLong();
        Slot slot = slots.computeIfAbsent(key(consumerArn, shardId), k -> new Slot());
        long sinceCall = now - slot.lastCallMs;
        slot.lastCallMs = now;
        if (sinceCall < settings.minCallIntervalMs()) {
            throw KinesisError.LIMIT_EXCEEDED.exception("Rate exceeded for consumer " + consumerArn + " and shard "
                    + shardId + ": at most one SubscribeToShard call per second per consumer and shard.");
        }
        if (now - slot.lastSuccessMs < settings.takeoverMs()) {
            // Kinesis' wording (the rest of its message is not documented)
            throw KinesisError.RESOURCE_IN_USE.exception("Another active subscription exists for this consumer: "
                    + name);
        }
        Subscription replaced = slot.open;
        slot.lastSuccessMs = now;
        slot.open = subscription;
        return replaced;
    }

    /** A subscription ended (completed, failed, replaced or cancelled). */
    synchronized void ended(String consumerArn, String shardId, Subscription subscription) {
        Slot slot = slots.get(key(consumerArn, shardId));
        if (slot != null && slot.open == subscription) {
            slot.open = null;
        }
        peakBufferedBytes.accumulateAndGet(subscription.peakBufferedBytes(), Math::max);
    }

    /** Ends every open subscription (the server is stopping) and refuses new ones. */
    void closeAll() {
        synchronized (this) {
            isClosed = true;
        }
        open().forEach(Subscription::complete);
    }

    private synchronized List<Subscription> open() {
        List<Subscription> open = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.open != null) {
                open.add(slot.open);
            }
        }
        return open;
    }

    @Override
    public int active() {
        return open().size();
    }

    @Override
    public long bufferedBytes() {
        long sum = 0;
        for (Subscription s : open()) {
            sum += s.bufferedBytes();
        }
        return sum;
    }

    @Override
    public long peakBufferedBytes() {
        long peak = peakBufferedBytes.get();
        for (Subscription s : open()) {
            peak = Math.max(peak, s.peakBufferedBytes());
        }
        return peak;
    }

    private static String key(String consumerArn, String shardId) {
        return consumerArn + '\n' + shardId;
    }
}
