package io.riffle.storage.engine;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.IoErrorKind;
import io.riffle.storage.PublishListeners;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.format.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The embedded {@link ShardLog}: segment files in the shard's directory, appends journaled by
 * the store's commit thread.
 *
 * <p>Threads: appends, rolls, rollbacks and retention deletes run on the shard's owner thread
 * (fields marked "owner"); the commit thread publishes acknowledged ends ({@link #publish});
 * reads run on the caller's thread against the published ends. The segment files are opened
 * lazily, on the first read or append after start-up.
 */
final class LocalShardLog implements ShardLog {
    private static final Logger log = LoggerFactory.getLogger(LocalShardLog.class);
    static final String RETENTION_FILE = "retention";

    private final String id;
    private final byte[] idBytes;
    final Path dir;
    private final StoreContext ctx;
    private final int owner;
    /** Whether the owner and journal queues' byte bounds apply to this log's appends (BUSY answers). */
    private final boolean isBounded;
    final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final SegmentReads reads;
    private final LogPoint initial;
    private volatile boolean loaded;

    // owner thread
    private long nextPosition;
    private long lastAssignedTimestampMs;
    private Segment active;
    private int generation;

    /** Written by the commit thread: appends of this generation or older must fail. */
    volatile int failedGeneration = -1;
    /** How the last failed generation failed: appends queued behind it fail the same way. */
    volatile AppendResult.Status failedStatus = AppendResult.Status.IO_ERROR;

    private volatile long endPosition;
    /** Told on the commit thread after each publish ({@link #onPublished}). */
    private final PublishListeners publishListeners;
    private volatile long lastTimestampMs;
    private volatile long retentionMs;
    private volatile long retentionFloor;
    private volatile long fencedEpoch = -1;
    private volatile boolean closed;

    LocalShardLog(String id, Path dir, StoreContext ctx, LogPoint initial, long retentionMs) {
        this.id = id;
        this.idBytes = id.getBytes(StandardCharsets.UTF_8);
        this.publishListeners = new PublishListeners(id);
        this.dir = dir;
        this.ctx = ctx;
        this.owner = ctx.owners().ownerOf(id);
        this.isBounded = !ctx.config().isUnbounded(id);
        this.initial = initial;
        this.endPosition = initial.endPosition();
        this.lastTimestampMs = initial.lastTimestampMs();
        this.lastAssignedTimestampMs = initial.lastTimestampMs();
        this.retentionMs = retentionMs;
        this.reads = new SegmentReads(this, ctx);
    }

    @Override
    public String id() {
        return id;
    }

    byte[] idBytes() {
        return idBytes;
    }

    @Override
    public CompletableFuture<AppendResult> append(List<AppendRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one record");
        }
        CompletableFuture<AppendResult> future = new CompletableFuture<>();
        long size = RecordBatch.encodedSize(records);
        if (closed) {
            future.complete(AppendResult.failed(AppendResult.Status.CLOSED, "log " + id + " is closed"));
        } else if (fencedEpoch >= 0) {
            future.complete(AppendResult.failed(AppendResult.Status.FENCED, "log " + id + " is fenced at epoch " + fencedEpoch));
        } else if (size < 0) {
            future.complete(AppendResult.failed(AppendResult.Status.TOO_LARGE,
                    "a batch may hold at most " + RecordBatch.MAX_BATCH_BYTES + " bytes"));
        } else {
            OwnerPool.Admission admission = ctx.owners().executeAppend(owner, size, isBounded, () -> {
                ctx.owners().dequeued(owner, size);
                appendOnOwner(records, future);
            });
            if (admission == OwnerPool.Admission.BUSY) {
                future.complete(AppendResult.failed(AppendResult.Status.BUSY, "the owner queue of log " + id
                        + " holds " + ctx.config().ownerQueueMaxBytes() + " bytes of appends already"));
            } else if (admission == OwnerPool.Admission.STOPPED) {
                future.complete(AppendResult.failed(AppendResult.Status.CLOSED, "the store is closed"));
            }
        }
        return future;
    }

    private void appendOnOwner(List<AppendRecord> records, CompletableFuture<AppendResult> future) {
        if (closed || fencedEpoch >= 0) {
            future.complete(AppendResult.failed(closed ? AppendResult.Status.CLOSED : AppendResult.Status.FENCED,
                    "log " + id + (closed ? " is closed" : " is fenced")));
            return;
        }
        try {
            ensureLoaded();
            if (failedGeneration >= generation) {
                rollBackToAcknowledged();
            }
        } catch (IOException e) {
            future.complete(failure(e, "cannot prepare log " + id));
            return;
        }
        int n = records.size();
        long[] timestamps = new long[n];
        long previousTs = lastAssignedTimestampMs;
        long ts = previousTs;
        for (int i = 0; i < n; i++) {
            ts = AppendResult.storedTimestampMs(ts, records.get(i).arrivalTimestampMs());
            timestamps[i] = ts;
        }
        int size = (int) RecordBatch.encodedSize(records);
        if (!ctx.journal().reserve(size, isBounded)) {
            // before anything of the append is written, so a retry finds the log as it was
            future.complete(AppendResult.failed(AppendResult.Status.BUSY, "the journal queue holds "
                    + ctx.config().journalQueueMaxBytes() + " bytes of batches already"));
            return;
        }
        try {
            if (active == null || (active.writtenBytes > 0
                    && (active.writtenBytes + size > ctx.config().segmentMaxBytes() || isAgeRollDue(active)))) {
                roll();
            }
        } catch (IOException e) {
            ctx.journal().release(size);
            future.complete(failure(e, "cannot roll a new segment for log " + id));
            return;
        }
        long first = nextPosition;
        // a pooled direct buffer: written to the segment without the JDK's copy into one of its own, and no
        // humongous array per batch; the commit thread gives it back once the batch is journaled
        ByteBuffer pooled = StorageBuffers.BATCHES.take(size);
        ByteBuffer batch = RecordBatch.encode(pooled, first, ctx.writerEpoch(), records, timestamps, size);
        Segment seg = active;
        try (HandleCache.Lease lease = ctx.files().acquire(seg.file, true)) {
            try {
                lease.handle().write(batch.duplicate(), seg.writtenBytes);
            } catch (IOException e) {
                undoPartialWrite(lease, seg);
                ctx.journal().release(size);
                StorageBuffers.BATCHES.give(pooled);
                future.complete(failure(e, "write to " + seg.file + " failed"));
                return;
            }
        } catch (IOException e) {
            ctx.journal().release(size);
            StorageBuffers.BATCHES.give(pooled);
            future.complete(failure(e, "cannot open " + seg.file));
            return;
        }
        seg.index.onBatch(first, seg.writtenBytes, timestamps[0]);
        if (seg.writtenBytes == 0) {
            seg.openedAtMs = ctx.nowMs();
        }
        seg.writtenBytes += size;
        nextPosition = first + n;
        seg.writtenEndPosition = nextPosition;
        lastAssignedTimestampMs = ts;
        ctx.journal().submit(JournalEntry.append(this, generation, batch, pooled, seg, seg.writtenBytes, nextPosition,
                timestamps[0], ts, AppendResult.ok(first, n, ctx.writerEpoch(), timestamps[0]), future));
    }

    private void undoPartialWrite(HandleCache.Lease lease, Segment seg) {
        try {
            lease.handle().truncate(seg.writtenBytes);
        } catch (IOException e) {
            about(log.atWarn()).log(
                    "log {}: could not cut a partial write from {}: {}; rolling back on the next append",
                    id, seg.file, e.toString());
            failedGeneration = Math.max(failedGeneration, generation);
        }
    }

    private AppendResult failure(IOException e, String what) {
        AppendResult.Status status = IoErrorKind.of(e) == IoErrorKind.DISK_FULL
                ? AppendResult.Status.DISK_FULL : AppendResult.Status.IO_ERROR;
        if (ctx.health().failed(HealthTracker.Area.APPENDS, what, e)) {
            about(log.atWarn()).log(
                    "log {}: {}: {} (appends failing the same way are logged at DEBUG until one succeeds)", id, what,
                    e.toString());
        } else {
            about(log.atDebug()).log("log {}: {}: {}", id, what, e.toString());
        }
        return AppendResult.failed(status, what + ": " + e.getMessage());
    }

    private boolean isAgeRollDue(Segment seg) {
        return seg.writtenBytes > 0 && ctx.nowMs() - seg.openedAtMs >= ctx.config().segmentMaxAgeMs();
    }

    /** Seals the active segment and starts a new one at the next position. Owner thread. */
    private void roll() throws IOException {
        if (active != null) {
            seal(active);
        }
        Segment next = new Segment(dir, nextPosition, new SegmentIndex(ctx.config().indexIntervalBytes()));
        try {
            try (HandleCache.Lease lease = ctx.files().acquire(next.file, true)) {
                lease.handle().truncate(0);
            }
            ctx.io().syncDirectory(dir);
        } catch (IOException e) {
            forgetQuietly(next.file); // not a segment yet: no empty file left behind
            throw e;
        }
        next.openedAtMs = ctx.nowMs();
        segments.put(next.basePosition, next);
        active = next;
        about(log.atDebug()).log("log {}: new segment {}", id, next.file);
    }

    /**
     * No sync here, so the owner thread never waits for a whole segment to reach the disk: the
     * next checkpoint syncs every segment written since the previous one (see Checkpointer).
     */
    private void seal(Segment seg) throws IOException {
        AtomicFiles.writeDerived(ctx.io(), seg.indexFile, seg.index.encode());
        seg.sealed = true;
    }

    /**
     * After a failed journal write: forgets every written but unacknowledged byte, so the next
     * append continues right after the last acknowledged record. Owner thread.
     */
    private void rollBackToAcknowledged() throws IOException {
        int failed = failedGeneration;
        long acknowledged = endPosition;
        for (Segment seg : segments.descendingMap().values()) {
            if (seg.basePosition <= acknowledged) {
                break;
            }
            deleteSegmentFiles(seg);
        }
        Map.Entry<Long, Segment> last = segments.lastEntry();
        active = last == null ? null : last.getValue();
        if (active != null) {
            try (HandleCache.Lease lease = ctx.files().acquire(active.file, true)) {
                long keep = active.committedBytes == Segment.WHOLE_FILE ? lease.handle().size() : active.committedBytes;
                lease.handle().truncate(keep);
                indexOf(active).truncate(keep);
                active.writtenBytes = keep;
                active.writtenEndPosition = acknowledged;
            }
            if (active.sealed) {
                active.sealed = false;
                ctx.io().delete(active.indexFile);
            }
            ctx.io().syncDirectory(dir);
        }
        // INFO: the failure itself was logged when it happened; this is the repair
        about(log.atInfo()).log("log {}: rolled back to acknowledged position {} after a failed write", id,
                acknowledged);
        nextPosition = acknowledged;
        generation = failed + 1;
    }

    private void forgetQuietly(Path file) {
        try {
            ctx.files().forget(file);
            ctx.io().delete(file);
        } catch (IOException e) {
            about(log.atDebug()).log("log {}: could not delete {}: {}", id, file, e.toString());
        }
    }

    void deleteSegmentFiles(Segment seg) throws IOException {
        segments.remove(seg.basePosition, seg);
        ctx.files().forget(seg.file);
        ctx.io().delete(seg.file);
        ctx.io().delete(seg.indexFile);
    }

    /** Called by the commit thread once records up to {@code end} are acknowledged. */
    void publish(long end, long lastTsMs) {
        lastTimestampMs = lastTsMs;
        endPosition = end;
    }

    /** Called by the commit thread after {@link #publish}, once it has handed the appends' acknowledgements on. */
    void tellPublished() {
        publishListeners.published();
    }

    @Override
    public AutoCloseable onPublished(Runnable listener) {
        return publishListeners.add(listener);
    }

    @Override
    public ReadResult read(long position, int maxRecords, long maxBytes) {
        return read(position, maxRecords, maxBytes, false);
    }

    @Override
    public ReadResult readThenRelease(long position, int maxRecords, long maxBytes) {
        return read(position, maxRecords, maxBytes, true);
    }

    private ReadResult read(long position, int maxRecords, long maxBytes, boolean mayMap) {
        if (closed) {
            return ReadResult.failed(ReadResult.Status.CLOSED, position, "log " + id + " is closed");
        }
        try {
            ensureLoaded();
        } catch (IOException e) {
            return ReadResult.failed(ReadResult.Status.IO_ERROR, position, e.toString());
        }
        return reads.read(position, Math.max(1, maxRecords), maxBytes, mayMap);
    }

    @Override
    public long seekByTime(long timestampMs) {
        try {
            ensureLoaded();
            return Math.max(startPosition(), reads.positionAtOrAfter(timestampMs));
        } catch (IOException e) {
            about(log.atWarn()).log("log {}: seek by time failed: {}", id, e.toString());
            return startPosition();
        }
    }

    @Override
    public long startPosition() {
        if (!loaded) {
            try {
                ensureLoaded();
            } catch (IOException e) {
                return initial.endPosition();
            }
        }
        Map.Entry<Long, Segment> first = segments.firstEntry();
        long base = first == null ? endPosition : first.getKey();
        return Math.min(Math.max(base, retentionFloor), endPosition);
    }

    @Override
    public long endPosition() {
        return endPosition;
    }

    @Override
    public long lastTimestampMs() {
        return lastTimestampMs;
    }

    @Override
    public void setRetentionMs(long retentionMs) {
        if (retentionMs <= 0) {
            throw new IllegalArgumentException("retention must be positive: " + retentionMs);
        }
        try {
            AtomicFiles.write(ctx.io(), dir.resolve(RETENTION_FILE),
                    ByteBuffer.wrap(("retention-ms=" + retentionMs + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            if (ctx.health().failed(HealthTracker.Area.FILES, "retention file of log " + id, e)) {
                about(log.atWarn()).log(
                        "log {}: cannot save its retention (file writes failing the same way are logged at DEBUG "
                        + "until one succeeds): {}", id, e.toString());
            } else {
                about(log.atDebug()).log("log {}: cannot save its retention: {}", id, e.toString());
            }
            throw new java.io.UncheckedIOException("cannot save the retention of log " + id, e);
        }
        ctx.health().succeeded(HealthTracker.Area.FILES);
        this.retentionMs = retentionMs;
        refreshRetentionFloor();
    }

    @Override
    public long retentionMs() {
        return retentionMs;
    }

    /** Recomputes the first position young enough to keep; hides older records at once. */
    void refreshRetentionFloor() {
        if (!loaded) {
            return;
        }
        long cutoff = ctx.nowMs() - retentionMs;
        try {
            retentionFloor = reads.positionAtOrAfter(cutoff);
        } catch (IOException e) {
            about(log.atWarn()).log("log {}: retention floor not updated: {}", id, e.toString());
        }
    }

    /**
     * Periodic work, queued on the owner thread: roll a segment that grew old, delete segments
     * whose newest record is past retention.
     */
    void maintain() {
        if (!loaded || closed) {
            return;
        }
        refreshRetentionFloor();
        ctx.owners().execute(owner, this::maintainOnOwner); // refused once the store is closing: fine
    }

    private void maintainOnOwner() {
        if (closed) {
            return;
        }
        try {
            if (active != null && isAgeRollDue(active) && failedGeneration < generation) {
                roll();
            }
            long cutoff = ctx.nowMs() - retentionMs;
            List<Segment> expired = reads.expiredSegments(cutoff, active);
            for (Segment seg : expired) {
                deleteSegmentFiles(seg);
                about(log.atInfo()).log("log {}: retention deleted segment {} (positions {}..{})", id,
                        seg.file.getFileName(),
                        seg.basePosition, segments.isEmpty() ? endPosition - 1 : segments.firstKey() - 1);
            }
            if (!expired.isEmpty()) {
                ctx.io().syncDirectory(dir);
            }
        } catch (IOException e) {
            about(log.atWarn()).log("log {}: maintenance failed: {}", id, e.toString());
        }
    }

    @Override
    public void fence(long epoch) {
        fencedEpoch = Math.max(fencedEpoch, epoch);
    }

    @Override
    public CompletableFuture<Long> fenceAndFlush(long epoch) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        boolean queued = ctx.owners().execute(owner, () -> {
            fence(epoch);
            // the owner thread has handed every earlier append to the journal: a flush behind them
            // completes once they are all acknowledged and durable
            ctx.journal().flush().whenComplete((ok, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    done.complete(endPosition);
                }
            });
        });
        if (!queued) {
            done.completeExceptionally(new IllegalStateException("the store is closed"));
        }
        return done;
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<Void> drained = new CompletableFuture<>();
        if (ctx.owners().execute(owner, () -> drained.complete(null))) {
            drained.join();
        }
        for (Segment seg : segments.values()) {
            ctx.files().forget(seg.file);
        }
    }

    /** Segments listed so far (none before the log is loaded). */
    int segmentCount() {
        return segments.size();
    }

    boolean isLoaded() {
        return loaded;
    }

    /** Opens the segment list and the active segment's index on first use. */
    void ensureLoaded() throws IOException {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            List<Long> bases = new ArrayList<>();
            for (String name : ctx.io().list(dir)) {
                long base = Segment.parseBase(name);
                if (base >= 0) {
                    bases.add(base);
                }
            }
            for (int i = 0; i < bases.size(); i++) {
                Segment seg = new Segment(dir, bases.get(i), null);
                if (i < bases.size() - 1) {
                    seg.sealed = true;
                    seg.committedBytes = Segment.WHOLE_FILE;
                    seg.committedEndPosition = bases.get(i + 1);
                    seg.writtenEndPosition = bases.get(i + 1);
                }
                segments.put(seg.basePosition, seg);
            }
            if (!bases.isEmpty()) {
                loadActive(segments.lastEntry().getValue());
            }
            nextPosition = endPosition;
            loaded = true;
        }
        refreshRetentionFloor();
    }

    private void loadActive(Segment seg) throws IOException {
        SegmentIndex index = new SegmentIndex(ctx.config().indexIntervalBytes());
        long[] firstTs = {-1};
        try (HandleCache.Lease lease = ctx.files().acquire(seg.file, false)) {
            long limit = initial.segmentBase() == seg.basePosition ? initial.byteEnd() : lease.handle().size();
            BatchScanner.Outcome outcome = BatchScanner.scan(lease.handle(), 0, limit, seg.basePosition,
                    initial.segmentBase() != seg.basePosition,
                    (offset, base, count, length, crc, first, last) -> {
                        index.onBatch(base, offset, first);
                        if (firstTs[0] < 0) {
                            firstTs[0] = first;
                        }
                    });
            if (!outcome.isClean()) {
                throw new IOException("log " + id + ": active segment " + seg.file + " does not match the recovered state: "
                        + outcome.damage());
            }
            seg.index = index;
            seg.writtenBytes = outcome.endOffset();
            seg.committedBytes = outcome.endOffset();
            seg.writtenEndPosition = outcome.endPosition();
            seg.committedEndPosition = outcome.endPosition();
            seg.firstTimestampMs = firstTs[0];
            seg.lastTimestampMs = outcome.lastTimestampMs();
            seg.openedAtMs = ctx.nowMs();
            endPosition = outcome.endPosition();
            if (outcome.lastTimestampMs() >= 0) {
                lastTimestampMs = Math.max(lastTimestampMs, outcome.lastTimestampMs());
                lastAssignedTimestampMs = lastTimestampMs;
            }
            active = seg;
        } catch (NoSuchFileException e) {
            throw new IOException("log " + id + ": segment " + seg.file + " vanished", e);
        }
    }

    /** The segment's index, loading it from its file or rebuilding it from the segment. */
    SegmentIndex indexOf(Segment seg) throws IOException {
        SegmentIndex index = seg.index;
        if (index != null) {
            return index;
        }
        synchronized (seg) {
            if (seg.index != null) {
                return seg.index;
            }
            try (HandleCache.Lease lease = ctx.files().acquire(seg.file, false)) {
                long size = lease.handle().size();
                ByteBuffer stored = AtomicFiles.read(ctx.io(), seg.indexFile);
                index = stored == null ? null
                        : SegmentIndex.decode(stored, ctx.config().indexIntervalBytes(), seg.basePosition, size);
                if (index == null) {
                    SegmentIndex rebuilt = new SegmentIndex(ctx.config().indexIntervalBytes());
                    BatchScanner.scan(lease.handle(), 0, size, seg.basePosition, false,
                            (offset, base, count, length, crc, first, last) -> rebuilt.onBatch(base, offset, first));
                    about(log.atInfo()).log("log {}: index of {} was {}; rebuilt it ({} entries)", id,
                            seg.file.getFileName(),
                            stored == null ? "missing" : "damaged", rebuilt.size());
                    index = rebuilt;
                    if (seg.sealed) {
                        try {
                            AtomicFiles.writeDerived(ctx.io(), seg.indexFile, index.encode());
                        } catch (IOException e) {
                            about(log.atWarn()).log("log {}: could not save the rebuilt index {}: {}", id,
                                    seg.indexFile, e.toString());
                        }
                    }
                }
            }
            seg.index = index;
            return index;
        }
    }

    /** Bytes of heap this log holds beyond its segment files (for the scale figures). */
    long heapBytes() {
        long bytes = 256;
        for (Segment seg : segments.values()) {
            SegmentIndex index = seg.index;
            bytes += 160 + (index == null ? 0 : index.heapBytes());
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "LocalShardLog[" + id + ", end=" + endPosition + "]";
    }

    /** This log's id as the {@code shardLog} key-value of a log line (a field with {@code log-format=json}). */
    private LoggingEventBuilder about(LoggingEventBuilder line) {
        return line.addKeyValue("shardLog", id);
    }
}
