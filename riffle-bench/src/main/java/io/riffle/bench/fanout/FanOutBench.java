package io.riffle.bench.fanout;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.SdkErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The enhanced fan-out benchmark: drives a Riffle server, started as a child process with
 * {@code throughput-limits=false}, through the AWS SDK for Java v2 as KCL and Flink do, and measures
 *
 * <ol>
 *   <li>put-to-receive latency through SubscribeToShard (p50/p99/p99.9) at fixed rates (default
 *       1,000 and 20,000 records/s of 100 B), and, for comparison, through GetRecords polling at
 *       1,000 records/s ({@link LatencyRun});
 *   <li>the throughput of 1, 5 and 20 registered consumers reading one pre-loaded shard at once
 *       from TRIM_HORIZON, each checked to get every record exactly once, in order ({@link DrainRuns});
 * </ol>
 *
 * with the CPU the server and the load generator used and the load average before each phase.
 * Progress goes to stderr; the report (markdown for docs/benchmarks.md) to stdout.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.fanout.FanOutBench --help
 * </pre>
 */
public final class FanOutBench {
    private final FanOutOptions options;
    private final PrintStream out;
    private final PrintStream progress;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<LatencyResult> latencies = new ArrayList<>();
    private List<DrainResult> drains = List.of();
    private String preloadSummary;
    private DrainResult drainWarmUp;

    private FanOutBench(FanOutOptions options, PrintStream out, PrintStream progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        FanOutOptions options = CommandLine.parseOrExit("fan-out-bench", FanOutOptions.USAGE,
                () -> FanOutOptions.parse(args));
        if (options == null) {
            System.out.print(FanOutOptions.USAGE);
            return;
        }
        if (options.isJson()) {
            // read by the SDK when a client is built
            System.setProperty("aws.cborEnabled", "false");
        }
        System.exit(new FanOutBench(options, System.out, System.err).run(String.join(" ", args)));
    }

    /** Runs every phase and prints the report; the exit status (0, 1 not run, 3 a check failed). */
    private int run(String arguments) throws InterruptedException {
        String date = ZonedDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        MachineInfo machine = MachineInfo.probe(options.dir());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("durability", options.durability());
        settings.put("stream-create-delay-ms", "0");
        settings.put("stream-delete-delay-ms", "0");
        settings.put("throughput-limits", "false");
        if (options.mostConsumers() > 20) {
            settings.put("max-consumers-per-stream", Integer.toString(options.mostConsumers()));
        }
        settings.putAll(options.serverSettings());

        progress.println("fan-out-bench: starting the server from " + options.serverJar());
        long serverPid;
        try (ChildServer child = ChildServer.start(options.serverJar(), options.serverJvmOpts(), settings,
                options.dir())) {
            serverPid = child.pid();
            progress.println("fan-out-bench: the server (pid " + serverPid + ") listens on " + child.endpoint());
            drive(child, serverPid);
        } catch (IOException | RuntimeException e) {
            progress.println("fan-out-bench: " + SdkErrors.describe(e));
            e.printStackTrace(progress);
            return 1;
        }
        printReport(date, arguments, machine, settings, serverPid);
        if (!problems.isEmpty()) {
            progress.println("fan-out-bench: some checks failed (see \"Checks\" in the report)");
            return 3;
        }
        return 0;
    }

