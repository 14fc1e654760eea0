package io.riffle.storage.engine;

import io.riffle.storage.LogStore;
import io.riffle.storage.RecoveryReport;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.StoreHealth;
import io.riffle.storage.StoreStats;
import io.riffle.storage.io.FileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link LogStore}: many shard logs over one journal, one commit thread, a few owner threads.
 *
 * <pre>
 * directory/
 *   store-epoch              writer epoch, raised at every open
 *   checkpoint               see {@link CheckpointFile}
 *   clean-shutdown           present only between a clean close and the next open
 *   journal/NNN.jnl          see {@link io.riffle.storage.format.JournalGroup}
 *   logs/ID/NNN.seg          see {@link io.riffle.storage.format.RecordBatch}
 *   logs/ID/NNN.idx          derived index, see {@link SegmentIndex}
 *   logs/ID/retention        the log's retention
 * </pre>
 */
public final class EmbeddedLogStore implements LogStore {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedLogStore.class);
    static final String EPOCH_FILE = "store-epoch";
    static final String CLEAN_MARKER = "clean-shutdown";
    private static final Pattern LOG_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final StoreConfig config;
    private final FileIO io;
    private final Path logsDir;
    private final StoreContext ctx;
    private final Checkpointer checkpointer;
    private final HealthTracker health;
    private final StoreStats stats = new StoreStats();
    private final Map<String, LocalShardLog> logs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService maintenance;
    /** Completes append futures (and so runs callers' continuations) off the commit thread. */
    private final java.util.concurrent.ExecutorService acknowledgements;
    private final RecoveryReport recoveryReport;
    private volatile boolean closed;

    private EmbeddedLogStore(StoreConfig config, int epoch, Map<String, LogPoint> points, long journalSequence,
                     List<String> logIds, RecoveryReport recoveryReport) throws IOException {
        this.config = config;
        this.recoveryReport = recoveryReport;
        this.io = config.fileIO();
        Path dir = config.directory();
        this.logsDir = dir.resolve("logs");
        HandleCache files = new HandleCache(io, config.maxOpenFiles());
        OwnerPool owners = new OwnerPool(config.ownerThreads(), config.ownerQueueMaxBytes());
        this.health = new HealthTracker(config.clockMs());
        this.checkpointer = new Checkpointer(io, dir, dir.resolve("journal"), files, points, logs::keySet, health);
        // one thread: answers complete in commit order, and a flush after every append before it
        this.acknowledgements = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "riffle-ack");
            t.setDaemon(true);
            return t;
        });
        Journal journal = new Journal(config, dir.resolve("journal"), journalSequence, checkpointer::submit,
                acknowledgements, health, stats);
        checkpointer.attach(journal);
        this.ctx = new StoreContext(config, io, files, owners, journal, epoch, health);
        for (String id : logIds) {
            LogPoint point = points.getOrDefault(id, LogPoint.EMPTY);
            logs.put(id, new LocalShardLog(id, logsDir.resolve(id), ctx, point, readRetention(id)));
        }
        journal.start();
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-maintenance");
            t.setDaemon(true);
            return t;
        });
        maintenance.scheduleWithFixedDelay(this::maintain, config.maintenanceIntervalMs(),
                config.maintenanceIntervalMs(), TimeUnit.MILLISECONDS);
    }

    /** Opens (creating or recovering) the store in {@code config.directory()}. */
    public static EmbeddedLogStore open(StoreConfig config) throws IOException {
        config.validate();
        FileIO io = config.fileIO();
        Path dir = config.directory();
        Path journalDir = dir.resolve("journal");
        Path logsDir = dir.resolve("logs");
        boolean fresh = !io.exists(dir.resolve(EPOCH_FILE));
        io.createDirectories(journalDir);
        io.createDirectories(logsDir);
        if (fresh) {
            if (dir.toAbsolutePath().getParent() != null) {
                io.syncDirectory(dir.toAbsolutePath().getParent());
            }
            io.syncDirectory(dir);
        }
        int epoch = nextEpoch(io, dir);
        List<String> logIds = io.list(logsDir).stream().filter(n -> LOG_ID.matcher(n).matches()).toList();
        boolean clean = io.exists(dir.resolve(CLEAN_MARKER));
        ByteBuffer stored = AtomicFiles.read(io, dir.resolve(Checkpointer.FILE));
        CheckpointFile.Content checkpoint = stored == null ? null : CheckpointFile.decode(stored);
        if (stored != null && checkpoint == null) {
            log.warn("checkpoint file is damaged; verifying every shard's segments from the start");
        }
        Map<String, LogPoint> points;
        long journalSequence;
        long started = System.nanoTime();
        RecoveryReport report;
        if (clean && checkpoint != null) {
            points = new HashMap<>(checkpoint.logs());
            journalSequence = Math.max(lastJournalSequence(io, journalDir), checkpoint.journalSequence()) + 1;
            log.info("opened {} after a clean shutdown: {} logs, writer epoch {}", dir, logIds.size(), epoch);
            report = RecoveryReport.withoutRecovery(RecoveryReport.Opening.CLEAN_SHUTDOWN, logIds.size(), epoch,
                    (System.nanoTime() - started) / 1_000_000);
        } else {
            RecoveryNotes notes = new RecoveryNotes();
            points = recover(config, checkpoint, logIds, notes);
            journalSequence = Math.max(lastJournalSequence(io, journalDir),
                    checkpoint == null ? 0 : checkpoint.journalSequence()) + 1;
            Checkpointer.write(io, dir, new CheckpointFile.Content(journalSequence, 0, points));
            Checkpointer.deleteJournalBefore(io, journalDir, journalSequence);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            log.info("recovered {} in {} ms: {} logs, writer epoch {}", dir, tookMs, logIds.size(), epoch);
            report = fresh ? RecoveryReport.withoutRecovery(RecoveryReport.Opening.CREATED, 0, epoch, tookMs)
                    : notes.report(logIds.size(), epoch, tookMs);
        }
        if (clean) {
            io.delete(dir.resolve(CLEAN_MARKER));
            io.syncDirectory(dir);
        }
        return new EmbeddedLogStore(config, epoch, points, journalSequence, logIds, report);
    }

    /** The highest journal file sequence in the directory, 0 when there is none. */
    private static long lastJournalSequence(FileIO io, Path journalDir) throws IOException {
        long last = 0;
        for (String name : io.list(journalDir)) {
            last = Math.max(last, Journal.parseSequence(name));
        }
        return last;
    }

    private static Map<String, LogPoint> recover(StoreConfig config, CheckpointFile.Content checkpoint,
                                                 List<String> logIds, RecoveryNotes notes) throws IOException {
        FileIO io = config.fileIO();
        Path dir = config.directory();
        Path journalDir = dir.resolve("journal");
        long fromSequence = checkpoint == null ? 0 : checkpoint.journalSequence();
        long fromOffset = checkpoint == null ? 0 : checkpoint.journalOffset();
        JournalScanner.Result journal = JournalScanner.scan(io, journalDir, fromSequence, fromOffset, notes);
        Map<String, LogPoint> points = new HashMap<>();
        Set<Path> toSync = new LinkedHashSet<>();
        for (String id : logIds) {
            LogPoint checkpointed = checkpoint == null ? null : checkpoint.logs().get(id);
            LogRecovery recovery = new LogRecovery(id, dir.resolve("logs").resolve(id), journalDir, config, notes,
                    toSync);
            points.put(id, recovery.recover(checkpointed, checkpoint != null,
                    journal.batchesByLog().getOrDefault(id, List.of())));
        }
        ParallelSync.all(io, toSync); // before the checkpoint that lets their journal go
        Set<String> orphans = new TreeSet<>(journal.batchesByLog().keySet());
        orphans.removeAll(logIds);
        if (!orphans.isEmpty()) {
            log.info("skipped journal batches of {} deleted logs: {}", orphans.size(), orphans);
            notes.orphanLogs.addAll(orphans);
        }
        return points;
    }

    private static int nextEpoch(FileIO io, Path dir) throws IOException {
        ByteBuffer stored = AtomicFiles.read(io, dir.resolve(EPOCH_FILE));
        int previous = 0;
        if (stored != null) {
            String text = StandardCharsets.UTF_8.decode(stored).toString().trim();
            try {
                previous = Integer.parseInt(text.replace("epoch=", ""));
            } catch (NumberFormatException e) {
                throw new IOException(dir.resolve(EPOCH_FILE) + " is damaged ('" + text
                        + "'); restore it or write 'epoch=N' with N above any epoch used before");
            }
        }
        int epoch = previous + 1;
        AtomicFiles.write(io, dir.resolve(EPOCH_FILE),
                ByteBuffer.wrap(("epoch=" + epoch + "\n").getBytes(StandardCharsets.UTF_8)));
        return epoch;
    }

    private long readRetention(String id) throws IOException {
        ByteBuffer stored = AtomicFiles.read(io, logsDir.resolve(id).resolve(LocalShardLog.RETENTION_FILE));
        if (stored == null) {
            return config.defaultRetentionMs();
        }
        String text = StandardCharsets.UTF_8.decode(stored).toString().trim();
        try {
            return Long.parseLong(text.replace("retention-ms=", ""));
        } catch (NumberFormatException e) {
            log.warn("log {}: retention file is damaged ('{}'); using the default {} ms", id, text,
                    config.defaultRetentionMs());
            return config.defaultRetentionMs();
        }
    }

    /**
     * Creates an empty log. Ids are 1..200 of {@code [A-Za-z0-9._-]}. When it fails (a full disk),
     * no directory is left behind.
     */
    @Override
    public ShardLog create(String id) throws IOException {
        ensureOpen();
        if (!LOG_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("log id must be 1..200 characters of [A-Za-z0-9._-]: '" + id + "'");
        }
        synchronized (logs) {
            if (logs.containsKey(id)) {
                throw new IllegalStateException("log " + id + " exists");
            }
            Path dir = logsDir.resolve(id);
            boolean existed = io.exists(dir);
            try {
                io.createDirectories(dir);
                io.syncDirectory(logsDir);
            } catch (IOException e) {
                health.failed(HealthTracker.Area.FILES, "directory of log " + id, e);
                if (!existed) {
                    try {
                        io.delete(dir);
                    } catch (IOException again) {
                        e.addSuppressed(again);
                    }
                }
                throw e;
            }
            LocalShardLog created = new LocalShardLog(id, dir, ctx, LogPoint.EMPTY, config.defaultRetentionMs());
            logs.put(id, created);
            log.debug("created log {}", id);
            return created;
        }
    }

    @Override
    public Optional<ShardLog> get(String id) {
        return Optional.ofNullable(logs.get(id));
    }

    @Override
    public Set<String> logIds() {
        return new TreeSet<>(logs.keySet());
    }

    /**
     * Deletes a log and its files for good; a checkpoint then forgets its journal entries. Called
     * again after a failure, it deletes what the failed call left.
     */
    @Override
    public void delete(String id) throws IOException {
        ensureOpen();
        if (!LOG_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("log id must be 1..200 characters of [A-Za-z0-9._-]: '" + id + "'");
        }
        LocalShardLog removed;
        synchronized (logs) {
            removed = logs.remove(id);
        }
        Path dir = logsDir.resolve(id);
        if (removed == null && !io.exists(dir)) {
            return;
        }
        if (removed != null) {
            removed.close();
        }
        try {
            for (String name : io.list(dir)) {
                ctx.files().forget(dir.resolve(name));
                io.delete(dir.resolve(name));
            }
            io.delete(dir);
            io.syncDirectory(logsDir);
        } catch (IOException e) {
            health.failed(HealthTracker.Area.FILES, "deleting log " + id, e);
            throw e;
        }
        if (removed == null || removed.endPosition() > 0) {
            checkpoint(); // a log that never had a record has nothing in the journal to forget
            log.info("deleted log {}", id);
        } else {
            log.debug("deleted empty log {}", id);
        }
    }

    /** Takes a checkpoint now and waits for it (tests, and before deletes). */
    @Override
    public void checkpoint() throws IOException {
        try {
            ctx.journal().checkpoint().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IOException("checkpoint failed", e.getCause());
        }
    }

    /** Makes everything acknowledged so far durable, whatever the durability setting. */
    @Override
    public void flush() throws IOException {
        try {
            ctx.journal().flush().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IOException("flush failed", e.getCause());
        }
    }

    /** Runs retention and age-based rolls now (also runs every maintenance interval). */
    @Override
    public void maintain() {
        try {
            for (LocalShardLog l : logs.values()) {
                l.maintain();
            }
        } catch (RuntimeException e) {
            log.error("maintenance failed", e);
        }
    }

    /** The journal (tests of its commit thread). */
    Journal journal() {
        return ctx.journal();
    }

    @Override
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    @Override
    public int writerEpoch() {
        return ctx.writerEpoch();
    }

    /** Whether writes work, and the I/O error counts (for /health and /metrics). */
    @Override
    public StoreStats stats() {
        return stats;
    }

    @Override
    public StoreHealth health() {
        return health;
    }

    /** Bytes this process may still write to the file system of the store's directory. */
    @Override
    public long usableBytes() throws IOException {
        return io.usableBytes(config.directory());
    }

    public StoreConfig config() {
        return config;
    }

    /** Open file handles right now (bounded by max-open-files). */
    @Override
    public int openFiles() {
        return ctx.files().openCount();
    }

    @Override
    public int loadedSegments() {
        int total = 0;
        for (LocalShardLog l : logs.values()) {
            total += l.segmentCount();
        }
        return total;
    }

    /** Heap held by loaded logs beyond their files, in bytes (an estimate for the scale figures). */
    @Override
    public long estimatedHeapBytes() {
        long total = 0;
        for (LocalShardLog l : logs.values()) {
            total += l.heapBytes();
        }
        return total;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    /**
     * Stops every thread the way a crash would: no checkpoint, no clean-shutdown marker, so the
     * next open recovers from the journal. Appends already queued may still be written. For
     * crash tests, which pair it with a simulated power loss.
     */
    @Override
    public void closeAbruptly() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.shutdownNow();
        try {
            ctx.owners().stop();
            ctx.journal().stop();
            checkpointer.stop();
            stopAcknowledgements();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ctx.files().closeAll();
        }
    }

    private void stopAcknowledgements() throws InterruptedException {
        acknowledgements.shutdown();
        acknowledgements.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** Finishes appends in flight, checkpoints, and leaves a clean-shutdown marker. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.shutdownNow();
        try {
            ctx.owners().drain().join();
            boolean checkpointed = true;
            try {
                ctx.journal().checkpoint().join();
            } catch (RuntimeException e) {
                checkpointed = false;
                log.error("final checkpoint failed; the next open recovers from the journal", e);
            }
            ctx.journal().stop();
            ctx.owners().stop();
            checkpointer.stop();
            stopAcknowledgements();
            if (checkpointed) {
                try (var marker = io.open(config.directory().resolve(CLEAN_MARKER), true)) {
                    marker.sync();
                }
                io.syncDirectory(config.directory());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the store failed", e);
        } finally {
            ctx.files().closeAll();
        }
        log.info("closed {}", config.directory());
    }
}
