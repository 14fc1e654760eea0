package io.riffle.storage.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers kept for reuse, for what storage moves between files and memory in bulk: read chunks and encoded
 * append batches. A fresh multi-megabyte array per read or per batch spent most of a read back's allocation (57%
 * of its bytes in a JFR profile) and a quarter of an ingest's, with the zeroing that comes with it, and a 500-record
 * batch of 1 KiB records is a G1 humongous object. Direct, because a heap array goes to or from a file through a
 * temporary direct buffer of the JDK's and is copied once more (a quarter of a read back's storage time).
 * Buffers come in power-of-two sizes from {@link #MIN_BYTES} to {@link #MAX_POOLED_BYTES}; at most
 * {@code maxPooledBytes} wait here, the rest go to the garbage collector. Only a cache: a buffer never handed back
 * is simply collected. Thread-safe.
 */
final class DirectBufferPool {
    /** The smallest buffer handed out: smaller requests round up to it. */
    static final int MIN_BYTES = 64 * 1024;
    /** The largest buffer pooled: room for a batch of a large PutRecords (5 MiB in all, 1 MiB a record). */
    static final int MAX_POOLED_BYTES = 4 * 1024 * 1024;
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_BYTES);
    private static final int MAX_SHIFT = Integer.numberOfTrailingZeros(MAX_POOLED_BYTES);

    /**
     * Read chunks, shared by every store in the process: it bounds the idle memory (64 MiB: most of what eight
     * readers of 10 MiB answers hold at once, so they mostly take back what they gave). Declared after the sizes
     * its constructor reads.
     */
    static final DirectBufferPool READS = new DirectBufferPool(64L * 1024 * 1024);
    /**
     * Encoded append batches, from their owner thread's encoding until the commit thread has journaled them: a
     * batch is in use for about one group commit, so a few per owner thread are all that wait here.
     */
    static final DirectBufferPool BATCHES = new DirectBufferPool(16L * 1024 * 1024);

    private final List<ConcurrentLinkedDeque<ByteBuffer>> free = new ArrayList<>();
    private final AtomicLong pooledBytes = new AtomicLong();
    private final long maxPooledBytes;

    DirectBufferPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
        for (int shift = MIN_SHIFT; shift <= MAX_SHIFT; shift++) {
            free.add(new ConcurrentLinkedDeque<>());
        }
    }

    /** A buffer whose capacity is at least {@code bytes}, its contents whatever it last held, its indexes anywhere. */
    ByteBuffer take(int bytes) {
        if (bytes > 1 << MAX_SHIFT) {
            return ByteBuffer.allocate(bytes); // larger than any pooled size: rare, not pooled
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

    /**
     * Keeps {@code buffer} for a later {@link #take} when it is a direct one of a pooled size and there is room. The
     * caller gives each buffer it took back once at most, and only when nothing reads or writes it any more.
     */
    void give(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        int shift = Integer.numberOfTrailingZeros(capacity);
        if (!buffer.isDirect() || Integer.bitCount(capacity) != 1 || shift < MIN_SHIFT || shift > MAX_SHIFT) {
            return;
        }
        if (pooledBytes.addAndGet(capacity) > maxPooledBytes) {
            pooledBytes.addAndGet(-capacity);
            return;
        }
        free.get(shift - MIN_SHIFT).offerFirst(buffer); // last in, first out: the warmest one next
    }

    /** Bytes waiting for reuse. */
    long pooledBytes() {
        return pooledBytes.get();
    }
}