    private void drive(ChildServer child, long serverPid) throws InterruptedException {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fan-out-retries");
            t.setDaemon(true);
            return t;
        });
        try (KinesisClient admin = KinesisClients.create(child.endpoint(), 2)) {
            LatencyRun latencyRun = new LatencyRun(options, child.endpoint(), serverPid, admin, retries, progress,
                    problems, notes);
            for (int rate : options.pushRates()) {
                latencies.add(latencyRun.run(true, rate));
            }
            for (int rate : options.pollRates()) {
                latencies.add(latencyRun.run(false, rate));
            }
            if (!options.consumerCounts().isEmpty()) {
                DrainRuns drainRuns = new DrainRuns(options, child.endpoint(), serverPid, admin, retries, progress);
                drains = drainRuns.run();
                preloadSummary = drainRuns.preloadSummary;
                drainWarmUp = drainRuns.warmUp;
                if (drainWarmUp != null && !drainWarmUp.isOk()) {
                    problems.add("the warm-up run of " + drainWarmUp.consumers() + " consumers: " + drainWarmUp.verdict());
                }
                for (DrainResult d : drains) {
                    if (!d.isOk()) {
                        problems.add(d.consumers() + " consumers: " + d.verdict());
                    }
                    if (!d.refusals().isEmpty()) {
                        notes.add(d.consumers() + " consumers: SubscribeToShard calls refused and tried again "
                                + FanOutSubscriber.RETRY_DELAY_MS + " ms later: " + d.refusals());
                    }
                }
                if (drainRuns.sharedEvents != null) {
                    notes.add(drainRuns.sharedEvents);
                }
            }
        } finally {
            retries.shutdownNow();
        }
    }

    private void printReport(String date, String arguments, MachineInfo machine, Map<String, String> settings,
                             long serverPid) {
        List<String> set = new ArrayList<>();
        settings.forEach((k, v) -> set.add(k + "=" + v));
        out.println("### FanOutBench, " + date);
        out.println();
        out.println("- Command: `java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.fanout.FanOutBench"
                + (arguments.isEmpty() ? "" : " " + arguments) + "`");
        out.println("- Server: `" + options.serverJar() + "` as a child process (pid " + serverPid + "), "
                + (options.serverJvmOpts().isEmpty() ? "default JVM options" : "JVM options `"
                + String.join(" ", options.serverJvmOpts()) + "`") + ", settings `" + String.join(" ", set) + "`");
        out.println("- **Throughput limits off** (`throughput-limits=false`): Kinesis' 2 MiB/s per consumer and shard "
                + "(SubscribeToShard), 2 MiB/s and 5 calls/s per shard (GetRecords), 1 MiB/s and 1,000 records/s per "
                + "shard (writes) do not apply.");
        out.println("- Clients: AWS SDK for Java v2 " + VersionInfo.SDK_VERSION + ", " + KinesisClients.wireFormat()
                + "; SubscribeToShard and the latency runs' PutRecords through `KinesisAsyncClient` (Netty, HTTP/2 "
                + "cleartext h2c, one connection per client, as KCL builds it); GetRecords polling and the pre-load "
                + "through `KinesisClient` (Apache HTTP/1.1). Server and load generator share the machine.");
        out.println("- Machine:");
        machine.describe().forEach(line -> out.println("  " + line));
        out.println();
        if (!latencies.isEmpty()) {
            out.println(String.format(Locale.ROOT, "Put-to-receive latency: a new stream of %d shard(s) per run; one "
                            + "producer, open loop, sends a PutRecords of the records due every %d ms (random partition "
                            + "keys, %d B records, calls not waiting for each other); latency from the moment the "
                            + "PutRecords call was issued (nanoTime stamped in the record) to the moment the "
                            + "subscriber's onNext (or the poller's GetRecords answer) had the record, same JVM; "
                            + "%s s warm-up not counted, records sent in the next %s s timed. PutRecords p99 is the "
                            + "call alone (includes the write's fsync with durability=fsync).",
                    options.shards(), options.batchIntervalMs(), options.recordBytes(),
                    FanOutTable.plain(options.warmupSeconds()), FanOutTable.plain(options.seconds())));
            out.println();
            FanOutTable.latencyTable(latencies).forEach(out::println);
            out.println();
            String verdict = FanOutTable.verdict(latencies);
            if (verdict != null) {
                out.println(verdict);
            }
            out.println("For reference: " + FanOutTable.AWS_REFERENCE + ".");
            out.println();
        }
        if (!drains.isEmpty()) {
            out.println("Fan-out throughput: one stream of one shard, pre-loaded with " + preloadSummary + "; for "
                    + "each run, N registered consumers subscribe from TRIM_HORIZON at once, each through its own "
                    + "client, and read the whole shard (a subscription that completes is renewed from its "
                    + "ContinuationSequenceNumber). Time from the calls to each consumer's last record; aggregate = "
                    + "N x the shard's data over the time the last consumer took. MB = 10^6 bytes of record data."
                    + (drainWarmUp == null ? "" : String.format(Locale.ROOT, " A first run by %d consumers, not "
                            + "reported, warmed both JVMs up (%.1f MB/s in all, %.1f s).", drainWarmUp.consumers(),
                    drainWarmUp.aggregateMBps(), drainWarmUp.wallSeconds())));
            out.println();
            FanOutTable.drainTable(drains).forEach(out::println);
            out.println();
        }
        out.println("CPU is user + system time over the measured window (latency) or the whole read (fan-out), "
                + "with its share of one core (the machine has " + machine.cores() + "); \"other\" is the machine's "
                + "busy time less the two (other processes, kernel work). \"Waited for a CPU\" is the run-queue time "
                + "of each process's threads (/proc/PID/task/*/schedstat), summed over threads. Load average: the "
                + "1-minute figure of "
                + "/proc/loadavg just before the phase.");
        out.println();
        out.println("Checks:");
        if (problems.isEmpty()) {
            out.println("- every acknowledged record was received exactly once in every latency run, in "
                    + "sequence-number order; every fan-out consumer got every pre-loaded record exactly once, in "
                    + "order; no call or subscription failed; the producer held its rate.");
        }
        problems.forEach(p -> out.println("- PROBLEM: " + p));
        notes.forEach(n -> out.println("- note: " + n));
    }
}
