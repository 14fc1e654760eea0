package io.riffle.bench.kinesis;

import static io.riffle.bench.common.CommandLine.number;
import static io.riffle.bench.common.CommandLine.wholeNumber;

import io.riffle.bench.common.CommandLine.UsageException;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.RandomKeys;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@link KinesisLoad}, parsed from {@code --key=value} arguments (and bare
 * {@code --flag}s).
 *
 * @param endpoint       a running server to drive; null means start one as a child process
 * @param serverPid      with {@code endpoint}: the server's process id, to measure its CPU and memory (0: unknown)
 * @param serverJar      the riffle.jar a child server runs
 * @param serverJvmOpts  JVM options of a child server, e.g. {@code -XX:StartFlightRecording=...}
 * @param serverSettings {@code --set} settings of a child server besides durability
 * @param dir            where a child server's temporary data directory is created
 * @param durability     durability setting of a child server
 * @param consumers      consumer threads; each reads its share of the shards (shard i to consumer i mod n)
 * @param getLimit       the Limit of each GetRecords
 * @param pollSleepMs    how long a consumer sleeps after a round of GetRecords that returned nothing
 *                       (0: it only yields the CPU)
 * @param rateMbps       total ingest the producers offer, MB/s of record data (0: as fast as the server answers)
 * @param drainSeconds   after the producers stop, how long consumers may take to read the rest
 * @param isJson         send JSON instead of the SDK's default CBOR
 * @param seed           seeds the partition keys and record filler
 */
