package io.riffle.firehose.delivery;

import io.riffle.aws.metrics.MetricsRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Firehose's CloudWatch metrics in Prometheus style, labelled {@code delivery_stream}: IncomingRecords,
 * IncomingBytes (records acknowledged by PutRecord/PutRecordBatch), DeliveryToS3.Records, .Bytes
 * (the records' bytes before compression), .Success (objects delivered), failed attempts, and
 * DeliveryToS3.DataFreshness (age in seconds of the oldest record of the last object, when it was
 * delivered). A deleted delivery stream's series go at the next scrape.
 */
public final class DeliveryMetrics {
    private static final String LABEL = "delivery_stream";
    private final MetricsRegistry.CounterFamily incomingRecords;
    private final MetricsRegistry.CounterFamily incomingBytes;
    private final MetricsRegistry.CounterFamily deliveredRecords;
    private final MetricsRegistry.CounterFamily deliveredBytes;
    private final MetricsRegistry.CounterFamily deliveredObjects;
    private final MetricsRegistry.CounterFamily failedAttempts;
    private final Map<String, Double> freshnessSeconds = new ConcurrentHashMap<>();

    public DeliveryMetrics(MetricsRegistry registry, Supplier<List<String>> existing) {
        incomingRecords = registry.counter("riffle_firehose_incoming_records_total",
                "Records acknowledged by PutRecord and PutRecordBatch (IncomingRecords).", LABEL);
        incomingBytes = registry.counter("riffle_firehose_incoming_bytes_total",
                "Bytes of the records acknowledged by PutRecord and PutRecordBatch (IncomingBytes).", LABEL);
        deliveredRecords = registry.counter("riffle_firehose_delivery_to_s3_records_total",
                "Records delivered to S3 (DeliveryToS3.Records).", LABEL);
        deliveredBytes = registry.counter("riffle_firehose_delivery_to_s3_bytes_total",
                "Bytes of the records delivered to S3, before compression (DeliveryToS3.Bytes).", LABEL);
        deliveredObjects = registry.counter("riffle_firehose_delivery_to_s3_success_total",
                "Objects delivered to S3 (DeliveryToS3.Success).", LABEL);
        failedAttempts = registry.counter("riffle_firehose_delivery_to_s3_failures_total",
                "Object uploads that failed and will be retried.", LABEL);
        registry.gauge("riffle_firehose_delivery_to_s3_data_freshness_seconds",
                "Age of the oldest record of the last delivered object when it was delivered (DeliveryToS3.DataFreshness).",
                List.of(LABEL), samples -> freshnessSeconds.forEach((name, v) -> samples.add(v, name)));
        registry.beforeScrape(() -> {
            List<String> names = existing.get();
            freshnessSeconds.keySet().retainAll(names);
            registry.forget(LABEL, name -> !names.contains(name));
        });
    }

    /** A registry of its own, for tests that do not look at metrics. */
    public static DeliveryMetrics unregistered() {
        return new DeliveryMetrics(new MetricsRegistry(), List::of);
    }

    public void incoming(String name, long records, long bytes) {
        incomingRecords.labels(name).add(records);
        incomingBytes.labels(name).add(bytes);
    }

    void delivered(String name, long records, long bytes, long freshnessMs, long uploadMs) {
        deliveredRecords.labels(name).add(records);
        deliveredBytes.labels(name).add(bytes);
        deliveredObjects.labels(name).inc();
        freshnessSeconds.put(name, freshnessMs / 1000.0);
    }

    void failed(String name) {
        failedAttempts.labels(name).inc();
    }
}
