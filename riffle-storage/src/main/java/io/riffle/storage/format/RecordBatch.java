package io.riffle.storage.format;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.RecordAttributes;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The unit written to segment files and, wrapped, to the journal: a CRC'd batch of records with
 * consecutive positions. Big-endian. Version 2 is written; version 1 (the layout before, whose
 * header ends at 48 and whose records carry one opaque field where v2 has attributes) is read.
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
 *  |   version 2   |    flags      |   headerLength (u16, v2: 64)  | 12
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
 *  |        keyReference (encryption key id; 0 when not encrypted) | 48
 *  +---------------------------------------------------------------+
 *  |        nonce (12 bytes; zero when not encrypted)              | 52
 *  |                                                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   (header bytes a later version adds: readers skip them)      | 64
 *  +---------------------------------------------------------------+
 *  |                     records ...                     at headerLength
 *
 *  flags: bit 0 FLAG_ENCRYPTED (reserved: records encrypted with keyReference and nonce; not
 *         written yet, and refused by readers until encryption at rest exists); others 0.
 *  v1: version 1, flags 0, bytes 14-15 zero (reserved), no bytes 48-63: records start at 48.
 *
 *  record:
 *   0 int    bodyLength (bytes after this field)
 *   4 long   arrivalTimestampMs
 *  12 short  keyLength K (unsigned)
 *  14 K      key
 *     short  attributesLength A (unsigned; 0 = none)    v1: the one opaque field's length
 *     A      attributes, see {@link RecordAttributes}   v1: the field (RecordAttributes.V1_FIELD)
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
    public static final byte VERSION = 2;
    public static final byte VERSION_1 = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int LENGTH_OFFSET = 8;
    public static final int VERSION_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int HEADER_LENGTH_OFFSET = 14;
    public static final int BASE_POSITION_OFFSET = 16;
    public static final int RECORD_COUNT_OFFSET = 24;
    public static final int WRITER_EPOCH_OFFSET = 28;
    public static final int FIRST_TIMESTAMP_OFFSET = 32;
    public static final int LAST_TIMESTAMP_OFFSET = 40;
    public static final int KEY_REFERENCE_OFFSET = 48;
    public static final int NONCE_OFFSET = 52;
    public static final int NONCE_LENGTH = 12;
    /** The header this version writes. */
    public static final int HEADER_LENGTH = 64;
    /** Version 1's fixed header. */
    public static final int V1_HEADER_LENGTH = 48;
    /** The longest header a reader accepts (later versions may add fields up to it). */
    public static final int MAX_HEADER_LENGTH = 1024;
    /** The CRC covers everything after the CRC field's own neighbourhood: [8, batchLength). */
    public static final int CRC_START = LENGTH_OFFSET;

    /** Reserved: the records are encrypted (not written yet). */
    public static final int FLAG_ENCRYPTED = 0x01;

    public static final int RECORD_LENGTH_FIELD = 4;
    /** A record's key length field, and its key right after it (offsets from the record's start). */
    public static final int RECORD_KEY_LENGTH_OFFSET = 12;
    public static final int RECORD_KEY_OFFSET = 14;
    /** Fixed bytes of a record besides key, attributes and data. */
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
        return RECORD_OVERHEAD + (long) r.key().remaining() + r.attributes().encodedLength() + r.data().sizeBytes();
    }

    /**
     * Encodes a batch into a new heap buffer: {@link #encode(ByteBuffer, long, int, List, long[], int)}.
     */
    public static ByteBuffer encode(long basePosition, int writerEpoch, List<AppendRecord> records,
                                    long[] timestampsMs, int size) {
        return encode(ByteBuffer.allocate(size), basePosition, writerEpoch, records, timestampsMs, size);
    }

    /**
     * Encodes a batch into the first {@code size} bytes of {@code target} (at least that large; whatever it held
     * before is overwritten, every byte); {@code timestampsMs[i]} is record i's (already monotonic) arrival
     * timestamp. The records' buffers are copied once, into the batch. Returns a view of {@code target} positioned
     * at 0 with the batch's length as limit.
     */
    public static ByteBuffer encode(ByteBuffer target, long basePosition, int writerEpoch, List<AppendRecord> records,
                                    long[] timestampsMs, int size) {
        ByteBuffer b = target.duplicate().clear().limit(size).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC_OFFSET, MAGIC);
        b.putInt(LENGTH_OFFSET, size);
        b.put(VERSION_OFFSET, VERSION);
        b.put(FLAGS_OFFSET, (byte) 0);
        b.putShort(HEADER_LENGTH_OFFSET, (short) HEADER_LENGTH);
        b.putLong(BASE_POSITION_OFFSET, basePosition);
        b.putInt(RECORD_COUNT_OFFSET, records.size());
        b.putInt(WRITER_EPOCH_OFFSET, writerEpoch);
        b.putLong(FIRST_TIMESTAMP_OFFSET, timestampsMs[0]);
        b.putLong(LAST_TIMESTAMP_OFFSET, timestampsMs[records.size() - 1]);
        b.putInt(KEY_REFERENCE_OFFSET, 0);
        for (int at = NONCE_OFFSET; at < NONCE_OFFSET + NONCE_LENGTH; at += Integer.BYTES) {
            b.putInt(at, 0); // the nonce: zero, and a reused buffer holds an earlier batch's bytes
        }
        b.position(HEADER_LENGTH);
        for (int i = 0; i < records.size(); i++) {
            AppendRecord r = records.get(i);
            int keyLength = r.key().remaining();
            int attributesLength = r.attributes().encodedLength();
            int dataLength = r.data().sizeBytes();
            b.putInt(RECORD_OVERHEAD - RECORD_LENGTH_FIELD + keyLength + attributesLength + dataLength);
            b.putLong(timestampsMs[i]);
            b.putShort((short) keyLength);
            b.put(b.position(), r.key(), r.key().position(), keyLength).position(b.position() + keyLength);
            b.putShort((short) attributesLength);
            r.attributes().writeTo(b);
            b.putInt(dataLength);
            r.data().copyTo(b);
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

    public static byte version(ByteBuffer b, int offset) {
        return b.get(offset + VERSION_OFFSET);
    }

    public static boolean isEncrypted(ByteBuffer b, int offset) {
        return (b.get(offset + FLAGS_OFFSET) & FLAG_ENCRYPTED) != 0;
    }

    /** Where the batch's records start: after its header, whatever its version. */
    public static int headerLength(ByteBuffer b, int offset) {
        return b.get(offset + VERSION_OFFSET) == VERSION_1 ? V1_HEADER_LENGTH
                : Short.toUnsignedInt(b.getShort(offset + HEADER_LENGTH_OFFSET));
    }

    /**
     * Checks the header of the batch at {@code offset} with {@code available} bytes readable from
     * there: magic, a version this code reads (1 or 2), a plausible header and batch length. Does
     * not check the CRC.
     *
     * @return the batch length, 0 when more bytes are needed to see the whole header, or -1 when
     *         the header is invalid
     */
    public static int checkHeader(ByteBuffer b, int offset, int available) {
        if (available < V1_HEADER_LENGTH) {
            return 0;
        }
        byte version = b.get(offset + VERSION_OFFSET);
        if (b.getInt(offset + MAGIC_OFFSET) != MAGIC || (version != VERSION && version != VERSION_1)) {
            return -1;
        }
        int headerLength = headerLength(b, offset);
        if (version == VERSION && (headerLength < HEADER_LENGTH || headerLength > MAX_HEADER_LENGTH)) {
            return -1;
        }
        if (available < headerLength) {
            return 0;
        }
        int length = b.getInt(offset + LENGTH_OFFSET);
        int count = b.getInt(offset + RECORD_COUNT_OFFSET);
        if (length < headerLength + RECORD_OVERHEAD || length > MAX_BATCH_BYTES || count <= 0
                || (long) count * RECORD_OVERHEAD > length - headerLength
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
        return Short.toUnsignedInt(b.getShort(recordOffset + RECORD_KEY_LENGTH_OFFSET));
    }

    public static int recordKeyOffset(int recordOffset) {
        return recordOffset + RECORD_KEY_OFFSET;
    }

    /**
     * Decodes the record at {@code recordOffset} of a batch of {@code version} into views of
     * {@code b} (which should be read-only).
     */
    public static StoredRecord readRecord(ByteBuffer b, int recordOffset, long position, int writerEpoch,
                                          byte version) {
        int at = recordOffset + 12;
        int keyLength = Short.toUnsignedInt(b.getShort(at));
        at += 2;
        ByteBuffer key = b.slice(at, keyLength);
        at += keyLength;
        int attributesLength = Short.toUnsignedInt(b.getShort(at));
        at += 2;
        ByteBuffer section = b.slice(at, attributesLength);
        RecordAttributes attributes = version == VERSION_1 ? RecordAttributes.fromV1Field(section)
                : RecordAttributes.decode(section);
        at += attributesLength;
        int dataLength = b.getInt(at);
        at += 4;
        return new StoredRecord(position, b.getLong(recordOffset + 4), writerEpoch, key, attributes,
                b.slice(at, dataLength));
    }
}
