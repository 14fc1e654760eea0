package io.riffle.storage.engine;

import io.riffle.storage.DirectBufferPool;
import io.riffle.storage.ReadResult;
import io.riffle.storage.format.BatchRecords;
import io.riffle.storage.format.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read side of a {@link LocalShardLog}: reads by position, seeks by time and finds
 * expired segments. Runs on any thread; sees only what the commit thread has published.
 */
final class SegmentReads {
    /** Minimum bytes read per system call; a larger budget reads more at once. */
    static final int MIN_CHUNK_BYTES = DirectBufferPool.MIN_BYTES;
    /**
     * The largest chunk a read asks for by its budget: a quarter of G1's smallest region, so a chunk is never a
     * humongous object. With 4 MiB chunks (humongous in a 1 GiB heap's 1 MiB regions) a read back of 10 MiB answers
     * made most collections "G1 Humongous Allocation" ones and G1 grew the heap, the server's RSS with it
     * (docs/benchmarks.md). A batch larger than this is still read whole, into a chunk of its size.
     */
    static final int MAX_CHUNK_BYTES = 256 * 1024;
    /**
     * The least a read that may map sees through a mapping: mapping and unmapping cost about what copying a few
     * hundred KiB does, so a tailing reader's small reads copy. Mapped, a read back of 1 KiB records spent about a
     * tenth less server CPU per GB than copying it with {@code pread} (docs/benchmarks.md).
     */
    static final int MIN_MAPPED_BYTES = 1024 * 1024;
    /** The most one mapping covers: GetRecords' 10 MiB of data with the batches' framing around it. */
    static final int MAX_MAPPED_BYTES = 16 * 1024 * 1024;

    private final LocalShardLog log;
    private final StoreContext ctx;

    SegmentReads(LocalShardLog log, StoreContext ctx) {
        this.log = log;
        this.ctx = ctx;
    }

    /**
     * Records from {@code position}; {@code mayMap}: the reader releases the result's buffers as soon as it is
     * done with its views, so a large read may map the files instead of copying them.
     */
    ReadResult read(long position, int maxRecords, long maxBytes, boolean mayMap) {
        long end = log.endPosition();
        long start = log.startPosition();
        if (position < start) {
            return ReadResult.failed(ReadResult.Status.BELOW_TRIM, start,
                    "position " + position + " is below the trim horizon " + start);
        }
        if (position > end) {
            return ReadResult.failed(ReadResult.Status.BEYOND_END, end,
                    "position " + position + " is past the end " + end);
        }
        BatchRecords records = new BatchRecords(position, Math.min(maxRecords, 1024));
        ReadChunks chunks = new ReadChunks(StorageBuffers.READS, mayMap && ctx.config().mappedReads());
        long pos = position;
        while (pos < end && records.size() < maxRecords && (records.isEmpty() || records.payloadBytes() < maxBytes)) {
            Map.Entry<Long, Segment> entry = log.segments.floorEntry(pos);
            if (entry == null) {
                return trimmedMeanwhile(records, pos, chunks);
            }
            long next;
            try {
                next = readSegment(entry.getValue(), pos, end, maxRecords, maxBytes, records, chunks);
            } catch (NoSuchFileException e) {
                return trimmedMeanwhile(records, pos, chunks);
            } catch (IOException e) {
                return records.isEmpty() ? failed(chunks, ReadResult.Status.IO_ERROR, pos, e.toString())
                        : ReadResult.ok(records, after(records), chunks);
            } catch (CorruptBatchException e) {
                // serve what came before the damage; the next read starts at it and reports it
                return records.isEmpty() ? failed(chunks, ReadResult.Status.CORRUPT, pos, e.getMessage())
                        : ReadResult.ok(records, after(records), chunks);
            }
            if (next == pos) {
                Long following = log.segments.higherKey(pos);
                if (records.isEmpty() && following != null && following > pos) {
                    return failed(chunks, ReadResult.Status.CORRUPT, following, "log " + log.id() + ": positions "
                            + pos + ".." + (following - 1) + " are missing (a segment file was lost); the next "
                            + "readable position is " + following);
                }
                break;
            }
            pos = next;
        }
        if (records.isEmpty()) {
            chunks.release();
            return ReadResult.ok(records, pos);
        }
        return ReadResult.ok(records, pos, chunks);
    }

