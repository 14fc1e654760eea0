package io.riffle.bench.storage;

import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.MachineInfo;
import io.riffle.storage.Durability;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The storage benchmark: raw disk bandwidth with fsync, then append and cached-read throughput of
 * {@link io.riffle.storage.LogStore} over a matrix of durability x record size x shards x
 * batch size, then the heap and files an idle shard costs. Prints progress as it goes and ends
 * with markdown that can be pasted into docs/benchmarks.md.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.storage.StorageBench --help
 * </pre>
 */
public final class StorageBench {
    /** The target of the storage issue: fsync'd 500 x 1 KiB appends from 4 writers reach this share of raw. */
    static final double TARGET_SHARE_OF_RAW = 0.5;
    static final double TARGET_READ_MBPS = 1000;
    static final int TARGET_RECORD_BYTES = 1024;
    static final int TARGET_BATCH = 500;
    static final int TARGET_WRITERS = 4;
    static final int RAW_ROUNDS = 3;
    /** Long enough to get past a virtual disk's write burst: 1 s rounds read up to 1.5x higher here. */
    static final double RAW_ROUND_SECONDS = 3;

    private final BenchOptions options;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();

    private StorageBench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = CommandLine.parseOrExit("storage-bench", BenchOptions.USAGE,
                () -> BenchOptions.parse(args));
        if (options == null) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        new StorageBench(options, System.out).run(String.join(" ", args));
    }

    private void run(String commandLine) throws IOException, InterruptedException {
        Path base = baseDirectory();
        MachineInfo machine = MachineInfo.probe(base);
        String started = ZonedDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        out.println("# Riffle storage benchmark");
        out.println();
        out.println("Started " + started + "; arguments: " + (commandLine.isEmpty() ? "(none)" : commandLine));
        out.println("Options: " + options.describe());
        out.println("Directory: " + base + (options.dir() == null ? " (default: under ./target; --dir=PATH to choose)" : ""));
        machine.describe().forEach(out::println);
        if (machine.isTmpfs()) {
            out.println("WARNING: the directory is on a tmpfs; fsync costs nothing there. Use --dir on a real disk.");
        }
        out.println();

        RawDiskBandwidth.Figures rawBefore = null;
        RawDiskBandwidth.Figures rawAfter = null;
        List<AppendCell.Result> results = new ArrayList<>();
        List<String> failedCells = new ArrayList<>();
        if (options.mode() != BenchOptions.Mode.SCALE) {
            rawBefore = raw(base, "before the matrix");
            runMatrix(base, rawBefore, results, failedCells);
            rawAfter = raw(base, "after the matrix");
        }
        IdleShardFootprint.Result scale = null;
        if (options.mode() != BenchOptions.Mode.MATRIX) {
            scale = scale(base.resolve("scale"));
        }
        deleteIfEmpty(base);

        out.println();
        out.println("## Summary (markdown, for docs/benchmarks.md)");
        out.println();
        out.println("Run " + started + ", `StorageBench" + (commandLine.isEmpty() ? "" : " " + commandLine) + "`; "
                + options.describe());
        out.println();
        machine.describe().forEach(out::println);
        out.println("- Load average when the run ended: " + MachineInfo.loadAverageNow()
                + " (other work on the machine lowers every figure)");
        out.println();
        if (rawBefore != null) {
            ResultTable.printRaw(out, rawBefore, rawAfter);
            out.println();
            ResultTable.printCells(out, results, rawBefore.fsyncEachBlockMBps());
            failedCells.forEach(f -> out.println("- cell failed: " + f));
            out.println();
            printTargets(results, rawBefore);
        }
        if (scale != null) {
            ResultTable.printScale(out, scale);
            out.println();
        }
        out.println("Engine problems seen: " + (problems.isEmpty() ? "none" : problems.size()));
        problems.forEach(p -> out.println("- " + p));
    }

    private Path baseDirectory() throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = options.dir() != null ? options.dir().resolve("storage-bench-" + stamp)
                : Path.of("target").resolve("storage-bench-" + stamp);
        Files.createDirectories(base);
        return base.toAbsolutePath();
    }

    private RawDiskBandwidth.Figures raw(Path base, String when) throws IOException {
        RawDiskBandwidth.Figures f = RawDiskBandwidth.measure(base, RAW_ROUND_SECONDS, RAW_ROUNDS);
        out.printf(Locale.ROOT, "Raw disk, %s: 1 MiB blocks with fdatasync after each: %.1f MB/s (median of %d rounds"
                        + " of %.0f s; %.1f..%.1f); fdatasync every 8 MiB: %.1f MB/s%n",
                when, f.fsyncEachBlockMBps(), f.rounds(), f.secondsPerRound(), f.fsyncEachBlockMinMBps(),
                f.fsyncEachBlockMaxMBps(), f.fsyncEvery8BlocksMBps());
        return f;
    }

    private void runMatrix(Path base, RawDiskBandwidth.Figures raw, List<AppendCell.Result> results,
                           List<String> failedCells) throws InterruptedException {
        int total = options.cellCount();
        out.printf(Locale.ROOT, "%nMatrix: %d cells of %.1f s warm-up + %.1f s measured, %d writers x %d appends in flight%n",
                total, options.warmupSeconds(), options.seconds(), options.writers(), options.inFlight());
        int n = 0;
        for (Durability durability : options.durabilities()) {
            for (int recordBytes : options.recordBytes()) {
                for (int shards : options.shards()) {
                    for (int batch : options.batches()) {
                        n++;
                        AppendCell.Spec spec = new AppendCell.Spec(durability, recordBytes, shards, batch);
                        Path dir = base.resolve(String.format(Locale.ROOT, "cell-%03d", n));
                        String prefix = String.format(Locale.ROOT, "[%2d/%d] %-34s", n, total, spec.label());
                        try {
                            AppendCell.Result r = new AppendCell(spec, dir, options.writers(), options.inFlight(),
                                    options.warmupSeconds(), options.seconds()).run();
                            results.add(r);
                            out.println(prefix + ResultTable.line(r, raw.fsyncEachBlockMBps()));
                            r.problems().forEach(p -> {
                                out.println("        PROBLEM: " + p);
                                problems.add(spec.label() + ": " + p);
                            });
                        } catch (IOException | RuntimeException e) {
                            out.println(prefix + "FAILED: " + e);
                            failedCells.add(spec.label() + ": " + e);
                            problems.add(spec.label() + ": cell failed with " + e);
                        }
                    }
                }
            }
        }
    }

    private IdleShardFootprint.Result scale(Path dir) throws InterruptedException {
        out.printf(Locale.ROOT, "%nIdle shards: creating %d logs, one %d B record each ...%n", options.scaleShards(),
                IdleShardFootprint.RECORD_BYTES);
        try {
            IdleShardFootprint.Result r = IdleShardFootprint.measure(dir, options.scaleShards());
            out.printf(Locale.ROOT,
                    "Idle shards: %,d B heap per shard after the appends (%,d open files), %,d B after reopen (%,d open files)%n",
                    r.loaded().heapBytesPerShard(), r.loaded().openFiles(), r.reopened().heapBytesPerShard(),
                    r.reopened().openFiles());
            r.problems().forEach(p -> {
                out.println("        PROBLEM: " + p);
                problems.add("idle shards: " + p);
            });
            return r;
        } catch (IOException | RuntimeException e) {
            out.println("Idle shards: FAILED: " + e);
            problems.add("idle shards: failed with " + e);
            return null;
        }
    }

    /** Says, from this run's own figures, whether the targets are met. */
    private void printTargets(List<AppendCell.Result> results, RawDiskBandwidth.Figures raw) {
        out.println("Targets:");
        boolean any = false;
        for (AppendCell.Result r : results) {
            AppendCell.Spec s = r.spec();
            if (s.durability() == Durability.FSYNC && s.recordBytes() == TARGET_RECORD_BYTES && s.batch() == TARGET_BATCH) {
                any = true;
                double share = r.payloadMBps() / raw.fsyncEachBlockMBps();
                out.printf(Locale.ROOT, "- fsync, %d x %d B, %d writers, %d shards: %.1f MB/s = %.0f%% of raw fsync bandwidth (target >= %.0f%%%s): %s%n",
                        TARGET_BATCH, TARGET_RECORD_BYTES, r.writers(), s.shards(), r.payloadMBps(), share * 100,
                        TARGET_SHARE_OF_RAW * 100, r.writers() == TARGET_WRITERS ? "" : ", with " + TARGET_WRITERS + " writers",
                        share >= TARGET_SHARE_OF_RAW ? "met" : "NOT met");
            }
        }
        if (!any) {
            out.println("- fsync with 500 x 1 KiB appends: not in this run's matrix");
        }
        for (int recordBytes : options.recordBytes()) {
            List<AppendCell.Result> cells = results.stream().filter(r -> r.spec().recordBytes() == recordBytes).toList();
            if (cells.isEmpty()) {
                continue;
            }
            long met = cells.stream().filter(r -> r.read().payloadMBps() >= TARGET_READ_MBPS).count();
            double min = cells.stream().mapToDouble(r -> r.read().payloadMBps()).min().orElse(0);
            double max = cells.stream().mapToDouble(r -> r.read().payloadMBps()).max().orElse(0);
            out.printf(Locale.ROOT, "- cached reads of %d B records: %.0f..%.0f MB/s; >= %.0f MB/s in %d of %d cells%n",
                    recordBytes, min, max, TARGET_READ_MBPS, met, cells.size());
        }
        out.println();
    }

    private static void deleteIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // leaving an empty directory behind is harmless
        }
    }
}
