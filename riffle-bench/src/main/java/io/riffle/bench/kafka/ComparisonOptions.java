package io.riffle.bench.kafka;

import io.riffle.bench.common.CommandLine.UsageException;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.RandomKeys;
import io.riffle.bench.fanout.LatencyReader;
import io.riffle.bench.kinesis.LoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@link KafkaComparison}, parsed from {@code --key=value} arguments.
 *
 * @param heap               maximum heap of both servers ({@code -Xmx}), e.g. "1g"
 * @param seconds            measured seconds of each ingest workload
 * @param warmupSeconds      unmeasured seconds of load before each ingest and latency window
 * @param reps               measured rounds per system and durability pair (medians are quoted)
 * @param warmupRounds       rounds run first and discarded
 * @param latencyRate        records per second all producers offer together in the latency workload
 * @param latencySeconds     measured seconds of the latency workload
 * @param pollSleepMs        Riffle's latency readers: pause after a round of GetRecords that returned nothing
 * @param kafkaLingerMs      the Kafka producers' linger.ms in the ingest workloads
 * @param kafkaInFlight      the Kafka producers' max.in.flight.requests.per.connection
 * @param chart              where the PNG chart goes, null for none
 */
public record ComparisonOptions(Path serverJar, Path kafkaLibs, Path dir, String heap, List<String> riffleJvmOpts,
                         List<String> kafkaJvmOpts, List<DurabilityPair> pairs, List<Integer> recordBytes, int shards,
                         int producers, int batch, int readers, double seconds, double warmupSeconds, int reps,
                         int warmupRounds, double latencyRate, int latencyRecordBytes, double latencySeconds,
                         long pollSleepMs, LatencyReader latencyReader, int kafkaLingerMs, int kafkaInFlight,
                         double readTimeoutSeconds, Path chart, long seed, List<String> systems, boolean isQuick) {

    static final String USAGE = """
            Usage: java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kafka.KafkaComparison [--key=value ...]

            Starts Riffle and a single-node Apache Kafka broker (KRaft) in turn, each as a child JVM with the
            same heap, applies the same workloads to each, and prints a table with the Riffle/Kafka ratio of
            every figure (medians of the measured rounds) and renders a PNG chart.

            Workloads, per durability pair and round: for each record size, producers as fast as the server
            acknowledges (ingest), then readers draining everything written, twice, the second time measured
            (read back); then producers at a fixed rate with readers running (end-to-end latency).

            Servers:
              --server-jar=PATH        Riffle's jar (default riffle-cli/target/riffle.jar)
              --kafka-libs=DIR         Kafka's jars (default riffle-bench/target/kafka-libs, made by the build)
              --dir=PATH               where the servers' data directories go (default: java.io.tmpdir)
              --heap=SIZE              -Xmx of both servers (default 1g, as kafka-server-start.sh sets)
              --riffle-jvm-opts=OPTS   more JVM options for Riffle, space-separated (e.g. a JFR recording)
              --kafka-jvm-opts=OPTS    more JVM options for Kafka
              --durability=LIST        pairs to run: fsync (Riffle fsync vs Kafka flush.messages=1),
                                       none (Riffle none vs Kafka's default); default fsync,none

            Load:
              --record-bytes=LIST      record sizes of the ingest and read-back workloads (default 1024,100;
                                       none: only the end-to-end latency workload)
              --shards=N               shards / partitions (default 8)
              --producers=N            producer threads, each with its own client (default 4)
              --batch=N                records per PutRecords; Kafka's batch.size is the same bytes per
                                       partition (default 500)
              --readers=N              reader threads, each owning shards / partitions (default 8)
              --seconds=N              measured seconds of each ingest workload (default 10)
              --warmup=N               seconds of load before each ingest and latency window (default 2)
              --latency-rate=N         records/s offered in the latency workload (default 1000)
              --latency-record-bytes=N record size of the latency workload (default 1024)
              --latency-seconds=N      measured seconds of the latency workload (default 15)
              --latency-reader=MODE    how Riffle's latency readers read: getrecords (GetRecords polling,
                                       default) or subscribe (SubscribeToShard: one registered consumer
                                       per reader, records pushed over h2c)
              --poll-sleep-ms=N        Riffle's latency readers pause this long after a round of GetRecords
                                       that got nothing (default 10; 0: they only yield the CPU, which on
                                       2 cores starves the server; Kafka's consumers wait in the broker)
              --kafka-linger-ms=N      linger.ms of Kafka's producers in the ingest workloads (default 5,
                                       Kafka's default; the latency workload uses 0)
              --kafka-in-flight=N      max.in.flight.requests.per.connection of Kafka's producers (default 1:
                                       one request outstanding per producer, as one PutRecords per Riffle producer)
              --read-timeout=N         seconds the read-back may take at most (default 120)

            Rounds:
              --reps=N                 measured rounds per system and pair (default 3); the order of the
                                       systems alternates from round to round
              --warmup-rounds=N        rounds run first and discarded (default 1)
              --chart=PATH             the PNG chart (default docs/img/kafka-comparison.png; none: no chart)
              --seed=N                 seed of keys and record filler (default 1)
              --systems=LIST           riffle,kafka (default both; one alone to profile it, no ratios then)
              --quick                  a smoke run of about a minute: --durability=fsync,none --record-bytes=1024
                                       --seconds=3 --warmup=1 --latency-seconds=4 --reps=1 --warmup-rounds=0
                                       --chart=none (options given as well win)
              --help                   this text

            Exit status: 0; 1 when the run could not be done; 2 for bad options; 3 when a check failed (records
            lost, duplicated or out of order, failed calls, a server that did not stop cleanly).
            """;

    private static final Set<String> FLAGS = Set.of("quick", "help");
    private static final Set<String> VALUED = Set.of("server-jar", "kafka-libs", "dir", "heap", "riffle-jvm-opts",
            "kafka-jvm-opts", "durability", "record-bytes", "shards", "producers", "batch", "readers", "seconds",
            "warmup", "latency-rate", "latency-record-bytes", "latency-seconds", "latency-reader", "poll-sleep-ms",
            "kafka-linger-ms", "kafka-in-flight", "read-timeout", "reps", "warmup-rounds", "chart", "seed", "systems");

    /** Parses the arguments; null when {@code --help} was asked for. */
    static ComparisonOptions parse(String[] args) throws UsageException {
        Map<String, String> given = CommandLine.parse(args, FLAGS, VALUED);
        if (given.containsKey("help")) {
            return null;
        }
        boolean quick = given.containsKey("quick");
        Path serverJar = Path.of(given.getOrDefault("server-jar", "riffle-cli/target/riffle.jar"));
        Path kafkaLibs = Path.of(given.getOrDefault("kafka-libs", "riffle-bench/target/kafka-libs"));
        Path dir = Path.of(given.getOrDefault("dir", System.getProperty("java.io.tmpdir")));
        String heap = given.getOrDefault("heap", "1g").trim();
        if (!heap.matches("\\d+[kKmMgG]?")) {
            throw new UsageException("--heap: '" + heap + "' is not a size like 1g or 1024m");
        }
        List<DurabilityPair> pairs = new ArrayList<>();
        for (String name : list(given.getOrDefault("durability", "fsync,none"))) {
            DurabilityPair p = DurabilityPair.byOptionName(name);
            if (p == null) {
                throw new UsageException("--durability: '" + name + "' is neither fsync nor none");
            }
            if (!pairs.contains(p)) {
                pairs.add(p);
            }
        }
        List<Integer> recordBytes = new ArrayList<>();
        String sizes = given.getOrDefault("record-bytes", quick ? "1024" : "1024,100");
        for (String v : sizes.trim().equals("none") ? List.<String>of() : list(sizes)) {
            recordBytes.add((int) whole("record-bytes", v, LoadRecord.HEADER_BYTES, 1_000_000));
        }
        int shards = (int) whole(given, "shards", 1, 10_000, 8);
        int producers = (int) whole(given, "producers", 1, 1_000, 4);
        int batch = (int) whole(given, "batch", 1, 500, 500);
        for (int size : recordBytes) {
            if ((long) batch * (size + RandomKeys.CHARS) > 10L * 1024 * 1024) {
                throw new UsageException("--batch x (--record-bytes + 16) must stay within PutRecords' 10 MiB");
            }
        }
        int readers = (int) whole(given, "readers", 1, 10_000, 8);
        double seconds = number(given, "seconds", quick ? 3 : 10, false);
        double warmup = number(given, "warmup", quick ? 1 : 2, true);
        double latencyRate = number(given, "latency-rate", 1000, false);
        int latencyRecordBytes = (int) whole(given, "latency-record-bytes", LoadRecord.HEADER_BYTES, 1_000_000, 1024);
        double latencySeconds = number(given, "latency-seconds", quick ? 4 : 15, false);
        String readerName = given.getOrDefault("latency-reader", "getrecords").trim().toLowerCase(Locale.ROOT);
        LatencyReader latencyReader = LatencyReader.byOptionName(readerName);
        if (latencyReader == null) {
            throw new UsageException("--latency-reader: '" + readerName + "' is neither getrecords nor subscribe");
        }
        long pollSleepMs = whole(given, "poll-sleep-ms", 0, 60_000, 10);
        int lingerMs = (int) whole(given, "kafka-linger-ms", 0, 60_000, 5);
        int inFlight = (int) whole(given, "kafka-in-flight", 1, 5, 1);
        double readTimeout = number(given, "read-timeout", 120, false);
        int reps = (int) whole(given, "reps", 1, 100, quick ? 1 : 3);
        int warmupRounds = (int) whole(given, "warmup-rounds", 0, 10, quick ? 0 : 1);
        String chartText = given.getOrDefault("chart", quick ? "none" : "docs/img/kafka-comparison.png");
        Path chart = chartText.equals("none") ? null : Path.of(chartText);
        long seed = whole(given, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        List<String> systems = new ArrayList<>();
        for (String name : list(given.getOrDefault("systems", "riffle,kafka"))) {
            String system = switch (name) {
                case "riffle" -> ComparisonResults.RIFFLE;
                case "kafka" -> ComparisonResults.KAFKA;
                default -> throw new UsageException("--systems: '" + name + "' is neither riffle nor kafka");
            };
            if (!systems.contains(system)) {
                systems.add(system);
            }
        }
        return new ComparisonOptions(serverJar, kafkaLibs, dir, heap, CommandLine.jvmOptions(given.get("riffle-jvm-opts")),
                CommandLine.jvmOptions(given.get("kafka-jvm-opts")), List.copyOf(pairs), List.copyOf(recordBytes), shards, producers,
                batch, readers, seconds, warmup, reps, warmupRounds, latencyRate, latencyRecordBytes, latencySeconds,
                pollSleepMs, latencyReader, lingerMs, inFlight, readTimeout, chart, seed, List.copyOf(systems), quick);
    }

    /** The options in full, as they could be typed. */
    String describe() {
        List<String> pairNames = pairs.stream().map(DurabilityPair::optionName).toList();
        return String.format(Locale.ROOT, "--heap=%s --durability=%s --record-bytes=%s --shards=%d --producers=%d "
                        + "--batch=%d --readers=%d --seconds=%s --warmup=%s --latency-rate=%s --latency-record-bytes=%d "
                        + "--latency-seconds=%s --latency-reader=%s --poll-sleep-ms=%d --kafka-linger-ms=%d "
                        + "--kafka-in-flight=%d --reps=%d --warmup-rounds=%d --seed=%d%s%s%s",
                heap, String.join(",", pairNames), join(recordBytes), shards, producers, batch, readers,
                LoadOptions.trim(seconds), LoadOptions.trim(warmupSeconds), LoadOptions.trim(latencyRate),
                latencyRecordBytes, LoadOptions.trim(latencySeconds), latencyReader.optionName(), pollSleepMs,
                kafkaLingerMs, kafkaInFlight, reps, warmupRounds, seed,
                systems.size() == 2 ? "" : " --systems=" + String.join(",", systems).toLowerCase(Locale.ROOT),
                riffleJvmOpts.isEmpty() ? "" : " --riffle-jvm-opts=\"" + String.join(" ", riffleJvmOpts) + "\"",
                kafkaJvmOpts.isEmpty() ? "" : " --kafka-jvm-opts=\"" + String.join(" ", kafkaJvmOpts) + "\"");
    }

    /** JVM options of a server: the shared heap, then its own extra options. */
    List<String> jvmOptions(List<String> extra) {
        List<String> all = new ArrayList<>();
        all.add("-Xmx" + heap);
        all.addAll(extra);
        return all;
    }

    private static String join(List<Integer> values) {
        return values.isEmpty() ? "none" : String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .toList();
    }

    private static long whole(Map<String, String> given, String key, long min, long max, long fallback)
            throws UsageException {
        return CommandLine.wholeNumber(given, key, min, max, fallback);
    }

    private static long whole(String key, String v, long min, long max) throws UsageException {
        return CommandLine.wholeNumber(key, v, min, max);
    }

    private static double number(Map<String, String> given, String key, double fallback, boolean isZeroAllowed)
            throws UsageException {
        return CommandLine.number(given, key, fallback, isZeroAllowed);
    }
}
