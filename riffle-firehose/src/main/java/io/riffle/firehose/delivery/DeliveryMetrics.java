package io.riffle.firehose.delivery;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.firehose.processing.RecordProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Firehose's CloudWatch metrics in Prometheus style, labelled {@code delivery_stream}: IncomingRecords,
 * IncomingBytes (records acknowledged by PutRecord/PutRecordBatch), DeliveryToS3.Records, .Bytes
 * (the records' bytes before compression), .Success (objects delivered), failed attempts, and
 * DeliveryToS3.DataFreshness (age in seconds of the oldest record of the last object, when it was
 * delivered), BackupToS3.Records/.Bytes/.Success (source record backup), ExecuteProcessing.Duration and
 * .Success (each Lambda invocation), SucceedProcessing.Records/.Bytes, ThrottledRecords (refused with "Slow
 * down." by the delivery stream's limits) and IncomingPutRequests. A deleted delivery stream's series go at
 * the next scrape.
 */
public final class DeliveryMetrics implements RecordProcessor.Invocations {
    private static final String LABEL = "delivery_stream";
    private static final double[] PROCESSING_BUCKETS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
        10, 30, 60};
    private final MetricsRegistry.CounterFamily incomingRecords;
    private final MetricsRegistry.CounterFamily incomingBytes;
    private final MetricsRegistry.CounterFamily deliveredRecords;
    private final MetricsRegistry.CounterFamily deliveredBytes;
    private final MetricsRegistry.CounterFamily deliveredObjects;
    private final MetricsRegistry.CounterFamily failedAttempts;
    private final MetricsRegistry.CounterFamily expiredRecords;
    private final MetricsRegistry.CounterFamily backupRecords;
    private final MetricsRegistry.CounterFamily backupBytes;
    private final MetricsRegistry.CounterFamily backupObjects;
    private final MetricsRegistry.CounterFamily invocations;
    private final MetricsRegistry.CounterFamily successfulInvocations;
    private final MetricsRegistry.HistogramFamily invocationSeconds;
    private final MetricsRegistry.CounterFamily processedRecords;
    private final MetricsRegistry.CounterFamily processedBytes;
    private final MetricsRegistry.CounterFamily throttledRecords;
    private final MetricsRegistry.CounterFamily putRequests;
    private final MetricsRegistry.CounterFamily httpRecords;
    private final MetricsRegistry.CounterFamily httpBytes;
    private final MetricsRegistry.CounterFamily httpSuccess;
    private final MetricsRegistry.CounterFamily httpFailures;
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
        backupRecords = registry.counter("riffle_firehose_backup_to_s3_records_total",
                "Source records backed up to S3 (BackupToS3.Records).", LABEL);
        backupBytes = registry.counter("riffle_firehose_backup_to_s3_bytes_total",
                "Bytes of the source records backed up to S3, before compression (BackupToS3.Bytes).", LABEL);
        backupObjects = registry.counter("riffle_firehose_backup_to_s3_success_total",
                "Backup objects written to S3 (BackupToS3.Success).", LABEL);
        invocations = registry.counter("riffle_firehose_execute_processing_invocations_total",
                "Lambda transform invocations, retries included (ExecuteProcessing.Success's denominator).", LABEL);
        successfulInvocations = registry.counter("riffle_firehose_execute_processing_success_total",
                "Lambda transform invocations that succeeded (ExecuteProcessing.Success's numerator).", LABEL);
        invocationSeconds = registry.histogram("riffle_firehose_execute_processing_duration_seconds",
                "Seconds each Lambda transform invocation took (ExecuteProcessing.Duration).",
                PROCESSING_BUCKETS_SECONDS, LABEL);
        processedRecords = registry.counter("riffle_firehose_succeed_processing_records_total",
                "Records the processors handled successfully (SucceedProcessing.Records).", LABEL);
        processedBytes = registry.counter("riffle_firehose_succeed_processing_bytes_total",
                "Bytes of the records the processors handled successfully (SucceedProcessing.Bytes).", LABEL);
        throttledRecords = registry.counter("riffle_firehose_throttled_records_total",
                "Records refused with ServiceUnavailableException \"Slow down.\" by the delivery stream's limits"
                        + " (ThrottledRecords).", LABEL);
        putRequests = registry.counter("riffle_firehose_incoming_put_requests_total",
                "PutRecord and PutRecordBatch calls acknowledged (IncomingPutRequests).", LABEL);
        httpRecords = registry.counter("riffle_firehose_delivery_to_http_endpoint_records_total",
                "Records the HTTP endpoint took (DeliveryToHttpEndpoint.Records).", LABEL);
        httpBytes = registry.counter("riffle_firehose_delivery_to_http_endpoint_bytes_total",
                "Bytes of the records the HTTP endpoint took (DeliveryToHttpEndpoint.Bytes).", LABEL);
        httpSuccess = registry.counter("riffle_firehose_delivery_to_http_endpoint_success_total",
                "Batches the HTTP endpoint took (DeliveryToHttpEndpoint.Success's numerator).", LABEL);
        httpFailures = registry.counter("riffle_firehose_delivery_to_http_endpoint_failures_total",
                "HTTP endpoint requests that failed and will be retried.", LABEL);
        expiredRecords = registry.counter("riffle_firehose_expired_records_total",
                "Records given up undelivered: past the delivery stream log's retention (Firehose drops DirectPut data "
                        + "it could not deliver in 24 hours), or trimmed from the source stream unread (Firehose "
                        + "publishes no metric of them).", LABEL);
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
        putRequests.labels(name).inc();
    }

    public void throttled(String name, long records) {
        throttledRecords.labels(name).add(records);
    }

    @Override
    public void invoked(String deliveryStreamArn, long durationMs, boolean isSuccess) {
        String name = deliveryStreamArn.substring(deliveryStreamArn.lastIndexOf('/') + 1);
        invocations.labels(name).inc();
        if (isSuccess) {
            successfulInvocations.labels(name).inc();
        }
        invocationSeconds.labels(name).observe(durationMs / 1000.0);
    }

    void processed(String name, long records, long bytes) {
        processedRecords.labels(name).add(records);
        processedBytes.labels(name).add(bytes);
    }

    void backedUp(String name, long records, long bytes) {
        backupRecords.labels(name).add(records);
        backupBytes.labels(name).add(bytes);
        backupObjects.labels(name).inc();
    }

    void delivered(String name, long records, long bytes, long freshnessMs, long uploadMs) {
        deliveredRecords.labels(name).add(records);
        deliveredBytes.labels(name).add(bytes);
        deliveredObjects.labels(name).inc();
        freshnessSeconds.put(name, freshnessMs / 1000.0);
    }

    void deliveredToHttpEndpoint(String name, long records, long bytes, long freshnessMs, long uploadMs) {
        httpRecords.labels(name).add(records);
        httpBytes.labels(name).add(bytes);
        httpSuccess.labels(name).inc();
        freshnessSeconds.put(name, freshnessMs / 1000.0);
    }

    void failedToHttpEndpoint(String name) {
        httpFailures.labels(name).inc();
    }

    void failed(String name) {
        failedAttempts.labels(name).inc();
    }

    /** Records given up: passed the log's retention undelivered, or trimmed from the source stream unread. */
    public void expired(String name, long records) {
        expiredRecords.labels(name).add(records);
    }
}
