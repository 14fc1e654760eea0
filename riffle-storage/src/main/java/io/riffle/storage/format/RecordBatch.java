package io.riffle.storage.format;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The unit written to segment files and, wrapped, to the journal: a CRC'd batch of records with
 * consecutive positions. Big-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        magic 'RFLB'                           |  0
 *  +---------------------------------------------------------------+
 *  |           CRC32C of bytes [8, batchLength)                    |  4
 *  +---------------------------------------------------------------+
 *  |                   batchLength (header + records)              |  8
 *  +---------------+---------------+-------------------------------+
 *  |   version     |    flags      |           reserved            | 12
 *  +---------------+---------------+-------------------------------+
 *  |                     basePosition (long)                       | 16
 *  +---------------------------------------------------------------+
 *  |                        recordCount                            | 24
 *  +---------------------------------------------------------------+
 *  |                        writerEpoch                            | 28
 *  +---------------------------------------------------------------+
 *  |                 firstTimestampMs (long)                       | 32
 *  +---------------------------------------------------------------+
 *  |                  lastTimestampMs (long)                       | 40
 *  +---------------------------------------------------------------+
 *  |                     records ...                               | 48
 *
 *  record:
 *   0 int    bodyLength (bytes after this field)
 *   4 long   arrivalTimestampMs
 *  12 short  keyLength K (unsigned)
 *  14 K      key
 *     short  explicitHashKeyLength H (unsigned; 0 = none)
 *     H      explicitHashKey
 *     int    dataLength D
 *     D      data
 * </pre>
 *
 * Record i of a batch has position basePosition + i. The writer epoch is the store's open count
 * when the batch was written, so a position reused after a crash under a weak durability setting
 * is told apart from the one that was lost.
 */
public final class RecordBatch {
    public static final int MAGIC = 0x52464C42; // "RFLB"
    public static final byte VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int LENGTH_OFFSET = 8;
    public static final int VERSION_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int BASE_POSITION_OFFSET = 16;
    public static final int RECORD_COUNT_OFFSET = 24;
    public static final int WRITER_EPOCH_OFFSET = 28;
    public static final int FIRST_TIMESTAMP_OFFSET = 32;
    public static final int LAST_TIMESTAMP_OFFSET = 40;
    public static final int HEADER_LENGTH = 48;
    /** The CRC covers everything after the CRC field's own neighbourhood: [8, batchLength). */
    public static final int CRC_START = LENGTH_OFFSET;

    public static final int RECORD_LENGTH_FIELD = 4;
    /** Fixed bytes of a record besides key, hash key and data. */
    public static final int RECORD_OVERHEAD = 4 + 8 + 2 + 2 + 4;

    /** A batch never exceeds this, so one 10 MiB record plus its keys always fits. */
    public static final int MAX_BATCH_BYTES = 64 * 1024 * 1024;

    private RecordBatch() {
    }

    /** Size in bytes of the batch that {@link #encode} would produce, or -1 when it exceeds the maximum. */
    public static long encodedSize(List<AppendRecord> records) {
        long size = HEADER_LENGTH;
        for (AppendRecord r : records) {
            size += recordSize(r);
        }
        return size > MAX_BATCH_BYTES ? -1 : size;
    }

    static long recordSize(AppendRecord r) {
        return RECORD_OVERHEAD + (long) r.key().length
                + (r.explicitHashKey() == null ? 0 : r.explicitHashKey().length) + r.data().length;
    }

