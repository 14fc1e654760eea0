package io.riffle.bench.storage;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Formats {@link StorageBench} figures: one progress line per cell, and markdown tables. */
public final class ResultTable {
    private ResultTable() {
    }

    /** The progress line of one cell. */
    static String line(AppendCell.Result r, double rawMBps) {
        return String.format(Locale.ROOT,
                "%,11.0f rec/s %8.1f MB/s (%4.0f%% raw, %s disk B/B)  p50 %8.3f ms  p99 %8.3f ms | cached read %6.0f MB/s %,11.0f rec/s",
                r.recordsPerSecond(), r.payloadMBps(), 100 * r.payloadMBps() / rawMBps,
                amplification(r.diskBytesPerPayloadByte()), r.p50Ms(), r.p99Ms(), r.read().payloadMBps(),
                r.read().recordsPerSecond());
    }

    static void printRaw(PrintStream out, RawDiskBandwidth.Figures before, RawDiskBandwidth.Figures after) {
        out.printf(Locale.ROOT, "Raw sequential write bandwidth of the same disk (one thread appending 1 MiB blocks to a"
                + " new file; median of %d rounds of %.0f s, range in brackets; MB = 10^6 bytes):%n",
                before.rounds(), before.secondsPerRound());
        out.println();
        out.println("| measured | fdatasync after every 1 MiB | fdatasync every 8 MiB |");
        out.println("|---|--:|--:|");
        rawRow(out, "before the matrix", before);
        if (after != null) {
            rawRow(out, "after the matrix", after);
        }
    }

    private static void rawRow(PrintStream out, String when, RawDiskBandwidth.Figures f) {
        out.printf(Locale.ROOT, "| %s | %.1f MB/s (%.1f..%.1f) | %.1f MB/s |%n", when, f.fsyncEachBlockMBps(),
                f.fsyncEachBlockMinMBps(), f.fsyncEachBlockMaxMBps(), f.fsyncEvery8BlocksMBps());
    }

    static void printCells(PrintStream out, List<AppendCell.Result> results, double rawMBps) {
        out.printf(Locale.ROOT, "Appends and cached reads. MB/s counts record payload only (10^6 bytes; no keys,"
                + " no framing); %% raw is append MB/s over the raw figure measured before the matrix (%.1f MB/s,"
                + " fdatasync every 1 MiB);"
                + " latency is from append() to its future completing; disk B/B is bytes this process wrote to"
                + " files (journal, segments, indexes, checkpoints; /proc/self/io write_bytes) per payload byte"
                + " acknowledged; reads are one thread reading every log from start to end with"
                + " read(pos, %d, 4 MiB) right after writing, timed on the second pass (the first warms up and"
                + " checks every record).%n",
                rawMBps, AppendCell.READ_MAX_RECORDS);
        out.println();
        out.println("| durability | record | shards | batch | writers | appends/s | records/s | MB/s | % raw fsync"
                + " | disk B/B | p50 ms | p99 ms | read MB/s | read records/s |");
        out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (AppendCell.Result r : results) {
            AppendCell.Spec s = r.spec();
            out.printf(Locale.ROOT, "| %s | %d B | %d | %d | %d | %,.0f | %,.0f | %.1f | %.0f%% | %s | %s | %s | %,.0f | %,.0f |%n",
                    s.durability().configName(), s.recordBytes(), s.shards(), s.batch(), r.writers(),
                    r.appendsPerSecond(), r.recordsPerSecond(), r.payloadMBps(), 100 * r.payloadMBps() / rawMBps,
                    amplification(r.diskBytesPerPayloadByte()), millis(r.p50Ms()), millis(r.p99Ms()),
                    r.read().payloadMBps(), r.read().recordsPerSecond());
        }
    }

    static void printScale(PrintStream out, IdleShardFootprint.Result r) {
        out.printf(Locale.ROOT, "Idle shards: %,d logs in one store (durability fsync), each with one %d B record."
                + " Heap is used heap after forced GCs minus the same before the store was opened, per log;"
                + " the engine's own estimate is LogStore.estimatedHeapBytes() per log.%n",
                r.shards(), IdleShardFootprint.RECORD_BYTES);
        out.println();
        out.println("| moment | heap per shard | engine estimate per shard | open files | time |");
        out.println("|---|--:|--:|--:|--:|");
        out.printf(Locale.ROOT, "| after create + one append each | %,d B | %,d B | %,d | create %.1f s, append %.1f s |%n",
                r.loaded().heapBytesPerShard(), r.loaded().engineEstimatePerShard(), r.loaded().openFiles(),
                r.createSeconds(), r.appendSeconds());
        out.printf(Locale.ROOT, "| after a clean close and reopen (logs not yet touched) | %,d B | %,d B | %,d | reopen %.1f s |%n",
                r.reopened().heapBytesPerShard(), r.reopened().engineEstimatePerShard(), r.reopened().openFiles(),
                r.reopenSeconds());
    }

    private static String amplification(double ratio) {
        return ratio < 0 ? "?" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /** Milliseconds with three significant-ish digits: 0.0123, 0.456, 12.3. */
    private static String millis(double ms) {
        if (ms < 0.1) {
            return String.format(Locale.ROOT, "%.3f", ms);
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        return String.format(Locale.ROOT, "%.1f", ms);
    }
}
