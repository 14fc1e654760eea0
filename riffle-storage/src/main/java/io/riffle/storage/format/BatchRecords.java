package io.riffle.storage.format;

import io.riffle.storage.RecordAttributes;
import io.riffle.storage.RecordCursor;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The records of one read, kept where they lie: each record's offset in the read buffer (chunk) holding its
 * {@link RecordBatch}, and per run of records sharing a buffer, writer epoch and batch version, those three.
 * Positions are consecutive from the first. A {@link #cursor()} walks the records without an object per record;
 * {@link #get} builds one ({@link StoredRecord} with views) for the readers that keep records.
 *
 * <p>Filled by one reading thread, then handed over (a {@code ReadResult}) and read-only; the buffers must stay
 * unchanged while any view or cursor is in use.
 */
public final class BatchRecords extends AbstractList<StoredRecord> implements RecordCursor.Source, RandomAccess {
    private final long firstPosition;
    private int count;
    private long payloadBytes;
    private int[] offsets;
    private int runs;
    /** Index of each run's first record. */
    private int[] runFirst = new int[4];
    private ByteBuffer[] runBuffer = new ByteBuffer[4];
    private int[] runEpoch = new int[4];
    private byte[] runVersion = new byte[4];

    /** Records from {@code firstPosition} on; {@code expected} sizes the offsets first. */
    public BatchRecords(long firstPosition, int expected) {
        this.firstPosition = firstPosition;
        this.offsets = new int[Math.max(1, expected)];
    }

    /** Key plus data bytes of the record at {@code recordOffset} (what read budgets count), without decoding it. */
    public static int sizeBytes(ByteBuffer b, int recordOffset) {
        int attributesAt = recordOffset + RecordBatch.RECORD_KEY_OFFSET + RecordBatch.recordKeyLength(b, recordOffset);
        int attributesLength = Short.toUnsignedInt(b.getShort(attributesAt));
        return b.getInt(recordOffset) - (RecordBatch.RECORD_OVERHEAD - RecordBatch.RECORD_LENGTH_FIELD)
                - attributesLength;
    }

    /**
     * Appends the record at {@code recordOffset} of {@code b} (read-only) in a batch of {@code writerEpoch} and
     * {@code version}; {@code position} must be the next one. {@code sizeBytes} is the record's
     * {@link #sizeBytes}, which the reader has already computed for its byte budget.
     */
    public void add(ByteBuffer b, int recordOffset, long position, int writerEpoch, byte version, int sizeBytes) {
        if (position != firstPosition + count) {
            throw new IllegalArgumentException("position " + position + " does not follow " + (firstPosition + count - 1));
        }
        if (runs == 0 || runBuffer[runs - 1] != b || runEpoch[runs - 1] != writerEpoch
                || runVersion[runs - 1] != version) {
            if (runs == runFirst.length) {
                int grown = runs * 2;
                runFirst = Arrays.copyOf(runFirst, grown);
                runBuffer = Arrays.copyOf(runBuffer, grown);
                runEpoch = Arrays.copyOf(runEpoch, grown);
                runVersion = Arrays.copyOf(runVersion, grown);
            }
            runFirst[runs] = count;
            runBuffer[runs] = b;
            runEpoch[runs] = writerEpoch;
            runVersion[runs] = version;
            runs++;
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = recordOffset;
        payloadBytes += sizeBytes;
    }

    /** Key plus data bytes of every record, as {@link #sizeBytes} counts them. */
    @Override
    public long payloadBytes() {
        return payloadBytes;
    }

    /** One past the last record's position (the first position when empty). */
    public long endPosition() {
        return firstPosition + count;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public StoredRecord get(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(index);
        }
        int run = runOf(index);
        return RecordBatch.readRecord(runBuffer[run], offsets[index], firstPosition + index, runEpoch[run],
                runVersion[run]);
    }

    private int runOf(int index) {
        int lo = 0;
        int hi = runs - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (runFirst[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public RecordCursor cursor() {
        return new Cursor();
    }

    /** Decodes each record's lengths once as it moves; reads the buffers with absolute gets only. */
    private final class Cursor implements RecordCursor {
        private int index = -1;
        private int run = -1;
        private int runEnd;
        private ByteBuffer buffer;
        private int recordOffset;
        private int keyLength;
        private int attributesOffset;
        private int attributesLength;
        private int dataOffset;
        private int dataLength;

        @Override
        public boolean next() {
            if (index + 1 >= count) {
                index = count;
                return false;
            }
            index++;
            if (index >= runEnd) {
                run++;
                runEnd = run + 1 < runs ? runFirst[run + 1] : count;
                buffer = runBuffer[run];
            }
            ByteBuffer b = buffer;
            int at = offsets[index];
            recordOffset = at;
            keyLength = RecordBatch.recordKeyLength(b, at);
            int attributesAt = at + RecordBatch.RECORD_KEY_OFFSET + keyLength;
            attributesLength = Short.toUnsignedInt(b.getShort(attributesAt));
            attributesOffset = attributesAt + 2;
            int dataAt = attributesOffset + attributesLength;
            dataLength = b.getInt(dataAt);
            dataOffset = dataAt + 4;
            return true;
        }

        @Override
        public long position() {
            return firstPosition + index;
        }

        @Override
        public long arrivalTimestampMs() {
            return RecordBatch.recordTimestampMs(buffer, recordOffset);
        }

        @Override
        public int writerEpoch() {
            return runEpoch[run];
        }

        @Override
        public ByteBuffer keyBuffer() {
            return buffer;
        }

        @Override
        public int keyOffset() {
            return recordOffset + RecordBatch.RECORD_KEY_OFFSET;
        }

        @Override
        public int keyLength() {
            return keyLength;
        }

        @Override
        public ByteBuffer dataBuffer() {
            return buffer;
        }

        @Override
        public int dataOffset() {
            return dataOffset;
        }

        @Override
        public int dataLength() {
            return dataLength;
        }

        @Override
        public RecordAttributes attributes() {
            ByteBuffer section = buffer.slice(attributesOffset, attributesLength);
            return runVersion[run] == RecordBatch.VERSION_1 ? RecordAttributes.fromV1Field(section)
                    : RecordAttributes.decode(section);
        }

        @Override
        public StoredRecord record() {
            return RecordBatch.readRecord(buffer, recordOffset, position(), runEpoch[run], runVersion[run]);
        }
    }
}
