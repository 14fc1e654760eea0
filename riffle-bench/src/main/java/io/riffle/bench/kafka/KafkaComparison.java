package io.riffle.bench.kafka;

import io.riffle.bench.common.ChildJvm;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.Figure;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.ProcStats;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.fanout.LatencyReader;
import io.riffle.bench.kinesis.KinesisLoad;
import io.riffle.bench.kinesis.LoadOptions;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Riffle side by side with Apache Kafka on one machine, in one run: starts Riffle and a
 * single-node Kafka broker (KRaft) in turn, each a child JVM with the same heap, and applies the
 * same workloads to each (Riffle through the AWS SDK v2, Kafka through its own clients):
 *
 * <ol>
 *   <li>for each record size (1 KiB, 100 B): 4 producers into 8 shards / partitions as fast as the
 *       server acknowledges (ingest), then 8 readers reading everything back (read back);
 *   <li>4 producers offering 1,000 records/s in all, each record sent on its own, with 8 readers
 *       running (end-to-end latency).
 * </ol>
 *
 * <p>Per durability pair (Riffle fsync vs Kafka flush.messages=1, Riffle none vs Kafka's default)
 * it runs warm-up rounds (discarded), then measured rounds, alternating which system goes first;
 * each round starts a fresh server. The report quotes medians and the Riffle/Kafka ratio of
 * every figure: records/s, MB/s, p50/p99 latency, CPU seconds per GB moved by the server and by
 * the load generator (the two share the machine's cores), and the server's peak RSS. Every run
 * also checks that each acknowledged record was read exactly once and in order. Progress goes to
 * stderr, the markdown report to stdout, the chart to a PNG.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kafka.KafkaComparison --help
 * </pre>
 */
public final class KafkaComparison {
    /** The targets: Riffle's 1 KiB ingest records/s at least this share of Kafka's ... */
    static final double TARGET_INGEST_RATIO = 0.6;
    /** ... and its end-to-end p99 at most this multiple of Kafka's. */
    static final double TARGET_P99_RATIO = 2.0;

    private final ComparisonOptions options;
    private final PrintStream out;
    private final PrintStream progress;
    private final ComparisonResults results = new ComparisonResults();
    private final List<String> roundLines = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> systems = new ArrayList<>();

    private KafkaComparison(ComparisonOptions options, PrintStream out, PrintStream progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        ComparisonOptions options = CommandLine.parseOrExit("kafka-comparison", ComparisonOptions.USAGE,
                () -> ComparisonOptions.parse(args));
        if (options == null) {
            System.out.print(ComparisonOptions.USAGE);
            return;
        }
        System.exit(new KafkaComparison(options, System.out, System.err).run(String.join(" ", args)));
    }

    private int run(String commandLine) throws Exception {
        String date = ZonedDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        MachineInfo machine = MachineInfo.probe(options.dir());
        if (options.systems().contains(ComparisonResults.KAFKA)) {
            KafkaBroker.version(options.kafkaLibs()); // fails early, with how to build the jars
        }
        progress.println("kafka-comparison: load average " + MachineInfo.loadAverageNow() + " at the start");

        try {
            for (DurabilityPair pair : options.pairs()) {
                int rounds = options.warmupRounds() + options.reps();
                for (int round = 0; round < rounds; round++) {
                    boolean isWarmup = round < options.warmupRounds();
                    // alternate which system goes first, so neither always runs on a warmer (or busier) machine
                    List<String> order = round % 2 == 0 ? List.of(ComparisonResults.RIFFLE, ComparisonResults.KAFKA)
                            : List.of(ComparisonResults.KAFKA, ComparisonResults.RIFFLE);
                    for (String system : order) {
                        if (options.systems().contains(system)) {
                            runRound(pair, round, isWarmup, system);
                        }
                    }
                }
            }
        } catch (Exception e) {
            progress.println("kafka-comparison: " + KinesisLoad.describe(e));
            e.printStackTrace(progress);
            return 1;
        }

        printReport(date, commandLine, machine);
        if (options.chart() != null && !results.isEmpty()) {
            String subtitle = String.format(Locale.ROOT, "%s; %d cores, %s; %s; both servers -Xmx%s; %d measured rounds "
                            + "per system and pair (after %d warm-up), ratio of medians", date.substring(0, 10),
                    machine.cores(), machine.memory(), machine.cpuModel(), options.heap(), options.reps(),
                    options.warmupRounds());
            ComparisonChart.write(results, options.pairs(), latencyWorkload(), subtitle, options.chart());
            out.println();
            out.println("Chart written to " + options.chart());
        }
        if (!problems.isEmpty()) {
            progress.println("kafka-comparison: some checks failed (see \"Checks\" in the report)");
            return 3;
        }
        return 0;
    }

    /** One system, one durability pair, one round: a fresh server, every workload, its figures. */
    private void runRound(DurabilityPair pair, int round, boolean isWarmup, String system) throws Exception {
        String loadAverage = MachineInfo.loadAverageNow();
        String label = String.format(Locale.ROOT, "%s, %s, round %d%s", system, pair.label(), round + 1,
                isWarmup ? " (warm-up, discarded)" : "");
        progress.println("kafka-comparison: " + label + "; load average " + loadAverage);
        SystemDriver driver = system.equals(ComparisonResults.RIFFLE)
                ? RiffleDriver.start(options.serverJar(), options.jvmOptions(options.riffleJvmOpts()), pair, options.dir(),
                        options.batch(), options.pollSleepMs(), options.latencyReader())
                : KafkaDriver.start(options.kafkaLibs(), options.jvmOptions(options.kafkaJvmOpts()), pair, options.dir(),
                        options.batch(), options.kafkaLingerMs(), options.kafkaInFlight());
        String description = driver.describe();
        if (round == 0 && !systems.contains(description)) {
            systems.add(description);
        }
        List<WorkloadResult> measured = new ArrayList<>();
        long peakRss;
        int exitCode;
        try {
            WorkloadRunner runner = new WorkloadRunner(driver, progress);
            int n = 0;
            for (int recordBytes : options.recordBytes()) {
                String stream = "bench-" + (++n) + "-" + recordBytes + "b";
                driver.createStream(stream, options.shards());
                RecordLedger ledger = new RecordLedger(options.producers());
                measured.add(runner.ingest("ingest " + size(recordBytes), stream, recordBytes, options.producers(),
                        options.warmupSeconds(), options.seconds(), options.seed(), ledger));
                measured.add(runner.readBack("read back " + size(recordBytes), stream, options.readers(),
                        options.readTimeoutSeconds(), ledger));
            }
            String stream = "bench-latency";
            driver.createStream(stream, options.shards());
            measured.add(runner.latency(latencyWorkload(), stream, options.latencyRecordBytes(), options.producers(),
                    options.readers(), options.latencyRate(), options.warmupSeconds(), options.latencySeconds(),
                    options.seed()));
            peakRss = ProcStats.peakRssBytes(driver.serverPid());
        } catch (Exception e) {
            if (!driver.isAlive()) {
                progress.println("the server died; its log ends:\n" + driver.logTail(40));
            }
            throw e;
        } finally {
            exitCode = driver.stop();
            driver.close();
        }
        if (!ChildJvm.isCleanExit(exitCode)) {
            problems.add(label + ": the server exited with code " + exitCode + " after SIGTERM");
        }
        for (WorkloadResult r : measured) {
            for (String p : r.problems()) {
                problems.add(label + ", " + r.workload() + ": " + p);
            }
            roundLines.add(String.format(Locale.ROOT, "| %s | %d%s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    pair.label(), round + 1, isWarmup ? " (warm-up)" : "", system, firstOf(r.loadAverage()), r.workload(),
                    ComparisonTable.number(r.recordsPerSecond()), ComparisonTable.number(r.mbPerSecond()),
                    ComparisonTable.number(r.latencyMs(50)) + " / " + ComparisonTable.number(r.latencyMs(99)),
                    ComparisonTable.number(r.serverCpuSecondsPerGb()), ComparisonTable.number(r.clientCpuSecondsPerGb())));
            if (!isWarmup) {
                results.add(pair, system, r);
            }
        }
        roundLines.add(String.format(Locale.ROOT, "| %s | %d%s | %s | %s | server peak RSS | %s MiB | | | | |",
                pair.label(), round + 1, isWarmup ? " (warm-up)" : "", system, firstOf(loadAverage),
                ComparisonTable.number(peakRss / (1024.0 * 1024.0))));
        if (!isWarmup) {
            results.add(pair, "whole round", Figure.SERVER_PEAK_RSS_MIB, system, peakRss / (1024.0 * 1024.0));
        }
    }

    private String latencyWorkload() {
        return String.format(Locale.ROOT, "end-to-end, %s records/s of %s", LoadOptions.trim(options.latencyRate()),
                size(options.latencyRecordBytes()));
    }

    private void printReport(String date, String commandLine, MachineInfo machine) {
        out.println("## Riffle and Apache Kafka side by side (KafkaComparison), " + date);
        out.println();
        out.println("- Command: `java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kafka.KafkaComparison"
                + (commandLine.isEmpty() ? "" : " " + commandLine) + "`");
        out.println("- Options in full: `" + options.describe() + "`");
        out.println("- Servers, each a child JVM with -Xmx" + options.heap() + ", started afresh for every round:");
        systems.forEach(s -> out.println("  - " + s));
        out.println("- Riffle's throughput limits: off (`throughput-limits=false`; Kafka has no per-partition quotas by default)");
        out.println(String.format(Locale.ROOT, "- Load generator: this JVM; %d producers, each with its own client "
                        + "(Riffle: KinesisClient of the AWS SDK v2, Apache HTTP/1.1, CBOR, PutRecords of %d records, one call "
                        + "at a time; Kafka: KafkaProducer); %d readers, each with its own client, owning shards / partitions "
                        + "round-robin (Riffle: GetRecords, Limit 10,000, from TRIM_HORIZON; Kafka: KafkaConsumer, assigned "
                        + "partitions, from the earliest offset). Latency readers of Riffle: %s%s.",
                options.producers(), options.batch(), options.readers(),
                options.latencyReader() == LatencyReader.SUBSCRIBE_TO_SHARD
                        ? "SubscribeToShard (one registered consumer each, records pushed over h2c by the SDK's Netty "
                                + "HTTP/2 client)" : "GetRecords polling",
                options.latencyReader() == LatencyReader.SUBSCRIBE_TO_SHARD ? ""
                        : options.pollSleepMs() == 0 ? ", no pause after an empty round (they yield the CPU)"
                        : ", pausing " + options.pollSleepMs() + " ms after an empty round"));
        out.println(String.format(Locale.ROOT, "- Timing: ingest %s s warm-up + %s s measured; read back: a whole read "
                        + "(not measured), then a second one measured until every acknowledged record was read; "
                        + "latency %s s warm-up + %s s measured at %s records/s offered; "
                        + "%d warm-up round(s) discarded, then %d measured round(s) per system and pair, alternating which "
                        + "system goes first", LoadOptions.trim(options.warmupSeconds()), LoadOptions.trim(options.seconds()),
                LoadOptions.trim(options.warmupSeconds()), LoadOptions.trim(options.latencySeconds()),
                LoadOptions.trim(options.latencyRate()), options.warmupRounds(), options.reps()));
        out.println("- Machine:");
        machine.describe().forEach(line -> out.println("  " + line));
        out.println("- Load average (1 min) at the start of the run: " + machine.loadAverage()
                + "; before each round and window: see the rounds below");
        out.println();
        out.println("Figures (medians of the measured rounds). records/s and MB/s: acknowledged in the window (ingest, "
                + "latency) or read (read back); MB = 10^6 bytes of record data. Latency: ingest, from handing a record to "
                + "the client until the client has its acknowledgement; end-to-end, from handing it to the producing "
                + "client until a reader has it. CPU s per GB moved: user + system CPU in the window over the record data "
                + "written plus read in it (the load generator shares the machine with the server). Peak RSS: VmHWM of "
                + "the server at the end of its round.");
        out.println();
        out.print(ComparisonTable.markdown(results));
        out.println();
        printTargets();
        out.println();
        out.println("Rounds (load average: 1-minute figure of /proc/loadavg just before the window):");
        out.println();
        out.println("| durability | round | system | load avg | workload | records/s | MB/s | p50 / p99 ms "
                + "| server CPU s/GB | load generator CPU s/GB |");
        out.println("|---|---|---|--:|---|--:|--:|--:|--:|--:|");
        roundLines.forEach(out::println);
        out.println();
        out.println("Checks (every acknowledged record read back exactly once and in order, no failed call, clean stops):");
        if (problems.isEmpty()) {
            out.println("- all passed");
        }
        problems.forEach(p -> out.println("- PROBLEM: " + p));
    }

    private void printTargets() {
        out.println("Targets:");
        for (DurabilityPair pair : options.pairs()) {
            ComparisonResults.Row ingest = results.row(pair, "ingest 1 KiB", Figure.RECORDS_PER_SECOND);
            if (ingest != null) {
                out.println(String.format(Locale.ROOT, "- 1 KiB ingest records/s at %s: Riffle/Kafka = %s (target at least "
                                + "%.1fx): %s", pair.label(), ComparisonTable.ratio(ingest.ratio()), TARGET_INGEST_RATIO,
                        verdict(ingest.ratio() >= TARGET_INGEST_RATIO, ingest.ratio())));
            }
            ComparisonResults.Row p99 = results.row(pair, latencyWorkload(), Figure.P99_MS);
            if (p99 != null) {
                out.println(String.format(Locale.ROOT, "- end-to-end p99 at %s: Riffle/Kafka = %s (target at most %.1fx): %s",
                        pair.label(), ComparisonTable.ratio(p99.ratio()), TARGET_P99_RATIO,
                        verdict(p99.ratio() <= TARGET_P99_RATIO, p99.ratio())));
            }
        }
    }

    private static String verdict(boolean isMet, double ratio) {
        return Double.isNaN(ratio) ? "not measured" : isMet ? "met" : "not met";
    }

    /** "1 KiB", "100 B", "4 KiB". */
    static String size(int bytes) {
        return bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    private static String firstOf(String loadAverage) {
        String[] f = loadAverage.trim().split("\\s+");
        return f.length == 0 ? loadAverage : f[0];
    }
}