    /**
     * Encodes a batch; {@code timestampsMs[i]} is record i's (already monotonic) arrival timestamp.
     * The returned buffer is positioned at 0 with the batch's length as limit.
     */
    public static ByteBuffer encode(long basePosition, int writerEpoch, List<AppendRecord> records,
                                    long[] timestampsMs, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC_OFFSET, MAGIC);
        b.putInt(LENGTH_OFFSET, size);
        b.put(VERSION_OFFSET, VERSION);
        b.put(FLAGS_OFFSET, (byte) 0);
        b.putLong(BASE_POSITION_OFFSET, basePosition);
        b.putInt(RECORD_COUNT_OFFSET, records.size());
        b.putInt(WRITER_EPOCH_OFFSET, writerEpoch);
        b.putLong(FIRST_TIMESTAMP_OFFSET, timestampsMs[0]);
        b.putLong(LAST_TIMESTAMP_OFFSET, timestampsMs[records.size() - 1]);
        b.position(HEADER_LENGTH);
        for (int i = 0; i < records.size(); i++) {
            AppendRecord r = records.get(i);
            byte[] hashKey = r.explicitHashKey() == null ? new byte[0] : r.explicitHashKey();
            int body = RECORD_OVERHEAD - RECORD_LENGTH_FIELD + r.key().length + hashKey.length + r.data().length;
            b.putInt(body);
            b.putLong(timestampsMs[i]);
            b.putShort((short) r.key().length);
            b.put(r.key());
            b.putShort((short) hashKey.length);
            b.put(hashKey);
            b.putInt(r.data().length);
            b.put(r.data());
        }
        b.putInt(CRC_OFFSET, Crc.crc32c(b, CRC_START, size - CRC_START));
        b.position(0);
        return b;
    }

    public static int batchLength(ByteBuffer b, int offset) {
        return b.getInt(offset + LENGTH_OFFSET);
    }

    public static long basePosition(ByteBuffer b, int offset) {
        return b.getLong(offset + BASE_POSITION_OFFSET);
    }

    public static int recordCount(ByteBuffer b, int offset) {
        return b.getInt(offset + RECORD_COUNT_OFFSET);
    }

    public static int writerEpoch(ByteBuffer b, int offset) {
        return b.getInt(offset + WRITER_EPOCH_OFFSET);
    }

    public static long firstTimestampMs(ByteBuffer b, int offset) {
        return b.getLong(offset + FIRST_TIMESTAMP_OFFSET);
    }

    public static long lastTimestampMs(ByteBuffer b, int offset) {
        return b.getLong(offset + LAST_TIMESTAMP_OFFSET);
    }

    /**
     * Checks the header of the batch at {@code offset} with {@code available} bytes readable from
     * there: magic, version and a plausible length. Does not check the CRC.
     *
     * @return the batch length, 0 when more bytes are needed to see the whole header, or -1 when
     *         the header is invalid
     */
    public static int checkHeader(ByteBuffer b, int offset, int available) {
        if (available < HEADER_LENGTH) {
            return 0;
        }
        if (b.getInt(offset + MAGIC_OFFSET) != MAGIC || b.get(offset + VERSION_OFFSET) != VERSION) {
            return -1;
        }
        int length = b.getInt(offset + LENGTH_OFFSET);
        int count = b.getInt(offset + RECORD_COUNT_OFFSET);
        if (length < HEADER_LENGTH + RECORD_OVERHEAD || length > MAX_BATCH_BYTES || count <= 0
                || (long) count * RECORD_OVERHEAD > length - HEADER_LENGTH
                || b.getLong(offset + BASE_POSITION_OFFSET) < 0) {
            return -1;
        }
        return length;
    }

    /** True when the whole batch at {@code offset} (length already checked) matches its CRC. */
    public static boolean isCrcValid(ByteBuffer b, int offset, int length) {
        return b.getInt(offset + CRC_OFFSET) == Crc.crc32c(b, offset + CRC_START, length - CRC_START);
    }

    /** Offset just past the record starting at {@code recordOffset}. */
    public static int nextRecord(ByteBuffer b, int recordOffset) {
        return recordOffset + RECORD_LENGTH_FIELD + b.getInt(recordOffset);
    }

    public static long recordTimestampMs(ByteBuffer b, int recordOffset) {
        return b.getLong(recordOffset + 4);
    }

    public static int recordKeyLength(ByteBuffer b, int recordOffset) {
        return Short.toUnsignedInt(b.getShort(recordOffset + 12));
    }

    public static int recordKeyOffset(int recordOffset) {
        return recordOffset + 14;
    }

    /** Decodes the record at {@code recordOffset} into views of {@code b} (which should be read-only). */
    public static StoredRecord readRecord(ByteBuffer b, int recordOffset, long position, int writerEpoch) {
        int at = recordOffset + 12;
        int keyLength = Short.toUnsignedInt(b.getShort(at));
        at += 2;
        ByteBuffer key = b.slice(at, keyLength);
        at += keyLength;
        int hashKeyLength = Short.toUnsignedInt(b.getShort(at));
        at += 2;
        ByteBuffer hashKey = hashKeyLength == 0 ? null : b.slice(at, hashKeyLength);
        at += hashKeyLength;
        int dataLength = b.getInt(at);
        at += 4;
        return new StoredRecord(position, b.getLong(recordOffset + 4), writerEpoch, key, hashKey,
                b.slice(at, dataLength));
    }
}
