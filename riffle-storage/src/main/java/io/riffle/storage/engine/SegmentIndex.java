package io.riffle.storage.engine;

import io.riffle.storage.format.Crc;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The sparse position and time index of one segment: an entry at least every
 * {@code intervalBytes} of batches, always one for the first batch. Each entry names a batch
 * start: its base position, byte offset and first arrival timestamp. Arrival timestamps are
 * monotonic in a shard, so the same entries serve seeks by position and by time.
 *
 * <p>Derived data: it is rebuilt from the segment whenever its file is missing, damaged or
 * disagrees with the segment; it is never trusted over the segment itself.
 *
 * <p>The owner thread appends and truncates; readers look up concurrently, hence the lock.
 *
 * <pre>
 * index file: int magic 'RIDX' | int CRC32C of [8, end) | int count | int reserved
 *             then count x (long position, long byteOffset, long timestampMs)
 * </pre>
 */
final class SegmentIndex {
    static final int MAGIC = 0x52494458; // "RIDX"
    static final int FILE_HEADER = 16;
    static final int ENTRY_BYTES = 24;

    private final int intervalBytes;
    private long[] positions = new long[8];
    private long[] offsets = new long[8];
    private long[] timestamps = new long[8];
    private int count;
    private long lastIndexedOffset = Long.MIN_VALUE;

    SegmentIndex(int intervalBytes) {
        this.intervalBytes = intervalBytes;
    }

    /** Notes a batch written at {@code offset}; keeps it when far enough from the previous entry. */
    synchronized void onBatch(long basePosition, long offset, long firstTimestampMs) {
        if (count > 0 && offset - lastIndexedOffset < intervalBytes) {
            return;
        }
        add(basePosition, offset, firstTimestampMs);
    }

    private void add(long basePosition, long offset, long firstTimestampMs) {
        if (count == positions.length) {
            positions = Arrays.copyOf(positions, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            timestamps = Arrays.copyOf(timestamps, count * 2);
        }
        positions[count] = basePosition;
        offsets[count] = offset;
        timestamps[count] = firstTimestampMs;
        count++;
        lastIndexedOffset = offset;
    }

    /** Byte offset of the last indexed batch starting at or before {@code position}; 0 if none. */
    synchronized long floorOffsetForPosition(long position) {
        int i = lastAtOrBefore(positions, position);
        return i < 0 ? 0 : offsets[i];
    }

    /**
     * Byte offset of the last indexed batch whose first timestamp is before {@code timestampMs}:
     * the first record at or after that time cannot be earlier. 0 if none.
     */
    synchronized long floorOffsetForTimestamp(long timestampMs) {
        int i = lastAtOrBefore(timestamps, timestampMs - 1);
        return i < 0 ? 0 : offsets[i];
    }

    /** Forgets entries for batches at or after {@code offset} (after a truncation). */
    synchronized void truncate(long offset) {
        while (count > 0 && offsets[count - 1] >= offset) {
            count--;
        }
        lastIndexedOffset = count == 0 ? Long.MIN_VALUE : offsets[count - 1];
    }

    synchronized int size() {
        return count;
    }

    /** Approximate heap bytes, for the per-shard memory figure. */
    synchronized long heapBytes() {
        return 64 + 3L * 8 * positions.length;
    }

    private int lastAtOrBefore(long[] keys, long key) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    synchronized ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(FILE_HEADER + count * ENTRY_BYTES);
        b.putInt(0, MAGIC);
        b.putInt(8, count);
        for (int i = 0; i < count; i++) {
            int at = FILE_HEADER + i * ENTRY_BYTES;
            b.putLong(at, positions[i]);
            b.putLong(at + 8, offsets[i]);
            b.putLong(at + 16, timestamps[i]);
        }
        b.putInt(4, Crc.crc32c(b, 8, b.capacity() - 8));
        return b;
    }

    /**
     * Decodes an index file; null when it is damaged or inconsistent with a segment of
     * {@code segmentBytes} bytes starting at {@code basePosition}, so the caller rebuilds it.
     */
    static SegmentIndex decode(ByteBuffer b, int intervalBytes, long basePosition, long segmentBytes) {
        if (b.limit() < FILE_HEADER || b.getInt(0) != MAGIC) {
            return null;
        }
        int n = b.getInt(8);
        if (n < 0 || (long) FILE_HEADER + (long) n * ENTRY_BYTES != b.limit()
                || b.getInt(4) != Crc.crc32c(b, 8, b.limit() - 8)) {
            return null;
        }
        SegmentIndex index = new SegmentIndex(intervalBytes);
        long previousPosition = basePosition - 1;
        long previousOffset = -1;
        for (int i = 0; i < n; i++) {
            int at = FILE_HEADER + i * ENTRY_BYTES;
            long position = b.getLong(at);
            long offset = b.getLong(at + 8);
            if (position <= previousPosition || offset <= previousOffset || offset >= segmentBytes) {
                return null;
            }
            index.addRaw(position, offset, b.getLong(at + 16));
            previousPosition = position;
            previousOffset = offset;
        }
        return index;
    }

    private synchronized void addRaw(long position, long offset, long timestampMs) {
        add(position, offset, timestampMs);
    }
}
