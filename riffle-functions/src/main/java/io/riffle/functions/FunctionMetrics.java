package io.riffle.functions;

import io.riffle.aws.metrics.MetricsRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The invoker's metrics, labelled by function name: invocations by outcome, their total duration and payload
 * bytes (counters), and the invocations running and waiting for a slot (gauges read at scrape time).
 */
final class FunctionMetrics {
    private final MetricsRegistry.CounterFamily invocations;
    private final MetricsRegistry.CounterFamily durationMs;
    private final MetricsRegistry.CounterFamily payloadBytes;

    FunctionMetrics(MetricsRegistry registry, Supplier<Map<String, ConcurrencyLimit>> limits) {
        invocations = registry.counter("riffle_function_invocations_total",
                "Function invocations by outcome (success, function_error, unavailable, rejected, unresolved)",
                "function", "outcome");
        durationMs = registry.counter("riffle_function_invocation_duration_ms_total",
                "Time spent in function invocations, from sending the request to the whole answer", "function");
        payloadBytes = registry.counter("riffle_function_payload_bytes_total",
                "Payload bytes sent to (request) and received from (response) functions", "function", "direction");
        registry.gauge("riffle_function_invocations_running", "Invocations in flight", List.of("function"),
                samples -> limits.get().forEach((name, limit) -> samples.add(limit.running(), name)));
        registry.gauge("riffle_function_invocations_waiting", "Invocations waiting for a concurrency slot",
                List.of("function"), samples -> limits.get().forEach((name, limit) -> samples.add(limit.waiting(), name)));
    }

    void record(String function, InvokeResult result, long elapsedMs, int requestBytes) {
        invocations.labels(function, result.status().name().toLowerCase(java.util.Locale.ROOT)).inc();
        durationMs.labels(function).add(elapsedMs);
        payloadBytes.labels(function, "request").add(requestBytes);
        payloadBytes.labels(function, "response").add(result.payload().length);
    }
}