    private static long after(BatchRecords records) {
        return records.endPosition();
    }

    /** A failed read: no view escapes it, so its chunks go straight back. */
    private static ReadResult failed(ReadChunks chunks, ReadResult.Status status, long nextPosition, String detail) {
        chunks.release();
        return ReadResult.failed(status, nextPosition, detail);
    }

    private ReadResult trimmedMeanwhile(BatchRecords records, long pos, ReadChunks chunks) {
        if (!records.isEmpty()) {
            return ReadResult.ok(records, after(records), chunks);
        }
        long start = log.startPosition();
        return failed(chunks, ReadResult.Status.BELOW_TRIM, start, "position " + pos + " was trimmed");
    }

    /** Reads records of one segment into {@code out}; returns the position after the last one read. */
    private long readSegment(Segment seg, long position, long end, int maxRecords, long maxBytes,
                             BatchRecords out, ReadChunks chunks) throws IOException {
        SegmentIndex index = log.indexOf(seg);
        long offset = index.floorOffsetForPosition(position);
        long pos = position;
        try (HandleCache.Lease lease = ctx.files().acquire(seg.file, false)) {
            long limit = seg.committedBytes == Segment.WHOLE_FILE ? lease.handle().size() : seg.committedBytes;
            BatchCursor cursor = new BatchCursor(lease.handle(), offset, limit, chunkFor(maxBytes - out.payloadBytes()),
                    true, chunks);
            while (true) {
                long budgetLeft = maxBytes - out.payloadBytes();
                cursor.chunkBytes(chunkFor(budgetLeft));
                cursor.mapBytes((int) Math.min(MAX_MAPPED_BYTES, withFraming(budgetLeft)));
                BatchCursor.Step step = cursor.next();
                if (step == BatchCursor.Step.END) {
                    return pos;
                }
                if (step == BatchCursor.Step.DAMAGED) {
                    throw new CorruptBatchException("log " + log.id() + ", segment " + seg.file.getFileName() + ": "
                            + cursor.damage() + "; records from position " + pos + " on are not served");
                }
                ByteBuffer b = cursor.buffer();
                int batch = cursor.batchOffset();
                long base = RecordBatch.basePosition(b, batch);
                int count = RecordBatch.recordCount(b, batch);
                if (base + count <= pos) {
                    continue;
                }
                int epoch = RecordBatch.writerEpoch(b, batch);
                if (RecordBatch.isEncrypted(b, batch)) {
                    throw new CorruptBatchException("log " + log.id() + ", segment " + seg.file.getFileName()
                            + ": the batch at position " + base + " is encrypted, which this version cannot read");
                }
                byte version = RecordBatch.version(b, batch);
                int rec = batch + RecordBatch.headerLength(b, batch);
                for (int i = 0; i < count; i++, rec = RecordBatch.nextRecord(b, rec)) {
                    long p = base + i;
                    if (p < pos) {
                        continue;
                    }
                    if (p >= end || out.size() >= maxRecords) {
                        return pos;
                    }
                    int size = BatchRecords.sizeBytes(b, rec);
                    if (!out.isEmpty() && out.payloadBytes() + size > maxBytes) {
                        return pos;
                    }
                    out.add(b, rec, p, epoch, version, size);
                    pos = p + 1;
                }
            }
        }
    }

