package io.riffle.storage.engine;

import io.riffle.storage.format.RecordBatch;
import io.riffle.storage.io.FileHandle;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Steps through the record batches of a segment file from an offset up to a limit, reading
 * large chunks (one system call serves many batches) and checking each batch's header and,
 * when asked, its CRC. A fresh buffer is read for each chunk, so views into an earlier chunk
 * (records handed to a reader) stay valid: a newly allocated one, or one of the read's {@link ReadChunks}, which
 * stay the read's until its reader releases them. A read whose chunks may map sees a large range of the file
 * through a mapping instead, with no copy.
 */
final class BatchCursor {
    enum Step { BATCH, END, DAMAGED }

    private final FileHandle file;
    private final long limit;
    private int chunkBytes;
    private int mapBytes;
    private final boolean verifyCrc;
    /** Where chunks come from; null: a fresh array each. */
    private final ReadChunks chunks;
    private ByteBuffer chunk = ByteBuffer.allocate(0);
    /**
     * The chunk's own buffer, which the CRC check reads: the JDK's CRC32C reads an array-backed buffer in place,
     * but copies a read-only one through a scratch array (a JFR allocation profile of reads showed it).
     */
    private ByteBuffer checkedChunk = chunk;
    private long chunkStart;
    private long at;
    private int batchOffset;
    private long batchFileOffset;
    private int batchLength;
    private String damage;

    BatchCursor(FileHandle file, long offset, long limit, int chunkBytes, boolean verifyCrc) {
        this(file, offset, limit, chunkBytes, verifyCrc, null);
    }

    BatchCursor(FileHandle file, long offset, long limit, int chunkBytes, boolean verifyCrc, ReadChunks chunks) {
        this.chunks = chunks;
        this.file = file;
        this.at = offset;
        this.chunkStart = offset;
        this.limit = limit;
        this.chunkBytes = chunkBytes;
        this.verifyCrc = verifyCrc;
    }

    /** How much the next refill reads at least (the reader shrinks it as its budget runs out). */
    void chunkBytes(int bytes) {
        chunkBytes = bytes;
    }

    /**
     * How much the next refill maps, when the read's chunks may map: nothing below
     * {@link SegmentReads#MIN_MAPPED_BYTES}, which is read into a chunk instead.
     */
    void mapBytes(int bytes) {
        mapBytes = bytes;
    }

    /** Moves to the next batch. */
    Step next() throws IOException {
        if (at >= limit) {
            return Step.END;
        }
        int rel = (int) (at - chunkStart);
        int available = chunk.limit() - rel;
        int length = RecordBatch.checkHeader(chunk, rel, available);
        // Refill: once for a chunk, and once more when its first batch is larger than the chunk.
        for (int refill = 0; refill < 2 && (length == 0 || length > available); refill++) {
            long left = limit - at;
            int want = (int) Math.min(Math.max(chunkBytes, Math.max(length, RecordBatch.HEADER_LENGTH)), left);
            if (want <= available) {
                break; // the file holds no more before the limit
            }
            ByteBuffer fresh = chunks == null ? null : mapping(length, left);
            int read;
            if (fresh != null) {
                read = fresh.limit();
            } else {
                fresh = chunks == null ? ByteBuffer.allocate(want) : chunks.take(want);
                read = file.read(fresh, at);
                fresh.flip();
            }
            chunk = fresh.asReadOnlyBuffer();
            checkedChunk = fresh;
            chunkStart = at;
            rel = 0;
            available = read;
            length = RecordBatch.checkHeader(chunk, 0, available);
        }
        if (length == 0 || length > available) {
            damage = "torn batch at offset " + at + ": " + available + " bytes readable before the end at "
                    + limit + ", the batch needs " + Math.max(length, RecordBatch.HEADER_LENGTH);
            return Step.DAMAGED;
        }
        if (length < 0) {
            damage = "invalid batch header at offset " + at;
            return Step.DAMAGED;
        }
        if (verifyCrc && !RecordBatch.isCrcValid(checkedChunk, rel, length)) {
            damage = "checksum mismatch in the batch at offset " + at + " (positions "
                    + RecordBatch.basePosition(chunk, rel) + ".."
                    + (RecordBatch.basePosition(chunk, rel) + RecordBatch.recordCount(chunk, rel) - 1) + ")";
            return Step.DAMAGED;
        }
        batchOffset = rel;
        batchFileOffset = at;
        batchLength = length;
        at += length;
        return Step.BATCH;
    }

    /** The file's next bytes (at least the batch's {@code length}) as a mapping; null when they are read instead. */
    private ByteBuffer mapping(int length, long left) {
        int bytes = (int) Math.min(Math.max(mapBytes, length), left);
        return bytes < SegmentReads.MIN_MAPPED_BYTES ? null : chunks.map(file, at, bytes);
    }

    /** The read-only buffer holding the current batch. */
    ByteBuffer buffer() {
        return chunk;
    }

    /** Offset of the current batch in {@link #buffer()}. */
    int batchOffset() {
        return batchOffset;
    }

    /** Offset of the current batch in the file. */
    long batchFileOffset() {
        return batchFileOffset;
    }

    int batchLength() {
        return batchLength;
    }

    /** File offset just past the last batch returned. */
    long offset() {
        return at;
    }

    String damage() {
        return damage;
    }
}
