package io.riffle.storage.engine;

import io.riffle.storage.StoreHealth;
import io.riffle.storage.StoreStats;
import io.riffle.storage.AppendResult;
import io.riffle.storage.Durability;
import io.riffle.storage.IoErrorKind;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.format.JournalGroup;
import io.riffle.storage.format.RecordBatch;
import io.riffle.storage.io.FileHandle;
import io.riffle.storage.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-wide journal and its commit thread. Owner threads hand it encoded batches; the commit
 * thread writes everything queued as one {@link JournalGroup}, makes it durable with a single
 * fdatasync (under {@link Durability#FSYNC}), and only then publishes the records to readers
 * and completes the appends, however many shards the group touched.
 *
 * <p>After a failed write or sync the file is never synced again as if nothing happened: the
 * group's appends fail, their shards roll back to what was acknowledged, the file is truncated
 * to its durable end and the journal rolls to a new file.
 *
 * <p>Thread: everything but {@link #submit} runs on the commit thread.
 */
final class Journal implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    static final String SUFFIX = ".jnl";

    /** A consistent cut for a checkpoint: the journal position and the shards changed since the last. */
    record Snapshot(long journalSequence, long journalOffset, Map<LocalShardLog, LogPoint> dirty,
                    CompletableFuture<Void> done) {
    }

    private final StoreConfig config;
    private final FileIO io;
    private final Path dir;
    private final Consumer<Snapshot> checkpointer;
    private final LinkedBlockingQueue<JournalEntry> queue = new LinkedBlockingQueue<>();
    /** Bytes of append batches reserved by owners and not yet through a group; bounded by journal-queue-max-bytes. */
    private final AtomicLong reservedBytes = new AtomicLong();
    private final Thread thread;
    private final java.util.concurrent.Executor acknowledgements;
    private final HealthTracker health;
    private final StoreStats stats;
    private volatile boolean running = true;

    private long sequence;
    private FileHandle file;
    private long writeOffset;
    private long durableOffset;
    private long groupSequence;
    private ByteBuffer groupBuffer = ByteBuffer.allocateDirect(1 << 20);
    private long lastSyncMs;
    private long lastCheckpointMs;
    private long bytesSinceCheckpoint;
    private boolean checkpointInFlight; // guarded by this
    private final List<CompletableFuture<Void>> deferredCheckpoints = new ArrayList<>(); // guarded by this
    private long checkpointDeferrals; // guarded by this
    private Map<LocalShardLog, LogPoint> dirty = new HashMap<>();

    Journal(StoreConfig config, Path dir, long firstSequence, Consumer<Snapshot> checkpointer,
            java.util.concurrent.Executor acknowledgements, HealthTracker health, StoreStats stats) {
        this.stats = stats;
        this.acknowledgements = acknowledgements;
        this.health = health;
        this.config = config;
        this.io = config.fileIO();
        this.dir = dir;
        this.sequence = firstSequence;
        this.checkpointer = checkpointer;
        this.lastSyncMs = config.clockMs().getAsLong();
        this.lastCheckpointMs = lastSyncMs;
        this.thread = new Thread(this, "riffle-commit");
        this.thread.setDaemon(true);
    }

    static Path fileFor(Path dir, long sequence) {
        return dir.resolve(String.format("%020d%s", sequence, SUFFIX));
    }

    static long parseSequence(String name) {
        if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void start() {
        thread.start();
    }

    /**
     * Reserves room for a batch of {@code bytes} before its owner writes anything of it: false (and
     * nothing reserved) when the queue would pass journal-queue-max-bytes, unless it holds nothing
     * (one batch always fits) or {@code bounded} is false (the log is exempt). The reservation ends
     * when the batch's group is written or failed, or with {@link #release}. Any thread.
     */
    boolean reserve(long bytes, boolean bounded) {
        while (true) {
            long now = reservedBytes.get();
            if (bounded && now > 0 && now + bytes > config.journalQueueMaxBytes()) {
                return false;
            }
            if (reservedBytes.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Ends a reservation whose batch will not be submitted (its segment write failed). */
    void release(long bytes) {
        reservedBytes.addAndGet(-bytes);
    }

    /** Bytes reserved right now. */
    long reservedBytes() {
        return reservedBytes.get();
    }

    /** Queues an entry for the commit thread (an append's batch reserved first); any thread. */
    void submit(JournalEntry entry) {
        entry.isReservationHeld = entry.kind == JournalEntry.Kind.APPEND;
        synchronized (queue) {
            if (running) {
                queue.add(entry);
                return;
            }
        }
        releaseReservations(List.of(entry));
        failEntry(entry, AppendResult.Status.CLOSED, "the store is closed");
        entry.giveBackBatch();
    }

    /**
     * Ends the reservations of {@code entries} still held (idempotent). Called before their appends
     * are completed, so a caller that follows its acknowledged write with the next one never finds
     * the queue still holding the first.
     */
    private void releaseReservations(List<JournalEntry> entries) {
        for (JournalEntry e : entries) {
            if (e.kind == JournalEntry.Kind.APPEND && e.isReservationHeld) {
                e.isReservationHeld = false;
                reservedBytes.addAndGet(-e.batch.remaining());
            }
        }
    }

    /** Completes when everything submitted before is written and synced. */
    CompletableFuture<Void> flush() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        submit(JournalEntry.barrier(JournalEntry.Kind.FLUSH, f));
        return f;
    }

    /** Completes when a checkpoint covering everything submitted before is written. */
    CompletableFuture<Void> checkpoint() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        submit(JournalEntry.barrier(JournalEntry.Kind.CHECKPOINT, f));
        return f;
    }

    /** Stops after draining the queue; the caller then takes a final checkpoint. */
    void stop() throws InterruptedException {
        synchronized (queue) {
            running = false;
        }
        thread.interrupt();
        thread.join();
        closeFile();
    }

    /**
     * Called by the checkpointer when a checkpoint it was handed is done: requests that came while
     * it ran are queued as one barrier, whose checkpoint covers everything submitted before them.
     */
    void checkpointFinished() {
        List<CompletableFuture<Void>> waiting;
        synchronized (this) {
            checkpointInFlight = false;
            if (deferredCheckpoints.isEmpty()) {
                return;
            }
            waiting = new ArrayList<>(deferredCheckpoints);
            deferredCheckpoints.clear();
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        next.whenComplete((ok, failure) -> {
            for (CompletableFuture<Void> f : waiting) {
                if (failure == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(failure);
                }
            }
        });
        submit(JournalEntry.barrier(JournalEntry.Kind.CHECKPOINT, next));
    }

    @Override
    public void run() {
        List<JournalEntry> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                JournalEntry first = queue.poll(pollTimeoutMs(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    int bytes = first.batch == null ? 0 : first.batch.remaining();
                    JournalEntry next;
                    while (bytes < config.maxGroupBytes() && (next = queue.poll()) != null) {
                        batch.add(next);
                        bytes += next.batch == null ? 0 : next.batch.remaining();
                    }
                    try {
                        process(batch);
                    } finally {
                        releaseReservations(batch);
                        // journaled or failed: no batch's bytes are read after this
                        batch.forEach(JournalEntry::giveBackBatch);
                    }
                    batch.clear();
                }
                housekeeping();
            } catch (InterruptedException e) {
                // stop() interrupts to wake us; the loop condition decides
            } catch (RuntimeException | Error e) {
                log.error("commit thread failure; failing {} queued appends", batch.size(), e);
                for (JournalEntry entry : batch) {
                    failEntry(entry, AppendResult.Status.IO_ERROR, "internal error: " + e);
                }
                batch.clear();
            }
        }
    }

    private long pollTimeoutMs() {
        long timeout = config.checkpointIntervalMs();
        if (config.durability() == Durability.INTERVAL) {
            timeout = Math.min(timeout, config.fsyncIntervalMs());
        }
        return Math.max(1, timeout);
    }

    private void process(List<JournalEntry> entries) {
        List<JournalEntry> appends = new ArrayList<>(entries.size());
        List<JournalEntry> barriers = null;
        for (JournalEntry e : entries) {
            if (e.kind != JournalEntry.Kind.APPEND) {
                if (barriers == null) {
                    barriers = new ArrayList<>();
                }
                barriers.add(e);
            } else if (e.generation <= e.log.failedGeneration) {
                // queued behind a failed append of its shard: it fails the same way
                releaseReservations(List.of(e));
                failEntry(e, e.log.failedStatus, "an earlier append to this shard failed");
            } else {
                appends.add(e);
            }
        }
        if (!appends.isEmpty()) {
            writeGroup(appends);
        }
        if (barriers != null) {
            for (JournalEntry b : barriers) {
                if (b.kind == JournalEntry.Kind.FLUSH) {
                    completeFlush(b.barrierFuture);
                } else {
                    startCheckpoint(b.barrierFuture);
                }
            }
        }
    }

    private void writeGroup(List<JournalEntry> appends) {
        // Without fsync the journal only confirms: each batch's header, its records being in the segment the owner
        // wrote before queueing it (page cache, which a killed process leaves behind). Journaling the records too
        // wrote every payload twice, the larger part of the server's CPU in the kernel (JFR, ingest with none).
        boolean headersOnly = config.durability() == Durability.NONE;
        int size = JournalGroup.HEADER_LENGTH;
        for (JournalEntry e : appends) {
            size += e.journalBytes(e.log.idBytes(), headersOnly);
        }
        try {
            ensureFile();
            ByteBuffer group = groupBuffer(size);
            group.position(JournalGroup.HEADER_LENGTH);
            for (JournalEntry e : appends) {
                byte[] id = e.log.idBytes();
                ByteBuffer batch = e.batch.duplicate();
                if (headersOnly) {
                    batch.limit(batch.position() + RecordBatch.headerLength(batch, batch.position()));
                }
                group.putShort((short) id.length).put(id).put(batch);
            }
            JournalGroup.finish(group, size, ++groupSequence, appends.size(),
                    headersOnly ? JournalGroup.VERSION_CONFIRMATIONS : JournalGroup.VERSION);
            group.position(0).limit(size);
            file.write(group, writeOffset);
            writeOffset += size;
            stats.groupWritten(appends.size(), size);
            if (config.durability() == Durability.FSYNC) {
                sync();
                durableOffset = writeOffset;
            }
        } catch (IOException e) {
            releaseReservations(appends);
            failGroup(appends, e);
            return;
        }
        StoreHealth.Problem ended = health.succeeded(HealthTracker.Area.APPENDS);
        if (ended != null) {
            log.info("appends succeed again (they failed since {}: {})", java.time.Instant.ofEpochMilli(ended.sinceMs()),
                    ended.detail());
        }
        bytesSinceCheckpoint += size;
        for (JournalEntry e : appends) {
            e.segment.commit(e.segmentByteEnd, e.endPosition, e.firstTimestampMs, e.lastTimestampMs);
            e.log.publish(e.endPosition, e.lastTimestampMs);
            dirty.put(e.log, new LogPoint(e.segment.basePosition, e.segmentByteEnd, e.endPosition, e.lastTimestampMs));
        }
        releaseReservations(appends);
        // Callers' continuations (answers to encode, the next request) run on the ack threads, never
        // in line with the next group's write and fdatasync.
        acknowledgements.execute(() -> {
            for (JournalEntry e : appends) {
                e.appendFuture.complete(e.okResult);
            }
        });
        // then pushing readers: after the ack thread was woken, so their wake-ups never hold the answers back
        for (JournalEntry e : appends) {
            e.log.tellPublished();
        }
        if (writeOffset >= config.journalFileMaxBytes()) {
            roll();
        }
    }

    private ByteBuffer groupBuffer(int size) {
        if (groupBuffer.capacity() < size) {
            groupBuffer = ByteBuffer.allocateDirect(Math.max(size, groupBuffer.capacity() * 2));
        }
        groupBuffer.clear();
        return groupBuffer;
    }

    /** The file's fdatasync; a failure is counted on its own (after one, the file is never synced again). */
    private void sync() throws IOException {
        try {
            long start = System.nanoTime();
            file.sync();
            stats.synced(System.nanoTime() - start);
        } catch (IOException e) {
            health.journalSyncFailed();
            throw e;
        }
    }

    private void failGroup(List<JournalEntry> appends, IOException cause) {
        AppendResult.Status status = IoErrorKind.of(cause) == IoErrorKind.DISK_FULL
                ? AppendResult.Status.DISK_FULL : AppendResult.Status.IO_ERROR;
        String what = "journal write to " + fileFor(dir, sequence);
        if (health.failed(HealthTracker.Area.APPENDS, what, cause)) {
            log.error("journal {} write/sync failed at offset {} ({} appends fail, their shards roll back; "
                    + "appends failing the same way are logged at DEBUG until one succeeds): {}",
                    fileFor(dir, sequence), writeOffset, appends.size(), cause.toString());
        } else {
            log.debug("journal {} write/sync failed at offset {} ({} appends fail): {}", fileFor(dir, sequence),
                    writeOffset, appends.size(), cause.toString());
        }
        for (JournalEntry e : appends) {
            e.log.failedStatus = status; // before failedGeneration, which publishes it
            e.log.failedGeneration = Math.max(e.log.failedGeneration, e.generation);
        }
        for (JournalEntry e : appends) {
            failEntry(e, status, "journal write failed: " + cause.getMessage());
        }
        abandonFile();
    }

    /**
     * Truncates the current file to its durable end and closes it; the next group opens a new one,
     * or opens this one again from its start when it holds nothing (so a full disk that fails group
     * after group does not leave a new empty file each time).
     */
    private void abandonFile() {
        if (file == null) {
            return;
        }
        long keep = config.durability() == Durability.FSYNC ? durableOffset : writeOffset;
        try {
            file.truncate(keep);
        } catch (IOException e) {
            log.warn("could not truncate journal {} to {}: {} (recovery will skip its torn tail)",
                    fileFor(dir, sequence), keep, e.toString());
        }
        closeFile();
        if (keep > 0) {
            sequence++;
        }
    }

    private void roll() {
        try {
            if (config.durability() != Durability.NONE) {
                sync();
                durableOffset = writeOffset;
            }
        } catch (IOException e) {
            health.failed(HealthTracker.Area.APPENDS, "journal sync of " + fileFor(dir, sequence), e);
            log.error("journal {} sync before roll failed: {}", fileFor(dir, sequence), e.toString());
        }
        closeFile();
        sequence++;
    }

    private void ensureFile() throws IOException {
        if (file != null) {
            return;
        }
        Path path = fileFor(dir, sequence);
        FileHandle h = io.open(path, true);
        try {
            h.truncate(0);
            io.syncDirectory(dir);
        } catch (IOException e) {
            h.close();
            throw e;
        }
        file = h;
        writeOffset = 0;
        durableOffset = 0;
        log.debug("journal file {} opened", path);
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                log.warn("closing journal file failed: {}", e.toString());
            }
            file = null;
        }
    }

    /** Completed through the acknowledgement thread too, so it follows every earlier append's answer. */
    private void completeFlush(CompletableFuture<Void> future) {
        try {
            syncIfUnsynced();
            acknowledgements.execute(() -> future.complete(null));
        } catch (IOException e) {
            acknowledgements.execute(() -> future.completeExceptionally(e));
        }
    }

    private void syncIfUnsynced() throws IOException {
        if (file != null && durableOffset < writeOffset) {
            try {
                sync();
                durableOffset = writeOffset;
                lastSyncMs = config.clockMs().getAsLong();
            } catch (IOException e) {
                health.failed(HealthTracker.Area.APPENDS, "journal sync of " + fileFor(dir, sequence), e);
                // Acknowledged bytes may be lost; never sync this file again as if nothing happened.
                log.error("journal {} sync failed; acknowledged appends since offset {} may not be durable; rolling to a new file: {}",
                        fileFor(dir, sequence), durableOffset, e.toString());
                closeFile();
                sequence++;
                throw e;
            }
        }
    }

    private void housekeeping() {
        long now = config.clockMs().getAsLong();
        if (config.durability() == Durability.INTERVAL && now - lastSyncMs >= config.fsyncIntervalMs()) {
            try {
                syncIfUnsynced();
            } catch (IOException ignored) {
                // logged in syncIfUnsynced
            }
            lastSyncMs = now;
        }
        if (now - lastCheckpointMs >= config.checkpointIntervalMs()
                || bytesSinceCheckpoint >= config.checkpointJournalBytes()) {
            startCheckpoint(null);
        }
    }

    private void startCheckpoint(CompletableFuture<Void> done) {
        synchronized (this) {
            if (checkpointInFlight) {
                if (done != null) {
                    // taken once the running one finishes (checkpointFinished queues it again): no
                    // polling, no sleep on the commit thread
                    deferredCheckpoints.add(done);
                    checkpointDeferrals++;
                }
                return;
            }
            if (done == null && dirty.isEmpty() && bytesSinceCheckpoint == 0) {
                lastCheckpointMs = config.clockMs().getAsLong(); // nothing changed: nothing to write
                return;
            }
            checkpointInFlight = true;
        }
        lastCheckpointMs = config.clockMs().getAsLong();
        bytesSinceCheckpoint = 0;
        Map<LocalShardLog, LogPoint> changed = dirty;
        dirty = new HashMap<>();
        checkpointer.accept(new Snapshot(sequence, file == null ? 0 : writeOffset, changed,
                done == null ? new CompletableFuture<>() : done));
    }

    /** Checkpoint requests waiting for the running checkpoint to finish (tests). */
    synchronized int deferredCheckpoints() {
        return deferredCheckpoints.size();
    }

    /** How many times a checkpoint request was put off because one was running (tests). */
    synchronized long checkpointDeferrals() {
        return checkpointDeferrals;
    }

    private static void failEntry(JournalEntry e, AppendResult.Status status, String detail) {
        if (e.appendFuture != null) {
            e.appendFuture.complete(AppendResult.failed(status, detail));
        } else if (e.barrierFuture != null) {
            e.barrierFuture.completeExceptionally(new IOException(detail));
        }
    }
}
