package io.riffle.storage.engine;

import io.riffle.storage.format.Crc;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint: the journal position from which recovery replays, and for each shard the
 * point up to which its segment files were synced. Replaced atomically ({@link AtomicFiles}).
 *
 * <pre>
 *   0 int  magic 'RFLC'
 *   4 int  CRC32C of [8, length)
 *   8 int  length
 *  12 int  version (1)
 *  16 long journal file sequence
 *  24 long journal offset within that file
 *  32 int  shard count
 *  36 per shard: short idLength | id (UTF-8) | long segmentBase | long byteEnd
 *                | long endPosition | long lastTimestampMs
 * </pre>
 */
final class CheckpointFile {
    static final int MAGIC = 0x52464C43; // "RFLC"
    static final int VERSION = 1;
    static final int HEADER = 36;

    record Content(long journalSequence, long journalOffset, Map<String, LogPoint> logs) {
    }

    private CheckpointFile() {
    }

    static ByteBuffer encode(Content c) {
        int size = HEADER;
        Map<String, byte[]> ids = new LinkedHashMap<>();
        for (String id : c.logs().keySet()) {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            ids.put(id, bytes);
            size += 2 + bytes.length + 32;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(MAGIC).putInt(0).putInt(size).putInt(VERSION);
        b.putLong(c.journalSequence()).putLong(c.journalOffset()).putInt(c.logs().size());
        for (Map.Entry<String, LogPoint> e : c.logs().entrySet()) {
            byte[] id = ids.get(e.getKey());
            LogPoint p = e.getValue();
            b.putShort((short) id.length).put(id);
            b.putLong(p.segmentBase()).putLong(p.byteEnd()).putLong(p.endPosition()).putLong(p.lastTimestampMs());
        }
        b.putInt(4, Crc.crc32c(b, 8, size - 8));
        b.flip();
        return b;
    }

    /** The decoded checkpoint, or null when the bytes are damaged. */
    static Content decode(ByteBuffer b) {
        try {
            if (b.limit() < HEADER || b.getInt(0) != MAGIC || b.getInt(8) != b.limit() || b.getInt(12) != VERSION
                    || b.getInt(4) != Crc.crc32c(b, 8, b.limit() - 8)) {
                return null;
            }
            b.position(16);
            long sequence = b.getLong();
            long offset = b.getLong();
            int count = b.getInt();
            Map<String, LogPoint> logs = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] id = new byte[Short.toUnsignedInt(b.getShort())];
                b.get(id);
                logs.put(new String(id, StandardCharsets.UTF_8),
                        new LogPoint(b.getLong(), b.getLong(), b.getLong(), b.getLong()));
            }
            return b.hasRemaining() ? null : new Content(sequence, offset, logs);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