    /** Read no more than the byte budget left needs (plus framing), within sane bounds. */
    private static int chunkFor(long budgetLeft) {
        return (int) Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, withFraming(budgetLeft)));
    }

    /** The file bytes that hold {@code recordBytes} of keys and data, about: the batches' framing added. */
    private static long withFraming(long recordBytes) {
        long bytes = Math.max(0, recordBytes);
        return bytes + bytes / 16 + 4096;
    }

    /**
     * The first position whose arrival timestamp is at or after {@code timestampMs}, ignoring
     * retention; the end when there is none.
     */
    long positionAtOrAfter(long timestampMs) throws IOException {
        long end = log.endPosition();
        if (log.lastTimestampMs() < timestampMs) {
            return end;
        }
        List<Segment> segs = new ArrayList<>(log.segments.values());
        // the last segment whose first record is older than the target holds the answer, or none does
        int lo = 0;
        int hi = segs.size() - 1;
        int candidate = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long first = firstTimestampOf(segs.get(mid));
            if (first >= 0 && first < timestampMs) {
                candidate = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (candidate < 0) {
            return segs.isEmpty() ? end : segs.get(0).basePosition;
        }
        Segment seg = segs.get(candidate);
        long found = scanForTime(seg, timestampMs, end);
        if (found >= 0) {
            return found;
        }
        return candidate + 1 < segs.size() ? segs.get(candidate + 1).basePosition : end;
    }

    private long scanForTime(Segment seg, long timestampMs, long end) throws IOException {
        long offset = log.indexOf(seg).floorOffsetForTimestamp(timestampMs);
        try (HandleCache.Lease lease = ctx.files().acquire(seg.file, false)) {
            long limit = seg.committedBytes == Segment.WHOLE_FILE ? lease.handle().size() : seg.committedBytes;
            BatchCursor cursor = new BatchCursor(lease.handle(), offset, limit, MIN_CHUNK_BYTES * 4, true);
            while (cursor.next() == BatchCursor.Step.BATCH) {
                ByteBuffer b = cursor.buffer();
                int batch = cursor.batchOffset();
                if (RecordBatch.lastTimestampMs(b, batch) < timestampMs) {
                    continue;
                }
                long base = RecordBatch.basePosition(b, batch);
                int rec = batch + RecordBatch.headerLength(b, batch);
                for (int i = 0; i < RecordBatch.recordCount(b, batch); i++, rec = RecordBatch.nextRecord(b, rec)) {
                    if (RecordBatch.recordTimestampMs(b, rec) >= timestampMs) {
                        return Math.min(base + i, end);
                    }
                }
            }
            return -1;
        }
    }

    /** Arrival timestamp of a segment's first record, reading its first header once; -1 when empty. */
    long firstTimestampOf(Segment seg) throws IOException {
        long known = seg.firstTimestampMs;
        if (known >= 0) {
            return known;
        }
        try (HandleCache.Lease lease = ctx.files().acquire(seg.file, false)) {
            ByteBuffer header = ByteBuffer.allocate(RecordBatch.MAX_HEADER_LENGTH);
            int n = lease.handle().read(header, 0);
            if (RecordBatch.checkHeader(header, 0, n) <= 0) {
                return -1;
            }
            long first = RecordBatch.firstTimestampMs(header, 0);
            seg.firstTimestampMs = first;
            return first;
        }
    }

    /**
     * Sealed segments whose newest record is older than {@code cutoffMs}, oldest first. A
     * segment's records are no newer than the next segment's first record (timestamps are
     * monotonic in a shard), or than the log's last record.
     */
    List<Segment> expiredSegments(long cutoffMs, Segment active) throws IOException {
        List<Segment> expired = new ArrayList<>();
        List<Segment> segs = new ArrayList<>(log.segments.values());
        for (int i = 0; i < segs.size(); i++) {
            Segment seg = segs.get(i);
            if (seg == active || !seg.sealed) {
                break;
            }
            long newestBound = -1;
            for (int j = i + 1; j < segs.size() && newestBound < 0; j++) {
                newestBound = firstTimestampOf(segs.get(j));
            }
            if (newestBound < 0) {
                newestBound = log.lastTimestampMs();
            }
            if (newestBound >= cutoffMs) {
                break;
            }
            expired.add(seg);
        }
        return expired;
    }

    /** A batch failed its checks during a read: nothing from there on is served. */
    static final class CorruptBatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptBatchException(String message) {
            super(message, null, false, false);
        }
    }
}
