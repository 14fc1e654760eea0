package io.riffle.storage.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read chunks kept for reuse: a read that allocated a fresh multi-megabyte array per call spent most of its
 * allocation (57% of a read back's bytes in a JFR profile) and the zeroing that comes with it on arrays it filled
 * from the file at once. Arrays come in power-of-two sizes from {@link SegmentReads#MIN_CHUNK_BYTES} to
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

    private final List<ConcurrentLinkedDeque<byte[]>> free = new ArrayList<>();
    private final AtomicLong pooledBytes = new AtomicLong();
    private final long maxPooledBytes;

    ReadChunkPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
        for (int shift = MIN_SHIFT; shift <= MAX_SHIFT; shift++) {
            free.add(new ConcurrentLinkedDeque<>());
        }
    }

    /** An array of at least {@code bytes}, its contents whatever it last held. */
    byte[] take(int bytes) {
        if (bytes > 1 << MAX_SHIFT) {
            return new byte[bytes]; // a batch larger than any chunk: rare, not pooled
        }
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(bytes - 1));
        byte[] reused = free.get(shift - MIN_SHIFT).pollFirst();
        if (reused != null) {
            pooledBytes.addAndGet(-reused.length);
            return reused;
        }
        return new byte[1 << shift];
    }

    /** Keeps {@code array} for a later {@link #take} when it is of a pooled size and there is room. */
    void give(byte[] array) {
        int length = array.length;
        int shift = Integer.numberOfTrailingZeros(length);
        if (Integer.bitCount(length) != 1 || shift < MIN_SHIFT || shift > MAX_SHIFT) {
            return;
        }
        if (pooledBytes.addAndGet(length) > maxPooledBytes) {
            pooledBytes.addAndGet(-length);
            return;
        }
        free.get(shift - MIN_SHIFT).offerFirst(array); // last in, first out: the warmest array next
    }

    /** Bytes waiting for reuse. */
    long pooledBytes() {
        return pooledBytes.get();
    }
}
