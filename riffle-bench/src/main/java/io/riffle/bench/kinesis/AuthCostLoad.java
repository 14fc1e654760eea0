package io.riffle.bench.kinesis;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.ProcStats;
import io.riffle.bench.common.ServerMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * What authentication and the audit log cost on the write path, in one run: PutRecords throughput of a child
 * server with {@code auth=none}, with {@code auth=sigv4} (every request's signature verified), and with
 * {@code auth=sigv4} plus {@code audit-data-events=true} (every PutRecords a CloudTrail data event through the
 * bounded audit queue), the three alternated round by round so that a shared machine's load falls on each alike.
 * Per phase: acknowledged records/s and MB/s, the server's CPU per MB, the audit data events written and dropped
 * (the server's /metrics) and the load average at the phase's start. Markdown for docs/benchmarks.md on stdout.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.AuthCostLoad [--seconds=10] [--warmup=3]
 *       [--rounds=2] [--producers=4] [--batch=500] [--record-bytes=1024] [--shards=4]
 *       [--server-jar=riffle-cli/target/riffle.jar] [--dir=target/auth-cost]
 * </pre>
 */
public final class AuthCostLoad {
    /** The load generator's keys (KinesisClients signs with them), given to the server as its root keys. */
    static final Map<String, String> SIGV4 = Map.of("auth", "sigv4", "root-access-key-id", "AKIAIOSFODNN7EXAMPLE",
            "root-secret-access-key", "kinesis-load");
    /** One server setting under test. */
    record Phase(String name, Map<String, String> settings) {
    }

    /** What one phase measured. */
    record Result(int round, String phase, double recordsPerSecond, double megabytesPerSecond, double serverCpuMsPerMb,
                  long failedRecords, long auditDataEvents, long auditDropped, String loadAverage) {
    }

    private final Map<String, String> options;
    private final PrintStream progress;

    private AuthCostLoad(Map<String, String> options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLine.parseOrExit("auth-cost", null,
                () -> CommandLine.parse(args, Set.of(), Set.of("seconds", "warmup", "rounds", "producers", "batch",
                        "record-bytes", "shards", "server-jar", "dir")));
        List<Result> results = new AuthCostLoad(options, System.err).run();
        print(results, String.join(" ", args), System.out);
    }

    private List<Result> run() throws IOException, InterruptedException, CommandLine.UsageException {
        List<Phase> phases = List.of(new Phase("auth=none", Map.of()), new Phase("auth=sigv4", SIGV4),
                new Phase("auth=sigv4, audit-data-events=true", with(SIGV4, "audit-data-events", "true")));
        int rounds = (int) CommandLine.wholeNumber(options, "rounds", 1, 20, 2);
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Phase phase : phases) {
                results.add(measure(round, phase));
                Result r = results.get(results.size() - 1);
                progress.printf(Locale.ROOT, "auth-cost: round %d, %s: %.0f records/s, %.1f MB/s, %.1f ms CPU/MB, "
                        + "load %s%n", round, phase.name(), r.recordsPerSecond(), r.megabytesPerSecond(),
                        r.serverCpuMsPerMb(), r.loadAverage());
            }
        }
        return results;
    }

    private Result measure(int round, Phase phase) throws IOException, InterruptedException,
            CommandLine.UsageException {
        long seconds = CommandLine.wholeNumber(options, "seconds", 1, 3600, 10);
        long warmup = CommandLine.wholeNumber(options, "warmup", 0, 600, 3);
        int producers = (int) CommandLine.wholeNumber(options, "producers", 1, 256, 4);
        int batch = (int) CommandLine.wholeNumber(options, "batch", 1, 500, 500);
        int recordBytes = (int) CommandLine.wholeNumber(options, "record-bytes", 1, 1 << 20, 1024);
        int shards = (int) CommandLine.wholeNumber(options, "shards", 1, 1000, 4);
        Map<String, String> settings = new LinkedHashMap<>(phase.settings());
        settings.put("stream-create-delay-ms", "0");
        settings.put("throughput-limits", "false");
        String loadAverage = MachineInfo.loadAverageNow();
        try (ChildServer server = ChildServer.start(Path.of(options.getOrDefault("server-jar",
                "riffle-cli/target/riffle.jar")), List.of(), settings, Path.of(options.getOrDefault("dir",
                "target/auth-cost")));
             KinesisClient kinesis = KinesisClients.create(server.endpoint(), producers)) {
            kinesis.createStream(b -> b.streamName("auth-cost").shardCount(shards));
            while (kinesis.describeStreamSummary(b -> b.streamName("auth-cost")).streamDescriptionSummary()
                    .streamStatus() != StreamStatus.ACTIVE) {
                Thread.sleep(50); // a poll of the stream's state, not a measurement
            }
            AtomicBoolean isMeasuring = new AtomicBoolean();
            AtomicBoolean isRunning = new AtomicBoolean(true);
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch);
            SdkBytes data = SdkBytes.fromByteArray(new byte[recordBytes]);
            for (int i = 0; i < batch; i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i).data(data).build());
            }
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                Thread t = new Thread(() -> {
                    while (isRunning.get()) {
                        try {
                            PutRecordsResponse put = kinesis.putRecords(b -> b.streamName("auth-cost").records(entries));
                            if (isMeasuring.get()) {
                                acknowledged.addAndGet(batch - put.failedRecordCount());
                                failed.addAndGet(put.failedRecordCount());
                            }
                        } catch (SdkException e) {
                            if (isMeasuring.get()) {
                                failed.addAndGet(batch);
                            }
                        }
                    }
                }, "auth-cost-producer-" + p);
                t.start();
                threads.add(t);
            }
            Thread.sleep(warmup * 1000);
            Map<String, Double> auditBefore = ServerMetrics.scrape(server.endpoint(), "riffle_audit_");
            long cpuBefore = ProcStats.cpuNanos(server.pid());
            long startNanos = System.nanoTime();
            isMeasuring.set(true);
            Thread.sleep(seconds * 1000);
            isMeasuring.set(false);
            long elapsedNanos = System.nanoTime() - startNanos;
            long cpuNanos = ProcStats.cpuNanos(server.pid()) - cpuBefore;
            Map<String, Double> auditAfter = ServerMetrics.scrape(server.endpoint(), "riffle_audit_");
            isRunning.set(false);
            for (Thread t : threads) {
                t.join();
            }
            double megabytes = acknowledged.get() * (double) recordBytes / 1e6;
            double elapsedSeconds = elapsedNanos / 1e9;
            return new Result(round, phase.name(), acknowledged.get() / elapsedSeconds, megabytes / elapsedSeconds,
                    megabytes == 0 ? 0 : cpuNanos / 1e6 / megabytes, failed.get(),
                    delta(auditBefore, auditAfter, "riffle_audit_events_total{category=\"data\"}"),
                    delta(auditBefore, auditAfter, "riffle_audit_dropped_events_total"), loadAverage);
        }
    }

    private static long delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return Math.round(after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0));
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(key, value);
        return more;
    }

    private static void print(List<Result> results, String arguments, PrintStream out) {
        out.println("`java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.AuthCostLoad " + arguments + "` ("
                + KinesisClients.wireFormat() + ")");
        out.println();
        out.println("| round | server | records/s | MB/s | server CPU per MB | failed records | audit data events"
                + " written / dropped | load average (start) |");
        out.println("|--:|---|--:|--:|--:|--:|--:|---|");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %d | %s | %.0f | %.1f | %.0f ms | %d | %d / %d | %s |%n", r.round(), r.phase(),
                    r.recordsPerSecond(), r.megabytesPerSecond(), r.serverCpuMsPerMb(), r.failedRecords(),
                    r.auditDataEvents(), r.auditDropped(), r.loadAverage());
        }
    }
}
