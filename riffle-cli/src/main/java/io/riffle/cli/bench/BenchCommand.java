package io.riffle.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.Units;
import io.riffle.cli.client.UsageException;
import io.riffle.cli.stream.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * {@code riffle bench STREAM}: a quick load test with PutRecords, printing records/s, MB/s and the
 * latency percentiles of the calls every second, then the totals. Calls run concurrently from
 * the SDK's threads (at most {@code --concurrency} in flight); the main thread sends, a
 * scheduler thread prints.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A quick load test: records/s, MB/s and latency percentiles as it runs.",
            "PutRecords calls of --batch records of"
                + " --record-size random bytes under random partition keys, --concurrency calls in flight, for"
                + " --duration seconds. Prints each second records/s, MB/s, the latency percentiles of the calls"
                + " and the entries refused (throttled), then the totals. Measures the client machine too: run it"
                + " elsewhere than the server for figures to publish.",
            "Example:",
            "  riffle bench load --create --shards 4 --duration 30 --record-size 512 --concurrency 8"})
public final class BenchCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "STREAM", description = "Stream to write to.")
    String stream;

    @Option(names = "--create", description = "Create the stream (--shards) when it does not exist.")
    boolean isCreate;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "1", description = "Shards for --create (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10", description = "How long (default ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--record-size", paramLabel = "BYTES", defaultValue = "1024",
            description = "Data bytes per record (default ${DEFAULT-VALUE}).")
    int recordSizeBytes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100", description = "Records per PutRecords (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "4",
            description = "PutRecords calls in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the random keys and data.")
    long seed;

    /** What one interval (or the whole run) saw. */
    private static final class Window {
        final long startNanos = System.nanoTime();
        final LatencyHistogram latency = new LatencyHistogram();
        final AtomicLong records = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong failedCalls = new AtomicLong();

        void record(long micros, long okRecords, long okBytes, long refusedRecords) {
            latency.recordMicros(micros);
            records.addAndGet(okRecords);
            bytes.addAndGet(okBytes);
            refused.addAndGet(refusedRecords);
        }
    }

    @Override
    protected int run() throws Exception {
        if (batch < 1 || batch > 500 || recordSizeBytes < 1 || recordSizeBytes > 1024 * 1024 || concurrency < 1
                || durationSeconds < 1) {
            throw new UsageException("need 1 <= --batch <= 500, 1 <= --record-size <= 1048576, --concurrency >= 1,"
                    + " --duration >= 1");
        }
        prepareStream();
        List<List<PutRecordsRequestEntry>> batches = batches();
        Window total = new Window();
        AtomicReference<Window> interval = new AtomicReference<>(new Window());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(concurrency);
        if (!isJson()) {
            println(String.format(Locale.ROOT, "bench %s: %d-byte records, %d per call, %d calls in flight, %d s",
                    stream, recordSizeBytes, batch, concurrency, durationSeconds));
            println(String.format(Locale.ROOT, "%6s  %12s  %10s  %9s  %9s  %9s  %9s  %8s",
                    "time", "records/s", "MB/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "refused"));
        }
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-bench-report");
            t.setDaemon(true);
            return t;
        });
        long startNanos = System.nanoTime();
        reporter.scheduleAtFixedRate(() -> report(interval.getAndSet(new Window()), startNanos, false),
                1, 1, TimeUnit.SECONDS);
        long endNanos = startNanos + Duration.ofSeconds(durationSeconds).toNanos();
        int next = 0;
        try {
            while (System.nanoTime() < endNanos && failure.get() == null) {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                List<PutRecordsRequestEntry> entries = batches.get(next++ % batches.size());
                long sentNanos = System.nanoTime();
                kinesis().putRecords(r -> r.streamName(stream).records(entries)).whenComplete((response, t) -> {
                    long micros = (System.nanoTime() - sentNanos) / 1_000;
                    inFlight.release();
                    if (t != null) {
                        total.failedCalls.incrementAndGet();
                        failure.compareAndSet(null, t);
                        return;
                    }
                    int refused = response.failedRecordCount() == null ? 0 : response.failedRecordCount();
                    long ok = entries.size() - refused;
                    total.record(micros, ok, ok * recordSizeBytes, refused);
                    interval.get().record(micros, ok, ok * recordSizeBytes, refused);
                });
            }
            inFlight.acquire(concurrency); // the last calls
        } finally {
            reporter.shutdownNow();
            reporter.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (failure.get() != null) {
            throw failure.get() instanceof Exception e ? e : new RuntimeException(failure.get());
        }
        report(total, startNanos, true);
        return 0;
    }

    private void prepareStream() throws InterruptedException {
        try {
            Streams.summary(kinesis(), stream);
        } catch (java.util.concurrent.CompletionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException) || !isCreate) {
                throw e;
            }
            kinesis().createStream(r -> r.streamName(stream).shardCount(shards)).join();
            Streams.awaitActive(kinesis(), stream, Duration.ofMinutes(2));
        }
    }

    /** A few distinct batches, made once, sent in turn: the client's own cost stays out of the figures. */
    private List<List<PutRecordsRequestEntry>> batches() {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<PutRecordsRequestEntry>> batches = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                byte[] data = new byte[recordSizeBytes];
                random.nextBytes(data);
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(Long.toHexString(random.nextLong()))
                        .data(SdkBytes.fromByteArrayUnsafe(data)).build());
            }
            batches.add(List.copyOf(entries));
        }
        return batches;
    }

    private synchronized void report(Window window, long runStartNanos, boolean isTotal) {
        double seconds = Math.max(1e-9, (System.nanoTime() - window.startNanos) / 1e9);
        double recordsPerSecond = window.records.get() / seconds;
        double megabytesPerSecond = window.bytes.get() / seconds / 1e6;
        LatencyHistogram h = window.latency;
        if (isJson()) {
            ObjectNode node = SdkJson.MAPPER.createObjectNode()
                    .put("Total", isTotal)
                    .put("Seconds", isTotal ? seconds : (System.nanoTime() - runStartNanos) / 1e9)
                    .put("Records", window.records.get()).put("Bytes", window.bytes.get())
                    .put("RecordsPerSecond", recordsPerSecond).put("MegabytesPerSecond", megabytesPerSecond)
                    .put("Calls", h.count()).put("P50Ms", h.percentileMicros(50) / 1e3)
                    .put("P99Ms", h.percentileMicros(99) / 1e3).put("P999Ms", h.percentileMicros(99.9) / 1e3)
                    .put("MaxMs", h.maxMicros() / 1e3).put("Refused", window.refused.get());
            out().println(node.toString());
            out().flush();
            return;
        }
        String time = isTotal ? "total" : Math.round((System.nanoTime() - runStartNanos) / 1e9) + " s";
        String line = String.format(Locale.ROOT, "%6s  %12s  %10s  %9s  %9s  %9s  %9s  %8s", time,
                Units.count(recordsPerSecond), String.format(Locale.ROOT, "%.2f", megabytesPerSecond),
                Units.millis(h.percentileMicros(50) / 1e3), Units.millis(h.percentileMicros(99) / 1e3),
                Units.millis(h.percentileMicros(99.9) / 1e3), Units.millis(h.maxMicros() / 1e3),
                Units.count(window.refused.get()));
        println(isTotal ? terminal().bold(line) : line);
    }
}
