package io.riffle.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.aws.metrics.MetricsRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Incoming records and bytes per second of every stream, over the last {@link #HISTORY} samples, for the console's
 * sparklines. {@link #sample()} (once a second, on the console's timer thread) reads the server's Kinesis counters
 * (IncomingRecords, IncomingBytes) from the metrics registry and keeps the differences; a counter that goes down (the
 * stream was deleted and created again) counts as a restart from 0. Synchronized: sampled on one thread, read on the
 * event loops.
 */
final class StreamRates {

    static final int HISTORY = 60;
    static final String INCOMING_RECORDS = "riffle_kinesis_incoming_records_total";
    static final String INCOMING_BYTES = "riffle_kinesis_incoming_bytes_total";

    private final MetricsRegistry registry;
    private final LongSupplier clockMs;
    private final Map<String, Series> byStream = new HashMap<>();
    private long lastSampleMs = -1;

    StreamRates(MetricsRegistry registry, LongSupplier clockMs) {
        this.registry = registry;
        this.clockMs = clockMs;
    }

    /** One point per stream: the rates since the last sample. */
    synchronized void sample() {
        String text = registry.render();
        long now = clockMs.getAsLong();
        Map<String, Double> records = PrometheusText.samplesByLabel(text, INCOMING_RECORDS, "stream");
        Map<String, Double> bytes = PrometheusText.samplesByLabel(text, INCOMING_BYTES, "stream");
        double seconds = lastSampleMs < 0 ? 0 : Math.max(1, now - lastSampleMs) / 1000.0;
        byStream.keySet().retainAll(records.keySet());
        for (Map.Entry<String, Double> e : records.entrySet()) {
            Series s = byStream.computeIfAbsent(e.getKey(), k -> new Series());
            s.add(now, seconds, e.getValue(), bytes.getOrDefault(e.getKey(), 0.0));
        }
        lastSampleMs = now;
    }

    /** {@code {"streams":{name:{"t":[ms...],"records":[per s...],"bytes":[per s...]}}}}. */
    synchronized ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        ObjectNode streams = root.putObject("streams");
        byStream.forEach((name, series) -> {
            ObjectNode s = streams.putObject(name);
            ArrayNode t = s.putArray("t");
            ArrayNode records = s.putArray("records");
            ArrayNode bytes = s.putArray("bytes");
            for (Point p : series.points) {
                t.add(p.atMs);
                records.add(p.recordsPerSecond);
                bytes.add(p.bytesPerSecond);
            }
        });
        return root;
    }

    private record Point(long atMs, double recordsPerSecond, double bytesPerSecond) {
    }

    /** One stream's recent points and its counters at the last sample. */
    private static final class Series {
        final Deque<Point> points = new ArrayDeque<>();
        double lastRecords; // a stream first seen between two samples counts from 0
        double lastBytes;

        void add(long atMs, double seconds, double records, double bytes) {
            if (seconds > 0) {
                // a counter below its last value restarted from 0 (the stream is another incarnation)
                double r = records >= lastRecords ? records - lastRecords : records;
                double b = bytes >= lastBytes ? bytes - lastBytes : bytes;
                points.addLast(new Point(atMs, r / seconds, b / seconds));
                if (points.size() > HISTORY) {
                    points.removeFirst();
                }
            }
            lastRecords = records;
            lastBytes = bytes;
        }
    }
}
