package io.riffle.storage.engine;

import io.riffle.storage.format.RecordBatch;
import io.riffle.storage.io.FileHandle;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Walks the batches of a segment file and stops at the first one that is torn, damaged or out
 * of sequence, reporting where and why. Used by recovery and to rebuild indexes.
 */
final class BatchScanner {
    static final int CHUNK_BYTES = 1 << 20;

    /** Receives each valid batch in order. */
    interface Visitor {
        void batch(long offset, long basePosition, int recordCount, int length, int crc,
                   long firstTimestampMs, long lastTimestampMs);
    }

    /** Where and why a scan stopped. {@code endOffset} is just past the last valid batch. */
    record Outcome(long endOffset, long endPosition, long lastTimestampMs, String damage) {
        boolean isClean() {
            return damage == null;
        }
    }

    private BatchScanner() {
    }

    /**
     * Scans {@code [offset, limit)} of the file, expecting the first batch at {@code expectedPosition}
     * (or any position when it is negative) and each next batch to follow on without a gap.
     */
    static Outcome scan(FileHandle file, long offset, long limit, long expectedPosition, boolean verifyCrc,
                        Visitor visitor) throws IOException {
        BatchCursor cursor = new BatchCursor(file, offset, limit, CHUNK_BYTES, verifyCrc);
        long expected = expectedPosition;
        long lastTs = -1;
        while (true) {
            BatchCursor.Step step = cursor.next();
            if (step == BatchCursor.Step.END) {
                return new Outcome(cursor.offset(), expected, lastTs, null);
            }
            if (step == BatchCursor.Step.DAMAGED) {
                return new Outcome(cursor.offset(), expected, lastTs, cursor.damage());
            }
            ByteBuffer b = cursor.buffer();
            int rel = cursor.batchOffset();
            long base = RecordBatch.basePosition(b, rel);
            if (expected >= 0 && base != expected) {
                return new Outcome(cursor.batchFileOffset(), expected, lastTs, "the batch at offset "
                        + cursor.batchFileOffset() + " starts at position " + base + ", expected " + expected);
            }
            int count = RecordBatch.recordCount(b, rel);
            lastTs = RecordBatch.lastTimestampMs(b, rel);
            visitor.batch(cursor.batchFileOffset(), base, count, cursor.batchLength(),
                    b.getInt(rel + RecordBatch.CRC_OFFSET), RecordBatch.firstTimestampMs(b, rel), lastTs);
            expected = base + count;
        }
    }
}
