package io.riffle.bench.fanout;

import static io.riffle.bench.common.CommandLine.number;
import static io.riffle.bench.common.CommandLine.wholeNumber;

import io.riffle.bench.common.CommandLine.UsageException;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.LoadRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@link FanOutBench}, parsed from {@code --key=value} arguments (and bare
 * {@code --flag}s). A list option takes comma-separated values.
 *
 * @param serverJar          the riffle.jar the child server runs
 * @param serverJvmOpts      JVM options of the child server, e.g. {@code -XX:StartFlightRecording=...}
 * @param serverSettings     {@code --set} settings of the child server besides durability
 * @param dir                where the child server's temporary data directory is created
 * @param durability         durability setting of the child server
 * @param pushRates          records/s offered in each SubscribeToShard latency run
 * @param pollRates          records/s offered in each GetRecords latency run
 * @param shards             shards of each latency stream (each gets its own subscription or poller)
 * @param recordBytes        data bytes per record in the latency runs
 * @param batchIntervalMs    the producer sends a PutRecords of what is due this often
 * @param warmupSeconds      unmeasured time at the start of each latency run
 * @param seconds            measured time of each latency run
 * @param pollSleepMs        a poller's sleep after a GetRecords that returned nothing
 * @param consumerCounts     registered consumers draining the pre-loaded shard, one run per count
 * @param preloadBytes       record data pre-loaded into the fan-out stream
 * @param preloadRecordBytes data bytes per pre-loaded record
 * @param drainTimeoutSeconds how long a fan-out run may take before it counts as failed
 * @param isDrainWarmUp      whether an unreported fan-out run by the most consumers comes first
 * @param isJson             send JSON instead of the SDK's default CBOR
 * @param seed               seeds partition keys and record filler
 */
