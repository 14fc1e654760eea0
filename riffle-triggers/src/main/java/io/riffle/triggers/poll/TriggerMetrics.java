package io.riffle.triggers.poll;

import io.riffle.aws.metrics.MetricsRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per mapping (labelled by UUID), what Lambda's CloudWatch metrics show a mapping's user: invocations by outcome
 * (Invocations; Errors are the outcomes but {@code success}), records processed and discarded,
 * records per invocation (the batch sizes), invocation records the OnFailure destination did not take
 * (DestinationDeliveryFailures), and the iterator age (IteratorAge: how old the last record handed to the
 * function was when it was handed over, in ms).
 */
final class TriggerMetrics {
    private final MetricsRegistry.CounterFamily invocations;
    private final MetricsRegistry.CounterFamily records;
    private final MetricsRegistry.HistogramFamily batchSizes;
    private final MetricsRegistry.CounterFamily deliveryFailures;
    private final Map<String, Long> iteratorAgeMs = new ConcurrentHashMap<>();

    TriggerMetrics(MetricsRegistry registry) {
        invocations = registry.counter("riffle_trigger_invocations_total",
                "Function invocations by event source mappings, by outcome", "mapping", "outcome");
        records = registry.counter("riffle_trigger_records_total",
                "Records of event source mappings: processed by the function, or discarded (retries or age exhausted)",
                "mapping", "outcome");
        batchSizes = registry.histogram("riffle_trigger_batch_size", "Records per invocation of the function",
                new double[] {1, 10, 100, 1_000, 10_000}, "mapping");
        deliveryFailures = registry.counter("riffle_trigger_destination_delivery_failures_total",
                "Invocation records of discarded batches the OnFailure destination did not take", "mapping");
        registry.gauge("riffle_trigger_iterator_age_ms", "Age of the last record handed to the function, in ms",
                List.of("mapping"), samples -> iteratorAgeMs.forEach((uuid, age) -> samples.add(age, uuid)));
    }

    void invoked(String uuid, String outcome) {
        invocations.labels(uuid, outcome).inc();
    }

    void batch(String uuid, int records) {
        batchSizes.labels(uuid).observe(records);
    }

    void processed(String uuid, int n) {
        records.labels(uuid, "processed").add(n);
    }

    void discarded(String uuid, int n) {
        records.labels(uuid, "discarded").add(n);
    }

    void destinationDeliveryFailed(String uuid) {
        deliveryFailures.labels(uuid).inc();
    }

    void iteratorAge(String uuid, long ageMs) {
        iteratorAgeMs.put(uuid, Math.max(0, ageMs));
    }

    void forget(String uuid) {
        iteratorAgeMs.remove(uuid);
    }
}
