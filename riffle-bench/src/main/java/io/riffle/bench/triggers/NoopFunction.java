package io.riffle.bench.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A function that does nothing, served in the benchmark's JVM over the Lambda invoke contract
 * ({@code POST /2015-03-31/functions/NAME/invocations}, answer 200 {@code {}}): it counts the invocations and records
 * it is given, and for a record whose data is {@code T<System.nanoTime() at the put>} it records the put-to-invocation
 * latency (the producer runs in this JVM, so the clocks are one). Handler threads: a small pool, as many invocations
 * at once as the server sends (one per shard).
 */
final class NoopFunction implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY_ANSWER = "{}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(8);
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong firstInvocationNanos = new AtomicLong();
    private final AtomicLong lastRecordNanos = new AtomicLong();
    /** Microseconds from the put's start to the invocation's arrival; guarded by itself. */
    private final Histogram latencyMicros = new Histogram(60_000_000L, 3);

    NoopFunction() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.setExecutor(handlers);
        server.start();
    }

    /** The invoke URL of the function {@code name}, for the server's {@code function.NAME.url} setting. */
    String invokeUrl(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/2015-03-31/functions/" + name + "/invocations";
    }

    /** Stamped records put before this are not timed (a warm-up's). */
    private volatile long timedFromNanos = Long.MIN_VALUE;

    /** Starts a new count (between runs), timing the records put from {@code timedFromNanos} on. */
    void reset(long timedFromNanos) {
        this.timedFromNanos = timedFromNanos;
        invocations.set(0);
        records.set(0);
        firstInvocationNanos.set(0);
        lastRecordNanos.set(0);
        synchronized (latencyMicros) {
            latencyMicros.reset();
        }
    }

    long invocations() {
        return invocations.get();
    }

    long records() {
        return records.get();
    }

    /** Nanoseconds from the first invocation's arrival to the arrival of the latest record. */
    long deliveryNanos() {
        return lastRecordNanos.get() - firstInvocationNanos.get();
    }

    /** A copy of the latencies recorded since the last reset. */
    Histogram latencies() {
        synchronized (latencyMicros) {
            return latencyMicros.copy();
        }
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrivedNanos = System.nanoTime();
            firstInvocationNanos.compareAndSet(0, arrivedNanos);
            JsonNode event;
            try (InputStream in = exchange.getRequestBody()) {
                event = JSON.readTree(in);
            }
            invocations.incrementAndGet();
            int count = 0;
            for (JsonNode record : event.path("Records")) {
                count++;
                byte[] data = Base64.getDecoder().decode(record.path("kinesis").path("data").asText());
                if (data.length > 1 && data[0] == 'T') {
                    long putNanos = Long.parseLong(new String(data, 1, data.length - 1, StandardCharsets.US_ASCII));
                    if (putNanos < timedFromNanos) {
                        continue;
                    }
                    synchronized (latencyMicros) {
                        latencyMicros.recordValue(Math.max(0, (arrivedNanos - putNanos) / 1000));
                    }
                }
            }
            records.addAndGet(count);
            lastRecordNanos.accumulateAndGet(arrivedNanos, Math::max);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, EMPTY_ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(EMPTY_ANSWER);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