public record LoadOptions(URI endpoint, long serverPid, Path serverJar, List<String> serverJvmOpts,
                   Map<String, String> serverSettings, Path dir, String durability, String streamName, int shards,
                   int producers, int batch, int recordBytes, double seconds, double warmupSeconds, int consumers,
                   int getLimit, long pollSleepMs, double rateMbps, double drainSeconds, boolean isJson, long seed) {

    static final String USAGE = """
            Usage: java -cp riffle-bench.jar io.riffle.bench.kinesis.KinesisLoad [--key=value ...]

            Drives a Riffle server through the AWS SDK for Java v2 (KinesisClient, Apache HTTP/1.1):
            producers send PutRecords, consumers poll GetRecords from LATEST; prints throughput,
            PutRecords latency, put-to-get latency and the CPU both processes used.

            The server (default: start riffle-cli/target/riffle.jar as a child process):
              --endpoint=URL           drive a running server instead (http://127.0.0.1:4567)
              --server-pid=N           with --endpoint: its process id, to measure its CPU and memory
              --server-jar=PATH        the jar a child server runs (default riffle-cli/target/riffle.jar)
              --server-jvm-opts=OPTS   JVM options of the child server, space-separated
                                       (e.g. "-XX:StartFlightRecording=duration=30s,filename=/tmp/riffle.jfr")
              --server-set=K=V,K=V     more settings for the child server (given as --set K=V)
              --dir=PATH               where the child's temporary data directory goes (default: java.io.tmpdir)
              --durability=D           fsync, interval or none for the child server (default fsync)

            The load:
              --stream=NAME            stream to create (default kinesis-load-<time>); deleted at the end
              --shards=N               shards of the stream (default 8)
              --producers=N            producer threads, each with its own client (default 4)
              --batch=N                records per PutRecords, at most 500 (default 500)
              --record-bytes=N         data bytes per record, at least 20 (default 1024)
              --rate-mbps=N            cap the offered ingest at N MB/s of record data, spread evenly over
                                       the producers (default: none; each producer sends its next call
                                       as soon as the last one is answered)
              --seconds=N              measured seconds (default 20)
              --warmup=N               seconds of load before measuring (default 5)
              --consumers=N            consumer threads, at most one per shard (default: one per shard)
              --get-limit=N            Limit of each GetRecords (default 10000)
              --poll-sleep-ms=N        sleep of a consumer after a round that got nothing (default 0: yield)
              --drain-seconds=N        time consumers get to read the rest after producers stop (default 10)
              --json                   send JSON (aws.cborEnabled=false) instead of the SDK's default CBOR
              --seed=N                 seed of partition keys and record filler (default 1)
              --help                   this text

            Exit status: 0; 1 when the run could not be done; 2 for bad options; 3 when a check failed
            (a failed entry or call, a record lost, duplicated or out of order, an unclean server exit).
            """;

    private static final Set<String> FLAGS = Set.of("json", "help");
    private static final Set<String> VALUED = Set.of("endpoint", "server-pid", "server-jar", "server-jvm-opts",
            "server-set", "dir", "durability", "stream", "shards", "producers", "batch", "record-bytes", "seconds",
            "warmup", "consumers", "get-limit", "poll-sleep-ms", "rate-mbps", "drain-seconds", "seed");
    private static final Set<String> CHILD_ONLY = Set.of("server-jar", "server-jvm-opts", "server-set", "dir",
            "durability");
    private static final Set<String> DURABILITIES = Set.of("fsync", "interval", "none");
    private static final int MAX_BATCH = 500;

    /** Parses the arguments; null when {@code --help} was asked for. */
    static LoadOptions parse(String[] args) throws UsageException {
        Map<String, String> given = CommandLine.parse(args, FLAGS, VALUED);
        if (given.containsKey("help")) {
            return null;
        }

        URI endpoint = null;
        if (given.containsKey("endpoint")) {
            endpoint = endpoint(given.get("endpoint"));
            for (String key : CHILD_ONLY) {
                if (given.containsKey(key)) {
                    throw new UsageException("--" + key + " is for a server KinesisLoad starts; with --endpoint, "
                            + "configure the running server instead");
                }
            }
        } else if (given.containsKey("server-pid")) {
            throw new UsageException("--server-pid goes with --endpoint (a child server is measured anyway)");
        }
        long serverPid = given.containsKey("server-pid") ? wholeNumber(given, "server-pid", 1, Long.MAX_VALUE, 0) : 0;
        Path serverJar = Path.of(given.getOrDefault("server-jar", "riffle-cli/target/riffle.jar"));
        List<String> jvmOpts = given.containsKey("server-jvm-opts")
                ? Arrays.stream(given.get("server-jvm-opts").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList()
                : List.of();
        Map<String, String> settings = CommandLine.serverSettings(given.get("server-set"), Map.of("durability", "use --durability"));
        Path dir = Path.of(given.getOrDefault("dir", System.getProperty("java.io.tmpdir")));
        String durability = given.getOrDefault("durability", "fsync").trim().toLowerCase(Locale.ROOT);
        if (!DURABILITIES.contains(durability)) {
            throw new UsageException("--durability must be fsync, interval or none (got " + durability + ")");
        }
        String stream = given.getOrDefault("stream", "kinesis-load-" + System.currentTimeMillis());
        if (!stream.matches("[a-zA-Z0-9_.-]{1,128}")) {
            throw new UsageException("--stream: a stream name is 1-128 of [a-zA-Z0-9_.-] (got " + stream + ")");
        }
        int shards = (int) wholeNumber(given, "shards", 1, 10_000, 8);
        int producers = (int) wholeNumber(given, "producers", 1, 10_000, 4);
        int batch = (int) wholeNumber(given, "batch", 1, MAX_BATCH, 500);
        int recordBytes = (int) wholeNumber(given, "record-bytes", LoadRecord.HEADER_BYTES, 1_048_000, 1024);
        if ((long) batch * (recordBytes + RandomKeys.CHARS) > 10L * 1024 * 1024) {
            throw new UsageException("--batch x (--record-bytes + " + RandomKeys.CHARS
                    + " B of partition key) must stay within PutRecords' 10 MiB");
        }
        double seconds = seconds(given, "seconds", 20, false);
        double warmup = seconds(given, "warmup", 5, true);
        int consumers = (int) wholeNumber(given, "consumers", 1, shards, shards);
        int getLimit = (int) wholeNumber(given, "get-limit", 1, 10_000, 10_000);
        long pollSleepMs = wholeNumber(given, "poll-sleep-ms", 0, 60_000, 0);
        double rateMbps = number(given, "rate-mbps", 0, true, "MB/s");
        double drain = seconds(given, "drain-seconds", 10, true);
        long seed = wholeNumber(given, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        return new LoadOptions(endpoint, serverPid, serverJar, jvmOpts, settings, dir, durability, stream, shards,
                producers, batch, recordBytes, seconds, warmup, consumers, getLimit, pollSleepMs, rateMbps, drain,
                given.containsKey("json"), seed);
    }

    /** Time between one producer's calls under {@code --rate-mbps}; 0 when the rate is not capped. */
    long producerIntervalNanos() {
        if (rateMbps <= 0) {
            return 0;
        }
        double callsPerSecondPerProducer = rateMbps * 1e6 / ((double) batch * recordBytes) / producers;
        return Math.max(1, (long) (1e9 / callsPerSecondPerProducer));
    }

    boolean isChildServer() {
        return endpoint == null;
    }

    /** The options as they would be typed, for the report. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (endpoint != null) {
            parts.add("--endpoint=" + endpoint + (serverPid > 0 ? " --server-pid=" + serverPid : ""));
        } else {
            parts.add("--durability=" + durability);
            if (!serverJvmOpts.isEmpty()) {
                parts.add("--server-jvm-opts=\"" + String.join(" ", serverJvmOpts) + "\"");
            }
            if (!serverSettings.isEmpty()) {
                List<String> kv = new ArrayList<>();
                serverSettings.forEach((k, v) -> kv.add(k + "=" + v));
                parts.add("--server-set=" + String.join(",", kv));
            }
        }
        parts.add(String.format(Locale.ROOT, "--shards=%d --producers=%d --batch=%d --record-bytes=%d --seconds=%s "
                        + "--warmup=%s --consumers=%d --get-limit=%d --poll-sleep-ms=%d%s%s", shards, producers, batch,
                recordBytes, trim(seconds), trim(warmupSeconds), consumers, getLimit, pollSleepMs,
                rateMbps > 0 ? " --rate-mbps=" + trim(rateMbps) : "", isJson ? " --json" : ""));
        return String.join(" ", parts);
    }

    /** A number as typed: "20", "2.5". */
    public static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static URI endpoint(String text) throws UsageException {
        try {
            URI uri = URI.create(text.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint: '" + text + "' is not a URL like http://127.0.0.1:4567");
        }
    }

    private static double seconds(Map<String, String> given, String key, double fallback, boolean isZeroAllowed)
            throws UsageException {
        return number(given, key, fallback, isZeroAllowed, "seconds");
    }

}
