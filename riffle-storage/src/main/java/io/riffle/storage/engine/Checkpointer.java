package io.riffle.storage.engine;

import io.riffle.storage.StoreHealth;
import io.riffle.storage.io.FileIO;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes checkpoints on its own thread, so the commit thread never waits for them: syncs the
 * segment files up to the snapshot's points, writes the checkpoint atomically, then deletes the
 * journal files the checkpoint no longer needs.
 */
final class Checkpointer {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    static final String FILE = "checkpoint";

    private final FileIO io;
    private final Path storeDir;
    private final Path journalDir;
    private final HandleCache files;
    private final Supplier<Set<String>> liveLogs;
    private final Map<String, LogPoint> points;
    private final HealthTracker health;
    /**
     * Shards of checkpoints that failed: synced again by the next one. Without this a shard not
     * written since would keep its old point while the next checkpoint let the journal that covers
     * its unsynced bytes go. Checkpoint thread.
     */
    private Map<LocalShardLog, LogPoint> unsynced = new HashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "riffle-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private Journal journal;

    Checkpointer(FileIO io, Path storeDir, Path journalDir, HandleCache files, Map<String, LogPoint> initial,
                 Supplier<Set<String>> liveLogs, HealthTracker health) {
        this.io = io;
        this.health = health;
        this.storeDir = storeDir;
        this.journalDir = journalDir;
        this.files = files;
        this.liveLogs = liveLogs;
        this.points = new HashMap<>(initial);
    }

    void attach(Journal journal) {
        this.journal = journal;
    }

    /** Called on the commit thread: queue the snapshot's checkpoint. */
    void submit(Journal.Snapshot snapshot) {
        thread.execute(() -> {
            try {
                take(snapshot);
                StoreHealth.Problem ended = health.succeeded(HealthTracker.Area.FILES);
                if (ended != null) {
                    log.info("checkpoints and files are written again (they failed since {}: {})",
                            java.time.Instant.ofEpochMilli(ended.sinceMs()), ended.detail());
                }
                snapshot.done().complete(null);
            } catch (IOException | RuntimeException e) {
                boolean isNew = !(e instanceof IOException io) || health.failed(HealthTracker.Area.FILES, "checkpoint", io);
                if (isNew) {
                    log.error("checkpoint failed (the journal keeps everything since the previous one): {}", e.toString());
                } else {
                    log.debug("checkpoint failed again: {}", e.toString());
                }
                snapshot.done().completeExceptionally(e);
            } finally {
                journal.checkpointFinished();
            }
        });
    }

    private void take(Journal.Snapshot snapshot) throws IOException {
        Map<LocalShardLog, LogPoint> dirty = new HashMap<>(unsynced);
        dirty.putAll(snapshot.dirty()); // a newer point of the same shard wins
        unsynced = dirty; // until this checkpoint is written
        for (Map.Entry<LocalShardLog, LogPoint> e : dirty.entrySet()) {
            LocalShardLog shard = e.getKey();
            LogPoint previous = points.get(shard.id());
            long from = previous == null ? 0 : previous.segmentBase();
            // every segment written since the previous checkpoint: the one it ended in, any sealed
            // since (rolls do not sync), and the one this checkpoint ends in
            for (Segment segment : shard.segments.subMap(from, true, e.getValue().segmentBase(), true).values()) {
                try (HandleCache.Lease lease = files.acquire(segment.file, false)) {
                    lease.handle().sync();
                } catch (NoSuchFileException gone) {
                    // deleted with its log, or trimmed by retention
                }
            }
            points.put(shard.id(), e.getValue());
        }
        points.keySet().retainAll(liveLogs.get());
        write(io, storeDir, new CheckpointFile.Content(snapshot.journalSequence(), snapshot.journalOffset(),
                new LinkedHashMap<>(points)));
        unsynced = new HashMap<>();
        deleteJournalBefore(io, journalDir, snapshot.journalSequence());
    }

    static void write(FileIO io, Path storeDir, CheckpointFile.Content content) throws IOException {
        AtomicFiles.write(io, storeDir.resolve(FILE), CheckpointFile.encode(content));
    }

    static void deleteJournalBefore(FileIO io, Path journalDir, long sequence) throws IOException {
        boolean deleted = false;
        for (String name : io.list(journalDir)) {
            long s = Journal.parseSequence(name);
            if (s >= 0 && s < sequence) {
                io.delete(journalDir.resolve(name));
                deleted = true;
            }
        }
        if (deleted) {
            io.syncDirectory(journalDir);
        }
    }

    void stop() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(1, TimeUnit.MINUTES);
    }
}