public record FanOutOptions(Path serverJar, List<String> serverJvmOpts, Map<String, String> serverSettings, Path dir,
                     String durability, List<Integer> pushRates, List<Integer> pollRates, int shards, int recordBytes,
                     int batchIntervalMs, double warmupSeconds, double seconds, int pollSleepMs,
                     List<Integer> consumerCounts, long preloadBytes, int preloadRecordBytes,
                     double drainTimeoutSeconds, boolean isDrainWarmUp, boolean isJson, long seed) {

    static final String USAGE = """
            Usage: java -cp riffle-bench.jar io.riffle.bench.fanout.FanOutBench [--key=value ...]

            Enhanced fan-out (SubscribeToShard) against a Riffle server it starts as a child process,
            with throughput-limits=false: put-to-receive latency of pushed records at paced rates (and
            of GetRecords polling for comparison), then N registered consumers draining one
            pre-loaded shard at once. Prints markdown for docs/benchmarks.md.

            The server:
              --server-jar=PATH        the jar the child server runs (default riffle-cli/target/riffle.jar)
              --server-jvm-opts=OPTS   JVM options of the child server, space-separated
                                       (e.g. "-XX:StartFlightRecording=filename=/tmp/riffle.jfr")
              --server-set=K=V,K=V     more settings for the child server (given as --set K=V)
              --dir=PATH               where the child's temporary data directory goes (default: java.io.tmpdir)
              --durability=D           fsync, interval or none (default fsync)

            Latency (one new stream per run; a paced producer sends PutRecords of what is due):
              --push-rates=LIST        records/s of the SubscribeToShard runs (default 1000,20000; 0: none)
              --poll-rates=LIST        records/s of the GetRecords polling runs (default 1000; 0: none)
              --shards=N               shards of each latency stream (default 1)
              --record-bytes=N         data bytes per record, at least 20 (default 100)
              --batch-interval-ms=N    a PutRecords of the records due every N ms (default 5)
              --warmup=N               seconds of load before measuring, not counted (default 30: both JVMs
                                       are still compiling the hot paths for about 30 s, which on 2 cores
                                       takes CPU from the path being measured)
              --seconds=N              measured seconds per run (default 20)
              --poll-sleep-ms=N        a poller's sleep after an empty GetRecords (default 10)

            Fan-out throughput (one stream of one shard, pre-loaded once):
              --consumers=LIST         registered consumers per run (default 1,5,20; 0: none)
              --preload-mb=N           record data pre-loaded, MB of 10^6 bytes (default 100)
              --preload-record-bytes=N data bytes per pre-loaded record (default 1024)
              --drain-timeout=N        seconds a run may take (default 600)
              --no-drain-warmup        skip the first, unreported run by the most consumers (it warms
                                       both JVMs up for the large events; without it the first run is
                                       slower)

              --json                   send JSON (aws.cborEnabled=false) instead of the SDK's default CBOR
              --seed=N                 seed of partition keys and record filler (default 1)
              --help                   this text

            Exit status: 0; 1 when the run could not be done; 2 for bad options; 3 when a check failed
            (a record lost, duplicated or out of order, a failed call or subscription).
            """;

    private static final Set<String> FLAGS = Set.of("json", "no-drain-warmup", "help");
    private static final Set<String> VALUED = Set.of("server-jar", "server-jvm-opts", "server-set", "dir",
            "durability", "push-rates", "poll-rates", "shards", "record-bytes", "batch-interval-ms", "warmup",
            "seconds", "poll-sleep-ms", "consumers", "preload-mb", "preload-record-bytes", "drain-timeout", "seed");
    private static final Set<String> DURABILITIES = Set.of("fsync", "interval", "none");
    /** Kinesis' largest record (data plus key) is 1 MiB; the header must fit. */
    private static final int MAX_RECORD_BYTES = 1_000_000;

    /** Parses the arguments; null when {@code --help} was asked for. */
    static FanOutOptions parse(String[] args) throws UsageException {
        Map<String, String> given = CommandLine.parse(args, FLAGS, VALUED);
        if (given.containsKey("help")) {
            return null;
        }
        Path serverJar = Path.of(given.getOrDefault("server-jar", "riffle-cli/target/riffle.jar"));
        List<String> jvmOpts = given.containsKey("server-jvm-opts")
                ? Arrays.stream(given.get("server-jvm-opts").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList()
                : List.of();
        Map<String, String> settings = CommandLine.serverSettings(given.get("server-set"),
                Map.of("durability", "use --durability", "throughput-limits", "limits stay off"));
        Path dir = Path.of(given.getOrDefault("dir", System.getProperty("java.io.tmpdir")));
        String durability = given.getOrDefault("durability", "fsync").trim().toLowerCase(Locale.ROOT);
        if (!DURABILITIES.contains(durability)) {
            throw new UsageException("--durability must be fsync, interval or none (got " + durability + ")");
        }
        List<Integer> pushRates = counts(given, "push-rates", List.of(1_000, 20_000), 1_000_000);
        List<Integer> pollRates = counts(given, "poll-rates", List.of(1_000), 1_000_000);
        int shards = (int) wholeNumber(given, "shards", 1, 100, 1);
        int recordBytes = (int) wholeNumber(given, "record-bytes", LoadRecord.HEADER_BYTES, MAX_RECORD_BYTES, 100);
        int batchIntervalMs = (int) wholeNumber(given, "batch-interval-ms", 1, 1_000, 5);
        double warmup = number(given, "warmup", 30, true);
        double seconds = number(given, "seconds", 20, false);
        int pollSleepMs = (int) wholeNumber(given, "poll-sleep-ms", 0, 10_000, 10);
        List<Integer> consumerCounts = counts(given, "consumers", List.of(1, 5, 20), 1_000);
        long preloadBytes = (long) (number(given, "preload-mb", 100, false) * 1e6);
        int preloadRecordBytes = (int) wholeNumber(given, "preload-record-bytes", LoadRecord.HEADER_BYTES,
                MAX_RECORD_BYTES, 1024);
        double drainTimeout = number(given, "drain-timeout", 600, false);
        long seed = wholeNumber(given, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        return new FanOutOptions(serverJar, jvmOpts, settings, dir, durability, pushRates, pollRates, shards,
                recordBytes, batchIntervalMs, warmup, seconds, pollSleepMs, consumerCounts, preloadBytes,
                preloadRecordBytes, drainTimeout, !given.containsKey("no-drain-warmup"), given.containsKey("json"), seed);
    }

    /** Records pre-loaded into the fan-out stream: enough to hold {@code preloadBytes} of data. */
    long preloadRecords() {
        return Math.max(1, (preloadBytes + preloadRecordBytes - 1) / preloadRecordBytes);
    }

    /** The most consumers any fan-out run registers. */
    int mostConsumers() {
        return consumerCounts.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** A list of whole numbers; "0" alone means none (the runs are skipped). */
    private static List<Integer> counts(Map<String, String> given, String key, List<Integer> fallback, int max)
            throws UsageException {
        String v = given.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.trim().equals("0")) {
            return List.of();
        }
        List<Integer> values = new ArrayList<>();
        for (String part : v.split(",")) {
            values.add((int) wholeNumber(key, part, 1, max));
        }
        return List.copyOf(values);
    }

}
