package io.riffle.bench.triggers;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.KinesisStreams;
import io.riffle.bench.common.MachineInfo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;

/**
 * Stream triggers end to end, against a child server invoking {@link NoopFunction} (in this JVM) through the invoke
 * contract:
 * <ol>
 *   <li><b>delivery</b>: {@code --records} records of 100 bytes are put into a stream of {@code --shards} shards
 *       first; then a mapping (TRIM_HORIZON, one BatchSize per run) delivers them: records/s from the first
 *       invocation's arrival to the last record's, and the invocations it took;</li>
 *   <li><b>latency</b>: a mapping (LATEST, BatchSize 100) on a stream of {@code --shards} shards while a producer puts
 *       {@code --rate} records/s (PutRecords of 10 every 10 ms, each record stamped with its put's start) for
 *       {@code --seconds}, after {@code --warmup} seconds not counted; put start to invocation arrival, p50/p99/max.</li>
 * </ol>
 * Markdown for docs/benchmarks.md on stdout.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.triggers.TriggerBench [--records=200000]
 *       [--shards=4] [--batch-sizes=100,1000] [--rate=1000] [--seconds=20] [--warmup=3]
 *       [--server-jar=riffle-cli/target/riffle.jar] [--dir=target/trigger-bench]
 * </pre>
 */
public final class TriggerBench {
    private static final int RECORD_BYTES = 100;
    private static final int PUT_BATCH = 500;
    private static final long DELIVERY_TIMEOUT_MS = 600_000;

    private final Map<String, String> options;
    private final PrintStream progress;

    /** One delivery run. */
    record Delivery(int batchSize, long records, double seconds, long invocations, String loadAverage) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    /** The latency run: how many were put and delivered, at what rate, and the histogram (microseconds). */
    record Latency(long put, long delivered, double rate, Histogram micros, String loadAverage) {
    }

    private TriggerBench(Map<String, String> options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLine.parseOrExit("trigger-bench", null,
                () -> CommandLine.parse(args, Set.of(), Set.of("records", "shards", "batch-sizes", "rate", "seconds",
                        "warmup", "server-jar", "dir")));
        new TriggerBench(options, System.err).run(String.join(" ", args), System.out);
    }

