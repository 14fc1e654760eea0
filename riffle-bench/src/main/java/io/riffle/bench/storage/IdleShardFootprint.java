package io.riffle.bench.storage;

import io.riffle.bench.common.Dirs;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * What an idle shard costs: a store with many logs, each given one small record, then the heap
 * they hold (used heap after a forced GC, minus the same before the store was opened, per log)
 * and the open file count. Measured twice: right after the appends (every log loaded), and after
 * a clean close and reopen (logs load lazily, so an idle log should cost less).
 */
public final class IdleShardFootprint {
    static final int RECORD_BYTES = 100;

    /** Heap and files of the store at one moment. */
    record Snapshot(long heapBytesPerShard, long engineEstimatePerShard, int openFiles) {
    }

    /**
     * @param createSeconds  time to create every log
     * @param appendSeconds  time to append (and acknowledge, under fsync) one record to every log
     * @param reopenSeconds  time to open the store again after a clean close
     */
    record Result(int shards, double createSeconds, double appendSeconds, Snapshot loaded,
                  double reopenSeconds, Snapshot reopened, List<String> problems) {
    }

    private IdleShardFootprint() {
    }

    static Result measure(Path dir, int shards) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        StoreConfig config = StoreConfig.at(dir);
        try {
            long baseline = usedHeapAfterGc();
            long t0 = System.nanoTime();
            Snapshot loaded;
            double createSeconds;
            double appendSeconds;
            try (LogStore store = LogStore.open(config)) {
                List<ShardLog> logs = new ArrayList<>(shards);
                for (int i = 0; i < shards; i++) {
                    logs.add(store.create(String.format(Locale.ROOT, "idle-%06d", i)));
                }
                long t1 = System.nanoTime();
                createSeconds = (t1 - t0) / 1e9;
                appendOneEach(logs, problems);
                appendSeconds = (System.nanoTime() - t1) / 1e9;
                long used = usedHeapAfterGc();
                loaded = new Snapshot((used - baseline) / shards, store.estimatedHeapBytes() / shards, store.openFiles());
                Reference.reachabilityFence(logs); // the logs count as held until measured
            }
            long t2 = System.nanoTime();
            Snapshot reopened;
            double reopenSeconds;
            try (LogStore store = LogStore.open(config)) {
                reopenSeconds = (System.nanoTime() - t2) / 1e9;
                if (store.logIds().size() != shards) {
                    problems.add("after reopening, the store lists " + store.logIds().size() + " logs, not " + shards);
                }
                long used = usedHeapAfterGc();
                reopened = new Snapshot((used - baseline) / shards, store.estimatedHeapBytes() / shards,
                        store.openFiles());
                long ends = 0;
                for (String id : store.logIds()) {
                    ends += store.get(id).map(ShardLog::endPosition).orElse(0L);
                }
                if (ends != shards) {
                    problems.add("after reopening, the logs hold " + ends + " records, not " + shards);
                }
            }
            return new Result(shards, createSeconds, appendSeconds, loaded, reopenSeconds, reopened, problems);
        } finally {
            Dirs.deleteRecursively(dir);
        }
    }

    private static void appendOneEach(List<ShardLog> logs, List<String> problems) {
        byte[] payload = new byte[RECORD_BYTES];
        List<CompletableFuture<AppendResult>> pending = new ArrayList<>(logs.size());
        for (ShardLog log : logs) {
            byte[] key = log.id().getBytes(StandardCharsets.US_ASCII);
            pending.add(log.append(List.of(AppendRecord.of(key, payload, System.currentTimeMillis()))));
        }
        int failed = 0;
        String first = null;
        for (CompletableFuture<AppendResult> f : pending) {
            AppendResult r = f.join();
            if (!r.isOk()) {
                failed++;
                first = first == null ? r.status() + ": " + r.detail() : first;
            }
        }
        if (failed > 0) {
            problems.add(failed + " of " + logs.size() + " single-record appends failed; first: " + first);
        }
    }

    /** Used heap after the collector has had a few chances to clear garbage. */
    static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
