package io.riffle.bench.kinesis;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.ProcStats;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Firehose end to end against a child server delivering into its embedded S3 folder:
 * <ol>
 *   <li><b>ingest</b>: PutRecordBatch of 500 x 1 KiB records from several producer threads for a while, into a
 *       DirectPut delivery stream with GZIP off and on, alternated round by round (records/s and MB/s acknowledged, the server's CPU per
 *       MB; delivery runs meanwhile, so compression's cost is in the figures);</li>
 *   <li><b>partitioned ingest</b> ({@code --partitions=N}, 0 for none): the same into a stream with dynamic
 *       partitioning, 1 KiB JSON records spread over N keys that a jq MetadataExtraction query reads (a buffer per
 *       partition on the server);</li>
 *   <li><b>delivery lag</b>: at 1 MiB buffers, four PutRecordBatch calls of 256 x 1 KiB fill a buffer; the lag is
 *       from the fourth call's answer to the object being listed in the store's folder (polled every 2 ms), p50 and
 *       p99 over the samples.</li>
 * </ol>
 * The quota is off ({@code firehose-put-*-per-second=0}) so the server, not the quota, is measured. Markdown for
 * docs/benchmarks.md on stdout.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.FirehoseBench [--seconds=10] [--warmup=3]
 *       [--producers=4] [--rounds=2] [--lag-samples=50] [--partitions=8] [--server-jar=riffle-cli/target/riffle.jar] [--dir=target/firehose-bench]
 * </pre>
 */
public final class FirehoseBench {
    private static final int RECORD_BYTES = 1024;
    private static final int BATCH = 500;
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";

    private final Map<String, String> options;
    private final PrintStream progress;

    /** What the ingest of one compression measured. */
    record Ingest(int round, String compression, double recordsPerSecond, double megabytesPerSecond, double serverCpuMsPerMb,
                  long failedRecords, String loadAverage) {
    }

    private FirehoseBench(Map<String, String> options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLine.parseOrExit("firehose-bench", null,
                () -> CommandLine.parse(args, Set.of(), Set.of("seconds", "warmup", "producers", "lag-samples", "rounds",
                        "server-jar", "dir", "partitions")));
        new FirehoseBench(options, System.err).run(String.join(" ", args), System.out);
    }

    private void run(String args, PrintStream out) throws Exception {
        int seconds = (int) CommandLine.wholeNumber(options, "seconds", 1, 3600, 10);
        int warmup = (int) CommandLine.wholeNumber(options, "warmup", 0, 600, 3);
        int producers = (int) CommandLine.wholeNumber(options, "producers", 1, 64, 4);
        int samples = (int) CommandLine.wholeNumber(options, "lag-samples", 1, 10_000, 50);
        int rounds = (int) CommandLine.wholeNumber(options, "rounds", 1, 100, 2);
        int partitions = (int) CommandLine.wholeNumber(options, "partitions", 0, 500, 8);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("firehose-create-delay-ms", "0");
        settings.put("firehose-delivery-tick-ms", "100");
        settings.put("firehose-put-records-per-second", "0");
        settings.put("firehose-put-requests-per-second", "0");
        settings.put("firehose-put-bytes-per-second", "0");
        List<Ingest> ingests = new ArrayList<>();
        double[] lagMs;
        String lagLoad;
        try (ChildServer server = ChildServer.start(Path.of(options.getOrDefault("server-jar",
                "riffle-cli/target/riffle.jar")), List.of(), settings, Path.of(options.getOrDefault("dir",
                "target/firehose-bench")));
             FirehoseClient firehose = client(server, producers)) {
            for (int round = 1; round <= rounds; round++) { // alternated, so warm-up and load fall on both alike
                for (CompressionFormat compression : List.of(CompressionFormat.UNCOMPRESSED, CompressionFormat.GZIP)) {
                    String name = "ingest-" + compression.toString().toLowerCase(Locale.ROOT) + "-" + round;
                    createActive(firehose, name, name, compression, 5);
                    progress.println("round " + round + ", " + compression + ": " + producers + " producers, "
                            + seconds + " s");
                    ingests.add(ingest(server, firehose, name, round, compression.toString(), producers, warmup,
                            seconds, records(BATCH)));
                }
                if (partitions > 0) { // dynamic partitioning: jq on every record, a buffer per partition
                    String name = "ingest-partitioned-" + round;
                    createPartitioned(firehose, name);
                    progress.println("round " + round + ", " + partitions + " dynamic partitions: " + producers
                            + " producers, " + seconds + " s");
                    ingests.add(ingest(server, firehose, name, round, "UNCOMPRESSED, " + partitions + " partitions",
                            producers, warmup, seconds, partitionedRecords(BATCH, partitions)));
                }
            }
            lagLoad = MachineInfo.loadAverageNow();
            createActive(firehose, "lag", "lag", CompressionFormat.UNCOMPRESSED, 1);
            progress.println("delivery lag at 1 MiB buffers: " + samples + " samples");
            lagMs = lag(server, firehose, samples);
        }
        print(args, producers, ingests, lagMs, lagLoad, out);
    }

    private static FirehoseClient client(ChildServer server, int threads) {
        return FirehoseClient.builder().endpointOverride(server.endpoint()).region(KinesisClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE",
                        "firehose-bench")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(threads)
                        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    private static void createActive(FirehoseClient firehose, String name, String bucket, CompressionFormat compression,
                                     int sizeMiB) throws InterruptedException {
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> d
                .roleARN(ROLE).bucketARN("arn:aws:s3:::" + bucket).compressionFormat(compression)
                .bufferingHints(h -> h.sizeInMBs(sizeMiB).intervalInSeconds(60))));
        while (firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription()
                .deliveryStreamStatus() != DeliveryStreamStatus.ACTIVE) {
            Thread.sleep(20); // a poll of the stream's state, not a measurement
        }
    }

    /** UNCOMPRESSED at 5 MiB / 60 s, partitioned by a jq query on each record's {@code p}. */
    private static void createPartitioned(FirehoseClient firehose, String name) throws InterruptedException {
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> d
                .roleARN(ROLE).bucketARN("arn:aws:s3:::" + name).prefix("p=!{partitionKeyFromQuery:p}/")
                .errorOutputPrefix("errors/").bufferingHints(h -> h.sizeInMBs(5).intervalInSeconds(60))
                .dynamicPartitioningConfiguration(p -> p.enabled(true))
                .processingConfiguration(c -> c.enabled(true).processors(Processor.builder()
                        .type("MetadataExtraction").parameters(
                                ProcessorParameter.builder().parameterName("MetadataExtractionQuery")
                                        .parameterValue("{p: .p}").build(),
                                ProcessorParameter.builder().parameterName("JsonParsingEngine")
                                        .parameterValue("JQ-1.6").build()).build()))));
        while (firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription()
                .deliveryStreamStatus() != DeliveryStreamStatus.ACTIVE) {
            Thread.sleep(20); // a poll of the stream's state, not a measurement
        }
    }

    /** 1 KiB JSON records {@code {"p":"k<n>","pad":"..."}}, spread round-robin over {@code partitions} keys. */
    private static List<Record> partitionedRecords(int count, int partitions) {
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String head = "{\"p\":\"k" + (i % partitions) + "\",\"pad\":\"";
            String json = head + "x".repeat(RECORD_BYTES - head.length() - 2) + "\"}";
            records.add(Record.builder().data(SdkBytes.fromUtf8String(json)).build());
        }
        return records;
    }

    private static List<Record> records(int count) {
        SdkBytes data = SdkBytes.fromByteArray(new byte[RECORD_BYTES]);
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(Record.builder().data(data).build());
        }
        return records;
    }

    private Ingest ingest(ChildServer server, FirehoseClient firehose, String name, int round, String compression,
                          int producers, int warmup, int seconds, List<Record> batch)
            throws IOException, InterruptedException {
        String loadAverage = MachineInfo.loadAverageNow();
        AtomicBoolean isRunning = new AtomicBoolean(true);
        AtomicBoolean isMeasuring = new AtomicBoolean();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                while (isRunning.get()) {
                    try {
                        PutRecordBatchResponse put = firehose.putRecordBatch(b -> b.deliveryStreamName(name)
                                .records(batch));
                        if (isMeasuring.get()) {
                            acknowledged.addAndGet(BATCH - put.failedPutCount());
                            failed.addAndGet(put.failedPutCount());
                        }
                    } catch (SdkException e) {
                        if (isMeasuring.get()) {
                            failed.addAndGet(BATCH);
                        }
                    }
                }
            }, "firehose-bench-producer-" + p);
            t.start();
            threads.add(t);
        }
        Thread.sleep(warmup * 1000L);
        long cpuBefore = ProcStats.cpuNanos(server.pid());
        long startNanos = System.nanoTime();
        isMeasuring.set(true);
        Thread.sleep(seconds * 1000L);
        isMeasuring.set(false);
        long elapsedNanos = System.nanoTime() - startNanos;
        long cpuNanos = ProcStats.cpuNanos(server.pid()) - cpuBefore;
        isRunning.set(false);
        for (Thread t : threads) {
            t.join();
        }
        double megabytes = acknowledged.get() * (double) RECORD_BYTES / 1e6;
        double elapsedSeconds = elapsedNanos / 1e9;
        return new Ingest(round, compression, acknowledged.get() / elapsedSeconds, megabytes / elapsedSeconds,
                megabytes == 0 ? 0 : cpuNanos / 1e6 / megabytes, failed.get(), loadAverage);
    }

    /** Milliseconds from the answer of the call that fills a 1 MiB buffer to its object being listed, sorted. */
    private static double[] lag(ChildServer server, FirehoseClient firehose, int samples) throws InterruptedException {
        Path bucket = server.dataDir().resolve("s3").resolve("lag");
        List<Record> quarter = records(256); // four of them are exactly 1 MiB
        double[] lagMs = new double[samples];
        for (int i = 0; i < samples; i++) {
            for (int q = 0; q < 3; q++) {
                firehose.putRecordBatch(b -> b.deliveryStreamName("lag").records(quarter));
            }
            firehose.putRecordBatch(b -> b.deliveryStreamName("lag").records(quarter));
            long filledNanos = System.nanoTime();
            while (objectCount(bucket) <= i) {
                Thread.sleep(2); // polling the folder is what a reader of the bucket does
            }
            lagMs[i] = (System.nanoTime() - filledNanos) / 1e6;
        }
        Arrays.sort(lagMs);
        return lagMs;
    }

    private static long objectCount(Path bucket) {
        if (!Files.isDirectory(bucket)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
                return 0; // a temporary file renamed while the walk passed it: look again
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void print(String args, int producers, List<Ingest> ingests, double[] lagMs, String lagLoad,
                              PrintStream out) {
        out.println("`java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.FirehoseBench " + args + "`");
        out.println();
        out.println("PutRecordBatch of " + BATCH + " x 1 KiB, " + producers + " producer threads, Java SDK v2 (JSON)"
                + " over Apache HTTP/1.1, delivery into the embedded folder at 5 MiB buffers:");
        out.println();
        out.println("| round | compression | records/s | MB/s | server CPU per MB | failed | load average (start) |");
        out.println("|--:|---|--:|--:|--:|--:|---|");
        for (Ingest i : ingests) {
            out.printf(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %.0f ms | %d | %s |%n", i.round(), i.compression(),
                    i.recordsPerSecond(),
                    i.megabytesPerSecond(), i.serverCpuMsPerMb(), i.failedRecords(), i.loadAverage());
        }
        out.println();
        out.printf(Locale.ROOT, "Delivery lag at 1 MiB buffers (%d samples, the call that fills the buffer to its"
                + " object listed): p50 %.1f ms, p99 %.1f ms, max %.1f ms; load average (start) %s.%n", lagMs.length,
                percentile(lagMs, 0.50), percentile(lagMs, 0.99), lagMs[lagMs.length - 1], lagLoad);
    }
}
