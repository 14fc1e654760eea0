package io.riffle.storage.memory;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.PublishListeners;
import io.riffle.storage.ReadResult;
import io.riffle.storage.RecordPayload;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import io.riffle.storage.format.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * One log of an {@link InMemoryLogStore}: the retained records in position order, copied at
 * append (callers may reuse their buffers). Retention hides records older than it at once
 * ({@link #setRetentionMs}, {@link InMemoryLogStore#maintain}) and drops them from the heap.
 * Every method holds the log's monitor.
 */
final class InMemoryShardLog implements ShardLog {
    private static final int WRITER_EPOCH = 1;

    private final String id;
    private final LongSupplier clockMs;
    private final List<StoredRecord> records = new ArrayList<>(); // positions start .. end - 1
    private long startPosition;
    private long lastTimestampMs = -1;
    private long retentionMs;
    private long heapBytes;
    private long fencedEpoch = -1;
    private boolean closed;
    private final PublishListeners publishListeners;

    InMemoryShardLog(String id, LongSupplier clockMs, long retentionMs) {
        this.id = id;
        this.publishListeners = new PublishListeners(id);
        this.clockMs = clockMs;
        this.retentionMs = retentionMs;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<AppendResult> append(List<AppendRecord> batch) {
        CompletableFuture<AppendResult> appended = appendLocked(batch);
        if (appended.join().isOk()) {
            publishListeners.published(); // outside the monitor: a listener may read at once
        }
        return appended;
    }

    @Override
    public AutoCloseable onPublished(Runnable listener) {
        return publishListeners.add(listener);
    }

    private synchronized CompletableFuture<AppendResult> appendLocked(List<AppendRecord> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one record");
        }
        if (closed) {
            return CompletableFuture.completedFuture(AppendResult.failed(AppendResult.Status.CLOSED, "log " + id + " is closed"));
        }
        if (fencedEpoch >= 0) {
            return CompletableFuture.completedFuture(AppendResult.failed(AppendResult.Status.FENCED,
                    "log " + id + " is fenced at epoch " + fencedEpoch));
        }
        if (RecordBatch.encodedSize(batch) < 0) {
            return CompletableFuture.completedFuture(AppendResult.failed(AppendResult.Status.TOO_LARGE,
                    "a batch may hold at most " + RecordBatch.MAX_BATCH_BYTES + " bytes"));
        }
        long first = endPosition();
        long position = first;
        long firstTimestampMs = -1;
        for (AppendRecord r : batch) {
            lastTimestampMs = AppendResult.storedTimestampMs(lastTimestampMs, r.arrivalTimestampMs());
            firstTimestampMs = firstTimestampMs < 0 ? lastTimestampMs : firstTimestampMs;
            StoredRecord stored = new StoredRecord(position++, lastTimestampMs, WRITER_EPOCH,
                    copy(r.key()), r.attributes().copy(), RecordPayload.copyOf(r.data()));
            records.add(stored);
            heapBytes += stored.sizeBytes() + 64;
        }
        return CompletableFuture.completedFuture(AppendResult.ok(first, batch.size(), WRITER_EPOCH, firstTimestampMs));
    }

    private static ByteBuffer copy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate()).flip();
        return copy.asReadOnlyBuffer();
    }

    @Override
    public synchronized ReadResult read(long position, int maxRecords, long maxBytes) {
        if (closed) {
            return ReadResult.failed(ReadResult.Status.CLOSED, position, "log " + id + " is closed");
        }
        long end = endPosition();
        if (position < startPosition) {
            return ReadResult.failed(ReadResult.Status.BELOW_TRIM, startPosition,
                    "position " + position + " is below the trim horizon " + startPosition);
        }
        if (position > end) {
            return ReadResult.failed(ReadResult.Status.BEYOND_END, end, "position " + position + " is past the end " + end);
        }
        List<StoredRecord> out = new ArrayList<>();
        long bytes = 0;
        for (long p = position; p < end && out.size() < Math.max(1, maxRecords); p++) {
            StoredRecord r = records.get((int) (p - startPosition));
            if (!out.isEmpty() && bytes + r.sizeBytes() > maxBytes) {
                break;
            }
            bytes += r.sizeBytes();
            out.add(new StoredRecord(r.position(), r.arrivalTimestampMs(), r.writerEpoch(), r.key().duplicate(),
                    r.attributes(), r.data().duplicate()));
        }
        return ReadResult.ok(out, position + out.size());
    }

    @Override
    public synchronized long seekByTime(long timestampMs) {
        return startPosition + firstIndexAtOrAfter(timestampMs);
    }

    /** Index into {@link #records} of the first record at or after the time (arrival times never go back). */
    private int firstIndexAtOrAfter(long timestampMs) {
        int low = 0;
        int high = records.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (records.get(mid).arrivalTimestampMs() < timestampMs) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public synchronized long startPosition() {
        return startPosition;
    }

    @Override
    public synchronized long endPosition() {
        return startPosition + records.size();
    }

    @Override
    public synchronized long lastTimestampMs() {
        return lastTimestampMs;
    }

    @Override
    public synchronized void setRetentionMs(long retentionMs) {
        if (retentionMs <= 0) {
            throw new IllegalArgumentException("retention must be positive: " + retentionMs);
        }
        this.retentionMs = retentionMs;
        applyRetention();
    }

    @Override
    public synchronized long retentionMs() {
        return retentionMs;
    }

    /** Drops the records older than the retention. */
    synchronized void applyRetention() {
        int expired = firstIndexAtOrAfter(clockMs.getAsLong() - retentionMs);
        List<StoredRecord> gone = records.subList(0, expired);
        for (StoredRecord r : gone) {
            heapBytes -= r.sizeBytes() + 64;
        }
        gone.clear();
        startPosition += expired;
    }

    @Override
    public synchronized void fence(long epoch) {
        fencedEpoch = Math.max(fencedEpoch, epoch);
    }

    @Override
    public synchronized CompletableFuture<Long> fenceAndFlush(long epoch) {
        fence(epoch);
        return CompletableFuture.completedFuture(endPosition());
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized long heapBytes() {
        return heapBytes;
    }

    @Override
    public String toString() {
        return "in-memory log " + id;
    }
}
