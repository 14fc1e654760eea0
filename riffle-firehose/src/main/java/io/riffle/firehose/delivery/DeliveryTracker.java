package io.riffle.firehose.delivery;

import io.riffle.aws.metrics.MetricsRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What operators ask of a delivery stream and Firehose's API does not answer: how full its buffers are and what its
 * last deliveries were. The delivery thread publishes them ({@link #buffered}, {@link #delivered}) as immutable
 * values; any thread reads them ({@link #buffers}, {@link #lastDeliveries}): the console and the gauges in
 * {@code /metrics}. Nothing here is durable: after a restart the buffers are filled again from the log by the next
 * delivery pass, and the last deliveries start empty.
 */
public final class DeliveryTracker {
    /** How many deliveries (and failed attempts) each stream keeps, newest first. */
    public static final int LAST_DELIVERIES = 10;

    /**
     * One buffer: the records after the delivery checkpoint not yet planned into an object, for a dynamic partition
     * ({@code partition} is the evaluated prefix; null for a stream without dynamic partitioning).
     */
    public record BufferFill(String partition, long records, long bytes, long oldestArrivalMs) {
    }

    /**
     * One delivery or failed attempt: the destination type ({@code ExtendedS3}, {@code HttpEndpoint}), what it went to (the
     * object's {@code bucket/key} or the endpoint's URL), its records and their bytes before compression, when, and
     * for a failure Firehose's error code and the message.
     */
    public record Delivery(String destination, String target, long records, long bytes, long atMs, String errorCode,
                           String errorMessage) {
        public static Delivery succeeded(String destination, String target, long records, long bytes, long atMs) {
            return new Delivery(destination, target, records, bytes, atMs, null, null);
        }

        public boolean isFailure() {
            return errorCode != null;
        }
    }

    private final Map<String, List<BufferFill>> buffers = new ConcurrentHashMap<>();
    private final Map<String, Deque<Delivery>> deliveries = new ConcurrentHashMap<>();

    /** The stream's buffers now (the delivery thread, after each pass over it). */
    void buffered(String name, List<BufferFill> fills) {
        buffers.put(name, List.copyOf(fills));
    }

    void delivered(String name, Delivery delivery) {
        Deque<Delivery> last = deliveries.computeIfAbsent(name, n -> new ArrayDeque<>());
        synchronized (last) {
            last.addFirst(delivery);
            while (last.size() > LAST_DELIVERIES) {
                last.removeLast();
            }
        }
    }

    /** Forgets the streams not in {@code names} (deleted ones). */
    void retainAll(Set<String> names) {
        buffers.keySet().retainAll(names);
        deliveries.keySet().retainAll(names);
    }

    public List<BufferFill> buffers(String name) {
        return buffers.getOrDefault(name, List.of());
    }

    /** The stream's last deliveries and failed attempts, newest first. */
    public List<Delivery> lastDeliveries(String name) {
        Deque<Delivery> last = deliveries.get(name);
        if (last == null) {
            return List.of();
        }
        synchronized (last) {
            return List.copyOf(last);
        }
    }

    /**
     * Registers the buffer fill as gauges labelled {@code delivery_stream} (like Firehose's other series; Firehose
     * publishes no such metric): records and bytes buffered, summed over a stream's partitions, and the age of the
     * oldest buffered record by {@code nowMs}.
     */
    public void register(MetricsRegistry registry, LongSupplier nowMs) {
        List<String> label = List.of("delivery_stream");
        registry.gauge("riffle_firehose_buffered_records", "Records buffered for delivery, not yet in an object or"
                + " batch, summed over the dynamic partitions (Firehose has no such metric).", label,
                samples -> buffers.forEach((name, fills) -> samples.add(
                        fills.stream().mapToLong(BufferFill::records).sum(), name)));
        registry.gauge("riffle_firehose_buffered_bytes", "Bytes of the records buffered for delivery, summed over the"
                + " dynamic partitions (Firehose has no such metric).", label,
                samples -> buffers.forEach((name, fills) -> samples.add(
                        fills.stream().mapToLong(BufferFill::bytes).sum(), name)));
        registry.gauge("riffle_firehose_buffer_oldest_record_age_seconds", "Age of the oldest buffered record; a"
                + " buffer is delivered when it reaches BufferingHints.IntervalInSeconds (0 when nothing is"
                + " buffered).", label,
                samples -> buffers.forEach((name, fills) -> samples.add(fills.stream()
                        .mapToLong(BufferFill::oldestArrivalMs).min()
                        .stream().mapToDouble(oldest -> Math.max(0, nowMs.getAsLong() - oldest) / 1000.0)
                        .findFirst().orElse(0), name)));
    }
}
