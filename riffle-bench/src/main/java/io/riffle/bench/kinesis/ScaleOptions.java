package io.riffle.bench.kinesis;

import io.riffle.bench.common.CommandLine.UsageException;
import io.riffle.bench.common.CommandLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@link ScaleBench}, parsed from {@code --key=value} arguments.
 *
 * @param streams        streams of one shard in the "many streams" scenario
 * @param shards         shards of the one stream in the "many shards" scenario
 * @param dataBytes      bytes on disk (the data directory) before the restarts are timed
 * @param ingestSeconds  measured seconds of ingest spread over every shard
 */
public record ScaleOptions(Path serverJar, Path dir, String heap, List<String> serverJvmOpts, String durability,
                    List<String> scenarios, int streams, int shards, int producers, int batch, int recordBytes,
                    double ingestSeconds, long dataBytes, boolean isRestart, int createThreads, long seed) {

    static final String STREAMS = "streams";
    static final String SHARDS = "shards";

    static final String USAGE = """
            Usage: java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.ScaleBench [--key=value ...]

            Riffle with many streams and many shards: starts a server (child JVM, limits raised), then per
            scenario times creating the streams, measures the idle heap (after a full GC), RSS and open file
            descriptors, ingest spread over every shard, then fills the data directory and times restarts
            (recovery) after a clean stop (SIGTERM) and after kill -9.

              --scenario=LIST       streams (many streams of 1 shard), shards (1 stream of many shards);
                                    default streams,shards
              --streams=N           streams of the first scenario (default 1000)
              --shards=N            shards of the second scenario (default 10000)
              --heap=SIZE           the server's -Xmx (default 2g: the target is 10,000 shards under 2 GiB)
              --durability=D        fsync, interval or none (default fsync)
              --producers=N         producer threads for ingest and fill (default 4)
              --batch=N             records per PutRecords (default 500)
              --record-bytes=N      bytes per record (default 1024)
              --ingest-seconds=N    measured ingest (default 20)
              --data-gb=N           GB (10^9 bytes) in the data directory before the restarts (default 10)
              --no-restart          skip filling and restarting
              --create-threads=N    threads calling CreateStream in the streams scenario (default 4)
              --server-jar=PATH     Riffle's jar (default riffle-cli/target/riffle.jar)
              --server-jvm-opts=S   more JVM options of the server (e.g. a JFR recording)
              --dir=PATH            where the server's data directory goes (default java.io.tmpdir)
              --seed=N              seed of keys and data (default 1)
              --quick               a smoke run: --streams=100 --shards=1000 --ingest-seconds=3 --data-gb=0.2
              --help                this text
            """;

    private static final Set<String> FLAGS = Set.of("quick", "no-restart", "help");
    private static final Set<String> VALUED = Set.of("scenario", "streams", "shards", "heap", "durability", "producers",
            "batch", "record-bytes", "ingest-seconds", "data-gb", "create-threads", "server-jar", "server-jvm-opts", "dir",
            "seed");

    /** Parses the arguments; null when {@code --help} was asked for. */
    static ScaleOptions parse(String[] args) throws UsageException {
        Map<String, String> given = CommandLine.parse(args, FLAGS, VALUED);
        if (given.containsKey("help")) {
            return null;
        }
        boolean quick = given.containsKey("quick");
        List<String> scenarios = new ArrayList<>();
        for (String s : given.getOrDefault("scenario", STREAMS + "," + SHARDS).split(",")) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (!name.equals(STREAMS) && !name.equals(SHARDS)) {
                throw new UsageException("--scenario: '" + name + "' is neither streams nor shards");
            }
            if (!scenarios.contains(name)) {
                scenarios.add(name);
            }
        }
        String heap = given.getOrDefault("heap", "2g").trim();
        if (!heap.matches("\\d+[kKmMgG]?")) {
            throw new UsageException("--heap: '" + heap + "' is not a size like 2g or 2048m");
        }
        String durability = given.getOrDefault("durability", "fsync").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("fsync", "interval", "none").contains(durability)) {
            throw new UsageException("--durability must be fsync, interval or none (got " + durability + ")");
        }
        int streams = (int) CommandLine.wholeNumber(given, "streams", 1, 100_000, quick ? 100 : 1000);
        int shards = (int) CommandLine.wholeNumber(given, "shards", 1, 100_000, quick ? 1000 : 10_000);
        int producers = (int) CommandLine.wholeNumber(given, "producers", 1, 1000, 4);
        int batch = (int) CommandLine.wholeNumber(given, "batch", 1, 500, 500);
        int recordBytes = (int) CommandLine.wholeNumber(given, "record-bytes", 1, 1_000_000, 1024);
        double ingestSeconds = CommandLine.number(given, "ingest-seconds", quick ? 3 : 20, false);
        double dataGb = CommandLine.number(given, "data-gb", quick ? 0.2 : 10, false);
        int createThreads = (int) CommandLine.wholeNumber(given, "create-threads", 1, 64, 4);
        return new ScaleOptions(Path.of(given.getOrDefault("server-jar", "riffle-cli/target/riffle.jar")),
                Path.of(given.getOrDefault("dir", System.getProperty("java.io.tmpdir"))), heap,
                CommandLine.jvmOptions(given.get("server-jvm-opts")), durability, List.copyOf(scenarios), streams, shards,
                producers, batch, recordBytes, ingestSeconds, (long) (dataGb * 1e9), !given.containsKey("no-restart"),
                createThreads, CommandLine.wholeNumber(given, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 1));
    }

    String describe() {
        return String.format(Locale.ROOT, "--scenario=%s --streams=%d --shards=%d --heap=%s --durability=%s --producers=%d "
                        + "--batch=%d --record-bytes=%d --ingest-seconds=%s --data-gb=%s%s --create-threads=%d --seed=%d%s",
                String.join(",", scenarios), streams, shards, heap, durability, producers, batch, recordBytes,
                LoadOptions.trim(ingestSeconds), LoadOptions.trim(dataBytes / 1e9), isRestart ? "" : " --no-restart",
                createThreads, seed,
                serverJvmOpts.isEmpty() ? "" : " --server-jvm-opts=\"" + String.join(" ", serverJvmOpts) + "\"");
    }
}