    private void run(String args, PrintStream out) throws Exception {
        int records = (int) CommandLine.wholeNumber(options, "records", 1, 10_000_000, 200_000);
        int shards = (int) CommandLine.wholeNumber(options, "shards", 1, 100, 4);
        int rate = (int) CommandLine.wholeNumber(options, "rate", 10, 100_000, 1000);
        int seconds = (int) CommandLine.wholeNumber(options, "seconds", 1, 3600, 20);
        int warmup = (int) CommandLine.wholeNumber(options, "warmup", 0, 600, 3);
        List<Integer> batchSizes = new ArrayList<>();
        for (String size : options.getOrDefault("batch-sizes", "100,1000").split(",")) {
            batchSizes.add(Integer.parseInt(size.trim()));
        }
        List<Delivery> deliveries = new ArrayList<>();
        Latency latency;
        try (NoopFunction function = new NoopFunction()) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("function.noop.url", function.invokeUrl("noop"));
            settings.put("trigger-transition-delay-ms", "0");
            settings.put("throughput-limits", "false"); // the preload would meet the shards' write quota
            try (ChildServer server = ChildServer.start(Path.of(options.getOrDefault("server-jar",
                    "riffle-cli/target/riffle.jar")), List.of(), settings, Path.of(options.getOrDefault("dir",
                    "target/trigger-bench")));
                 KinesisClient kinesis = KinesisClients.create(server.endpoint(), 4);
                 LambdaClient lambda = LambdaClient.builder().endpointOverride(server.endpoint())
                         .region(KinesisClients.REGION).credentialsProvider(StaticCredentialsProvider.create(
                                 AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "trigger-bench")))
                         .httpClientBuilder(ApacheHttpClient.builder()).build()) {
                String arn = createStream(kinesis, "delivery", shards);
                progress.println("putting " + records + " records into " + shards + " shards");
                preload(kinesis, "delivery", records);
                for (int batchSize : batchSizes) {
                    progress.println("delivering them at BatchSize " + batchSize);
                    deliveries.add(deliver(lambda, function, arn, records, batchSize));
                }
                String latencyArn = createStream(kinesis, "latency", shards);
                progress.println("latency at " + rate + " records/s for " + seconds + " s");
                latency = latency(kinesis, lambda, function, latencyArn, rate, warmup, seconds);
            }
        }
        print(args, records, shards, deliveries, latency, out);
    }

    private static String createStream(KinesisClient kinesis, String name, int shards) throws InterruptedException {
        KinesisStreams.createAndAwait(kinesis, name, shards, 60_000);
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
    }

    private static void preload(KinesisClient kinesis, String stream, int records) {
        SdkBytes data = SdkBytes.fromByteArray(new byte[RECORD_BYTES]);
        for (int sent = 0; sent < records; sent += PUT_BATCH) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = sent; i < Math.min(records, sent + PUT_BATCH); i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i).data(data).build());
            }
            int failed = kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount();
            if (failed > 0) {
                throw new IllegalStateException(failed + " records refused while preloading");
            }
        }
    }

    private Delivery deliver(LambdaClient lambda, NoopFunction function, String arn, int records, int batchSize)
            throws InterruptedException {
        String loadAverage = MachineInfo.loadAverageNow();
        function.reset(Long.MIN_VALUE);
        String uuid = lambda.createEventSourceMapping(b -> b.functionName("noop").eventSourceArn(arn)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(batchSize)).uuid();
        long deadline = System.currentTimeMillis() + DELIVERY_TIMEOUT_MS;
        while (function.records() < records) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + function.records() + " of " + records + " delivered");
            }
            Thread.sleep(5); // a probe of the count; the figure comes from the function's own arrival times
        }
        lambda.deleteEventSourceMapping(b -> b.uuid(uuid));
        return new Delivery(batchSize, function.records(), function.deliveryNanos() / 1e9, function.invocations(),
                loadAverage);
    }

    private Latency latency(KinesisClient kinesis, LambdaClient lambda, NoopFunction function, String arn, int rate,
                            int warmup, int seconds) throws InterruptedException {
        String uuid = lambda.createEventSourceMapping(b -> b.functionName("noop").eventSourceArn(arn)
                .startingPosition(EventSourcePosition.LATEST).batchSize(100)).uuid();
        while (!lambda.getEventSourceMapping(b -> b.uuid(uuid)).state().equals("Enabled")) {
            Thread.sleep(10);
        }
        int perPut = 10;
        long intervalNanos = 1_000_000_000L * perPut / rate;
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        function.reset(measureFrom);
        long put = 0;
        for (long due = start; due < end; due += intervalNanos) {
            LockSupport.parkNanos(due - System.nanoTime());
            List<PutRecordsRequestEntry> entries = new ArrayList<>(perPut);
            long stamp = System.nanoTime();
            for (int i = 0; i < perPut; i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey(Long.toString(stamp + i))
                        .data(SdkBytes.fromString("T" + stamp, StandardCharsets.US_ASCII)).build());
            }
            kinesis.putRecords(b -> b.streamName("latency").records(entries));
            if (stamp >= measureFrom) {
                put += perPut;
            }
        }
        double achieved = put / ((System.nanoTime() - measureFrom) / 1e9);
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(60).toMillis();
        while (function.latencies().getTotalCount() < put && System.currentTimeMillis() < deadline) {
            Thread.sleep(5); // the last ones on their way
        }
        lambda.deleteEventSourceMapping(b -> b.uuid(uuid));
        Histogram micros = function.latencies();
        return new Latency(put, micros.getTotalCount(), achieved, micros, MachineInfo.loadAverageNow());
    }

    private static void print(String args, int records, int shards, List<Delivery> deliveries, Latency latency,
                              PrintStream out) {
        out.println("`java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.triggers.TriggerBench " + args + "`");
        out.println();
        out.printf(Locale.ROOT, "Delivery of %,d records of %d bytes already in %d shards to a no-op function "
                + "(ParallelizationFactor 1: one batch in flight per shard):%n%n", records, RECORD_BYTES, shards);
        out.println("| BatchSize | records/s delivered | invocations | records per invocation | load average (start) |");
        out.println("|--:|--:|--:|--:|---|");
        for (Delivery d : deliveries) {
            out.printf(Locale.ROOT, "| %d | %,.0f | %,d | %.1f | %s |%n", d.batchSize(), d.recordsPerSecond(),
                    d.invocations(), d.records() / (double) d.invocations(), d.loadAverage());
        }
        out.println();
        Histogram h = latency.micros();
        out.printf(Locale.ROOT, "Put to invocation at %,.0f records/s (PutRecords of 10 every 10 ms, %d shards, "
                        + "BatchSize 100): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d records (%,d put); "
                        + "load average (end) %s.%n", latency.rate(), shards,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                latency.delivered(), latency.put(), latency.loadAverage());
    }
}
