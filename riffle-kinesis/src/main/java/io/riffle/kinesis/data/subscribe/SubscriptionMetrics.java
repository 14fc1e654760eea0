package io.riffle.kinesis.data.subscribe;

import io.riffle.aws.metrics.MetricsRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Enhanced fan-out in {@code /metrics}: SubscribeToShard calls, the events, records and bytes pushed
 * (Kinesis' SubscribeToShard.Success, SubscribeToShardEvent.Records/.Bytes), how far each consumer is behind
 * (SubscribeToShardEvent.MillisBehindLatest, by stream and consumer: its furthest-behind shard at their last
 * events of its open subscriptions; a consumer's iterator age), the calls refused for the call rate or
 * an active subscription (SubscribeToShard.RateExceeded), the subscriptions open,
 * and how many bytes they hold in server buffers (now and at most per subscription) — the number
 * that shows a slow subscriber costs the server bounded memory.
 */
final class SubscriptionMetrics {
    private final MetricsRegistry.CounterFamily calls;
    private final MetricsRegistry.CounterFamily rateExceeded;
    private final MetricsRegistry.CounterFamily events;
    private final MetricsRegistry.CounterFamily records;
    private final MetricsRegistry.CounterFamily bytes;
    private final MetricsRegistry.CounterFamily shared;
    /** MillisBehindLatest of each subscription's last event: stream, then consumer, then shard. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, Long>>> behindMs =
            new ConcurrentHashMap<>();

    /** What the gauges read at each scrape. */
    interface Gauges {
        int active();

        long bufferedBytes();

        long peakBufferedBytes();
    }

    SubscriptionMetrics(MetricsRegistry registry, Supplier<Gauges> gauges) {
        calls = registry.counter("riffle_kinesis_subscribe_to_shard_total",
                "SubscribeToShard calls that opened a subscription (SubscribeToShard.Success).", "stream");
        rateExceeded = registry.counter("riffle_kinesis_subscribe_to_shard_rate_exceeded_total",
                "SubscribeToShard calls refused because the consumer called for the shard within a second or still "
                        + "holds an active subscription to it (SubscribeToShard.RateExceeded).", "stream");
        events = registry.counter("riffle_kinesis_subscribe_to_shard_events_total",
                "SubscribeToShardEvents pushed, heartbeats included.", "stream");
        records = registry.counter("riffle_kinesis_subscribe_to_shard_event_records_total",
                "Records pushed by SubscribeToShard (SubscribeToShardEvent.Records).", "stream");
        bytes = registry.counter("riffle_kinesis_subscribe_to_shard_event_bytes_total",
                "Bytes of the records pushed by SubscribeToShard (SubscribeToShardEvent.Bytes).", "stream");
        shared = registry.counter("riffle_kinesis_subscribe_to_shard_shared_events_total",
                "SubscribeToShardEvents sent as another subscription of the shard had framed them at the same "
                        + "position (no storage read, no encoding).", "stream");
        registry.gauge("riffle_kinesis_subscribe_to_shard_event_millis_behind_latest",
                "Milliseconds the consumer's furthest-behind shard was behind its newest record at the last event "
                        + "pushed (SubscribeToShardEvent.MillisBehindLatest, Maximum).",
                List.of("stream", "consumer"), samples -> behindMs.forEach((stream, consumers) ->
                        consumers.forEach((consumer, shards) -> samples.add(
                                shards.values().stream().mapToLong(Long::longValue).max().orElse(0), stream,
                                consumer))));
        registry.gauge("riffle_subscriptions_active", "SubscribeToShard subscriptions open now.", List.of(),
                samples -> samples.add(gauges.get().active()));
        registry.gauge("riffle_subscription_buffered_bytes",
                "Bytes of pushed events the server holds that clients have not taken yet, all subscriptions.",
                List.of(), samples -> samples.add(gauges.get().bufferedBytes()));
        registry.gauge("riffle_subscription_buffered_bytes_peak",
                "Most bytes one subscription has held in server buffers since the server started.",
                List.of(), samples -> samples.add(gauges.get().peakBufferedBytes()));
    }

    void subscribed(String stream) {
        calls.labels(stream).inc();
    }

    void rateExceeded(String stream) {
        rateExceeded.labels(stream).inc();
    }

    void behind(String stream, String consumer, String shardId, Long millisBehindLatest) {
        behindMs.computeIfAbsent(stream, k -> new ConcurrentHashMap<>()).computeIfAbsent(consumer,
                k -> new ConcurrentHashMap<>()).put(shardId, millisBehindLatest == null ? 0 : millisBehindLatest);
    }

    /** A subscription ended: its shard no longer counts for its consumer (a consumer with none has no series). */
    void unsubscribed(String stream, String consumer, String shardId) {
        behindMs.computeIfPresent(stream, (k, consumers) -> {
            consumers.computeIfPresent(consumer, (c, shards) -> {
                shards.remove(shardId);
                return shards.isEmpty() ? null : shards;
            });
            return consumers.isEmpty() ? null : consumers;
        });
    }

    void sharedEvent(String stream) {
        shared.labels(stream).inc();
    }

    void pushed(String stream, long recordCount, long byteCount) {
        events.labels(stream).inc();
        records.labels(stream).add(recordCount);
        bytes.labels(stream).add(byteCount);
    }
}
