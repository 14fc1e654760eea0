package io.riffle.storage.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read chunks kept for reuse: a read that allocated a fresh multi-megabyte array per call spent most of its
 * allocation (57% of a read back's bytes in a JFR profile) and the zeroing that comes with it on arrays it filled
 * from the file at once. Chunks are direct buffers: the file is read straight into them, where a heap array is
 * read through a temporary direct buffer of the JDK's and copied again (a quarter of a read back's storage time).
 * They come in power-of-two sizes from {@link SegmentReads#MIN_CHUNK_BYTES} to
 * {@link SegmentReads#MAX_POOLED_CHUNK_BYTES}; at most {@code maxPooledBytes} wait here, the rest go to the garbage
 * collector. Only a cache: a chunk never handed back is simply collected. Thread-safe.
 */
final class ReadChunkPool {
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(SegmentReads.MIN_CHUNK_BYTES);
    private static final int MAX_SHIFT = Integer.numberOfTrailingZeros(SegmentReads.MAX_POOLED_CHUNK_BYTES);

    /**
     * Shared by every store in the process: it bounds the idle memory, and reads are what it serves (64 MiB: most
     * of what eight readers of 10 MiB answers hold at once, so they mostly take back what they gave). Declared
     * after the sizes its constructor reads.
     */
    static final ReadChunkPool SHARED = new ReadChunkPool(64L * 1024 * 1024);

    private final List<ConcurrentLinkedDeque<ByteBuffer>> free = new ArrayList<>();
    private final AtomicLong pooledBytes = new AtomicLong();
    private final long maxPooledBytes;

    ReadChunkPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
        for (int shift = MIN_SHIFT; shift <= MAX_SHIFT; shift++) {
            free.add(new ConcurrentLinkedDeque<>());
        }
    }

    /** A chunk whose capacity is at least {@code bytes}, its contents whatever it last held, its indexes anywhere. */
    ByteBuffer take(int bytes) {
        if (bytes > 1 << MAX_SHIFT) {
            return ByteBuffer.allocate(bytes); // a batch larger than any chunk: rare, not pooled
        }
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(bytes - 1));
        ByteBuffer reused = free.get(shift - MIN_SHIFT).pollFirst();
        if (reused != null) {
            pooledBytes.addAndGet(-reused.capacity());
            return reused;
        }
        try {
            return ByteBuffer.allocateDirect(1 << shift);
        } catch (OutOfMemoryError e) {
            return ByteBuffer.allocate(1 << shift); // direct memory exhausted (-XX:MaxDirectMemorySize): the heap
        }
    }

    /** Keeps {@code chunk} for a later {@link #take} when it is a direct one of a pooled size and there is room. */
    void give(ByteBuffer chunk) {
        int capacity = chunk.capacity();
        int shift = Integer.numberOfTrailingZeros(capacity);
        if (!chunk.isDirect() || Integer.bitCount(capacity) != 1 || shift < MIN_SHIFT || shift > MAX_SHIFT) {
            return;
        }
        if (pooledBytes.addAndGet(capacity) > maxPooledBytes) {
            pooledBytes.addAndGet(-capacity);
            return;
        }
        free.get(shift - MIN_SHIFT).offerFirst(chunk); // last in, first out: the warmest chunk next
    }

    /** Bytes waiting for reuse. */
    long pooledBytes() {
        return pooledBytes.get();
    }
}
