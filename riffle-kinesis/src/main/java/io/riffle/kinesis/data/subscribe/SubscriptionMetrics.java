package io.riffle.kinesis.data.subscribe;

import io.riffle.aws.metrics.MetricsRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * Enhanced fan-out in {@code /metrics}: SubscribeToShard calls, the events, records and bytes pushed
 * (Kinesis' SubscribeToShard.Success, SubscribeToShardEvent.Records/.Bytes), the calls refused for the call rate or
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

    void pushed(String stream, long recordCount, long byteCount) {
        events.labels(stream).inc();
        records.labels(stream).add(recordCount);
        bytes.labels(stream).add(byteCount);
    }
}
