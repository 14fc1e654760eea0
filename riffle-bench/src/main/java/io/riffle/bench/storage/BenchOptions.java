package io.riffle.bench.storage;

import io.riffle.bench.common.CommandLine.UsageException;
import io.riffle.bench.common.CommandLine;
import io.riffle.storage.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The options of {@link StorageBench}, parsed from {@code --key=value} arguments (and bare
 * {@code --flag}s). A list option takes comma-separated values.
 *
 * @param dir             where stores are created; null means a fresh directory under ./target
 * @param warmupSeconds   time each cell runs before it is measured
 * @param seconds         measured time per cell
 * @param writers         producer threads per cell
 * @param inFlight        outstanding appends per producer (so group commit has something to group)
 * @param scaleShards     logs created by the idle-shard measurement
 * @param mode            what to run
 */
public record BenchOptions(Path dir, double warmupSeconds, double seconds, List<Durability> durabilities,
                    List<Integer> recordBytes, List<Integer> shards, List<Integer> batches, int writers,
                    int inFlight, int scaleShards, Mode mode, boolean isQuick) {

    enum Mode {
        /** Raw baseline, the matrix, and the idle-shard figure. */
        FULL,
        /** Raw baseline and the matrix only. */
        MATRIX,
        /** The idle-shard figure only. */
        SCALE
    }

    static final String USAGE = """
            Usage: java -cp riffle-bench.jar io.riffle.bench.storage.StorageBench [--key=value ...]

              --dir=PATH             where to create stores (default: a new directory under ./target;
                                     use the disk Riffle will store its data on, not a tmpfs)
              --seconds=N            measured seconds per cell (default 3; 1 with --quick)
              --warmup-seconds=N     unmeasured seconds before each cell (default 1)
              --durability=LIST      fsync,interval,none (default: all three)
              --record-bytes=LIST    payload bytes per record (default 1024,100)
              --shards=LIST          logs per store (default 1,4,64)
              --batch=LIST           records per append (default 1,500)
              --writers=N            producer threads (default 4)
              --in-flight=N          outstanding appends per producer (default 8)
              --scale                only the idle-shard memory figure
              --scale-shards=N       logs for the idle-shard figure (default 10000; 1000 with --quick)
              --no-scale             skip the idle-shard figure
              --quick                a small matrix for a smoke run (fsync,none x 1024 x 1,4 x 1,500)
              --help                 this text
            """;

    private static final Set<String> FLAGS = Set.of("quick", "scale", "no-scale", "help");
    private static final Set<String> VALUED = Set.of("dir", "seconds", "warmup-seconds", "durability",
            "record-bytes", "shards", "batch", "writers", "in-flight", "scale-shards");

    /** Parses the arguments; null when {@code --help} was asked for. */
    static BenchOptions parse(String[] args) throws UsageException {
        Map<String, String> given = CommandLine.parse(args, FLAGS, VALUED);
        if (given.containsKey("help")) {
            return null;
        }
        if (given.containsKey("scale") && given.containsKey("no-scale")) {
            throw new UsageException("--scale and --no-scale contradict each other");
        }
        boolean quick = given.containsKey("quick");
        Mode mode = given.containsKey("scale") ? Mode.SCALE : given.containsKey("no-scale") ? Mode.MATRIX : Mode.FULL;

        Path dir = given.containsKey("dir") ? Path.of(given.get("dir")) : null;
        double seconds = positiveDouble(given, "seconds", quick ? 1 : 3);
        double warmup = nonNegativeDouble(given, "warmup-seconds", 1);
        List<Durability> durabilities = list(given, "durability",
                quick ? "fsync,none" : "fsync,interval,none", BenchOptions::durability);
        List<Integer> recordBytes = list(given, "record-bytes", quick ? "1024" : "1024,100",
                v -> positiveInt("record-bytes", v));
        List<Integer> shards = list(given, "shards", quick ? "1,4" : "1,4,64", v -> positiveInt("shards", v));
        List<Integer> batches = list(given, "batch", "1,500", v -> positiveInt("batch", v));
        int writers = intOption(given, "writers", "4");
        int inFlight = intOption(given, "in-flight", "8");
        int scaleShards = intOption(given, "scale-shards", quick ? "1000" : "10000");
        return new BenchOptions(dir, warmup, seconds, durabilities, recordBytes, shards, batches, writers,
                inFlight, scaleShards, mode, quick);
    }

    private static Durability durability(String v) {
        return Durability.parse(v);
    }

    private static <T> List<T> list(Map<String, String> given, String key, String fallback,
                                    Function<String, T> parser)
            throws UsageException {
        List<T> values = new ArrayList<>();
        for (String part : given.getOrDefault(key, fallback).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                values.add(parser.apply(part.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage().startsWith("--") ? e.getMessage()
                        : "--" + key + ": " + e.getMessage());
            }
        }
        if (values.isEmpty()) {
            throw new UsageException("--" + key + " needs at least one value");
        }
        return List.copyOf(values);
    }

    private static int intOption(Map<String, String> given, String key, String fallback) throws UsageException {
        try {
            return positiveInt(key, given.getOrDefault(key, fallback));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int positiveInt(String key, String v) {
        int n;
        try {
            n = Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": '" + v + "' is not a whole number");
        }
        if (n < 1) {
            throw new IllegalArgumentException("--" + key + " must be at least 1 (got " + n + ")");
        }
        return n;
    }

    private static double positiveDouble(Map<String, String> given, String key, double fallback)
            throws UsageException {
        double d = nonNegativeDouble(given, key, fallback);
        if (d <= 0) {
            throw new UsageException("--" + key + " must be positive");
        }
        return d;
    }

    private static double nonNegativeDouble(Map<String, String> given, String key, double fallback)
            throws UsageException {
        String v = given.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new UsageException("--" + key + " must be a number of seconds >= 0 (got " + v + ")");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + ": '" + v + "' is not a number");
        }
    }

    /** The number of matrix cells. */
    int cellCount() {
        return durabilities.size() * recordBytes.size() * shards.size() * batches.size();
    }

    /** One line describing what will run, for the report. */
    String describe() {
        return String.format(Locale.ROOT,
                "mode=%s%s seconds=%s warmup=%s durability=%s record-bytes=%s shards=%s batch=%s writers=%d in-flight=%d scale-shards=%d",
                mode.name().toLowerCase(Locale.ROOT), isQuick ? " (quick)" : "", seconds, warmupSeconds,
                durabilities.stream().map(Durability::configName).toList(), recordBytes, shards, batches, writers,
                inFlight, scaleShards);
    }
}
