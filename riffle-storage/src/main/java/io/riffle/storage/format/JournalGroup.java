package io.riffle.storage.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One group commit in the node-wide journal: the record batches of many shards, made durable by
 * a single fdatasync. Big-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        magic 'RFLJ'                           |  0
 *  +---------------------------------------------------------------+
 *  |           CRC32C of bytes [8, groupLength)                    |  4
 *  +---------------------------------------------------------------+
 *  |                        groupLength                            |  8
 *  +---------------+---------------+-------------------------------+
 *  |   version     |   reserved    |           reserved            | 12
 *  +---------------+---------------+-------------------------------+
 *  |                   groupSequence (long)                        | 16
 *  +---------------------------------------------------------------+
 *  |                         entryCount                            | 24
 *  +---------------------------------------------------------------+
 *  |                          reserved                             | 28
 *  +---------------------------------------------------------------+
 *  |  entries ...                                                  | 32
 *
 *  entry (version 1, {@link #VERSION}):               short logIdLength L | L bytes logId (UTF-8) | a RecordBatch (its own length inside)
 *  entry (version 2, {@link #VERSION_CONFIRMATIONS}): short logIdLength L | L bytes logId (UTF-8) | a RecordBatch's header only
 * </pre>
 *
 * The group CRC makes a torn group detectable as a whole; each batch inside keeps its own CRC,
 * so it can be copied into a segment file unchanged. A version 2 group (durability {@code none}) confirms
 * batches without carrying them: each entry is the header of a batch already written to its segment (position,
 * count, length, CRC), which recovery matches against the segment; the payload is written once, not twice.
 */
public final class JournalGroup {
    public static final int MAGIC = 0x52464C4A; // "RFLJ"
    public static final byte VERSION = 1;
    /** A group of batch headers only: each batch's records are in its segment alone. */
    public static final byte VERSION_CONFIRMATIONS = 2;
    public static final int CRC_OFFSET = 4;
    public static final int LENGTH_OFFSET = 8;
    public static final int VERSION_OFFSET = 12;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int ENTRY_COUNT_OFFSET = 24;
    public static final int HEADER_LENGTH = 32;
    public static final int CRC_START = LENGTH_OFFSET;
    public static final int MAX_GROUP_BYTES = Integer.MAX_VALUE - 64;

    private JournalGroup() {
    }

    public static int entrySize(byte[] logId, int batchLength) {
        return 2 + logId.length + batchLength;
    }

    /** Writes the header into {@code b} at 0 once the entries are in place, and seals it with the CRC. */
    public static void finish(ByteBuffer b, int groupLength, long sequence, int entryCount, byte version) {
        b.putInt(0, MAGIC);
        b.putInt(LENGTH_OFFSET, groupLength);
        b.put(VERSION_OFFSET, version);
        b.put(VERSION_OFFSET + 1, (byte) 0);
        b.putShort(VERSION_OFFSET + 2, (short) 0);
        b.putLong(SEQUENCE_OFFSET, sequence);
        b.putInt(ENTRY_COUNT_OFFSET, entryCount);
        b.putInt(ENTRY_COUNT_OFFSET + 4, 0);
        b.putInt(CRC_OFFSET, Crc.crc32c(b, CRC_START, groupLength - CRC_START));
    }

    /**
     * Checks the header of a group at {@code offset} of {@code b} with {@code available} bytes.
     *
     * @return the group length; 0 when the header is not all there; -1 when it is invalid
     */
    public static int checkHeader(ByteBuffer b, int offset, int available) {
        if (available < HEADER_LENGTH) {
            return 0;
        }
        byte version = b.get(offset + VERSION_OFFSET);
        if (b.getInt(offset) != MAGIC || (version != VERSION && version != VERSION_CONFIRMATIONS)) {
            return -1;
        }
        int length = b.getInt(offset + LENGTH_OFFSET);
        int entries = b.getInt(offset + ENTRY_COUNT_OFFSET);
        if (length < HEADER_LENGTH || entries < 0 || length > MAX_GROUP_BYTES) {
            return -1;
        }
        return length;
    }

    public static boolean isCrcValid(ByteBuffer b, int offset, int length) {
        return b.getInt(offset + CRC_OFFSET) == Crc.crc32c(b, offset + CRC_START, length - CRC_START);
    }

    /** Whether the group at {@code offset} holds batch headers only ({@link #VERSION_CONFIRMATIONS}). */
    public static boolean holdsHeadersOnly(ByteBuffer b, int offset) {
        return b.get(offset + VERSION_OFFSET) == VERSION_CONFIRMATIONS;
    }

    public static int entryCount(ByteBuffer b, int offset) {
        return b.getInt(offset + ENTRY_COUNT_OFFSET);
    }

    public static String logId(ByteBuffer b, int entryOffset) {
        int length = Short.toUnsignedInt(b.getShort(entryOffset));
        byte[] id = new byte[length];
        b.get(entryOffset + 2, id);
        return new String(id, StandardCharsets.UTF_8);
    }

    /** Offset of the record batch inside the entry at {@code entryOffset}. */
    public static int batchOffset(ByteBuffer b, int entryOffset) {
        return entryOffset + 2 + Short.toUnsignedInt(b.getShort(entryOffset));
    }
}
