package io.riffle.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Direct buffers kept for reuse, for what moves between files, memory and sockets in bulk: storage's read chunks
 * and encoded append batches, and the protocol's large answers. A fresh multi-megabyte buffer per read, batch or
 * answer costs its zeroing (by the JDK for a direct buffer, by the JVM for an array) and, for a direct one, the
 * kernel's faulting in of fresh pages and unmapping them again. Direct, because a heap array goes to or from a file
 * or socket through a temporary direct buffer of the JDK's and is copied once more.
 * <p>
 * Sizes come in classes: powers of two from {@link #MIN_BYTES} to 1 MiB, then whole MiB up to the pool's largest
 * ({@code maxBufferBytes}), so a 10.5 MiB answer takes 11 MiB, not 16. At most {@code maxPooledBytes} wait here.
 * A buffer that finds no room is let go: left to the garbage collector, or, for a pool given a way to free direct
 * memory, freed at once after the coldest idle buffers of other sizes were freed to make room for it (the sizes in
 * use change with the workload, and direct memory that waits for a collection can run out first: a server with
 * little garbage collects rarely). Only a cache: a buffer never handed back is simply collected. Thread-safe.
 */
public final class DirectBufferPool {
    /** The smallest buffer handed out: smaller requests round up to it. */
    public static final int MIN_BYTES = 64 * 1024;
    private static final int MIB = 1024 * 1024;
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_BYTES);
    /** Classes below 1 MiB: 64, 128, 256 and 512 KiB. */
    private static final int POWER_CLASSES = Integer.numberOfTrailingZeros(MIB) - MIN_SHIFT;

    private final List<ConcurrentLinkedDeque<ByteBuffer>> free = new ArrayList<>();
    private final AtomicLong pooledBytes = new AtomicLong();
    private final long maxPooledBytes;
    private final int maxBufferBytes;
    private final Consumer<ByteBuffer> freeDirect;

    /** A pool that leaves the buffers it lets go to the garbage collector. */
    public DirectBufferPool(long maxPooledBytes, int maxBufferBytes) {
        this(maxPooledBytes, maxBufferBytes, null);
    }

    /**
     * @param maxPooledBytes the most bytes waiting for reuse at once
     * @param maxBufferBytes the largest buffer pooled, a whole number of MiB; a larger request gets a heap buffer
     * @param freeDirect frees a direct buffer's memory at once (nothing may touch it afterwards), or null to leave
     *                   the buffers this pool lets go to the garbage collector
     */
    public DirectBufferPool(long maxPooledBytes, int maxBufferBytes, Consumer<ByteBuffer> freeDirect) {
        if (maxBufferBytes < MIB || maxBufferBytes % MIB != 0) {
            throw new IllegalArgumentException("the largest buffer must be a whole number of MiB: " + maxBufferBytes);
        }
        this.maxPooledBytes = maxPooledBytes;
        this.maxBufferBytes = maxBufferBytes;
        this.freeDirect = freeDirect;
        for (int i = 0; i < POWER_CLASSES + maxBufferBytes / MIB; i++) {
            free.add(new ConcurrentLinkedDeque<>());
        }
    }

    /** The largest buffer this pool keeps. */
    public int maxBufferBytes() {
        return maxBufferBytes;
    }

    /** A buffer whose capacity is at least {@code bytes}, its contents whatever it last held, its indexes anywhere. */
    public ByteBuffer take(int bytes) {
        if (bytes > maxBufferBytes) {
            return ByteBuffer.allocate(bytes); // larger than any pooled size: rare, not pooled
        }
        int size = classSize(bytes);
        ByteBuffer reused = free.get(classOf(size)).pollFirst();
        if (reused != null) {
            pooledBytes.addAndGet(-reused.capacity());
            return reused;
        }
        try {
            return ByteBuffer.allocateDirect(size);
        } catch (OutOfMemoryError e) {
            return ByteBuffer.allocate(size); // direct memory exhausted (-XX:MaxDirectMemorySize): the heap
        }
    }

    /**
     * Keeps {@code buffer} for a later {@link #take} when it is a direct one of a class size and there is room. The
     * caller gives each buffer it took back once at most, and only when nothing reads or writes it any more.
     */
    public void give(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            return;
        }
        int capacity = buffer.capacity();
        if (capacity > maxBufferBytes || capacity < MIN_BYTES || classSize(capacity) != capacity) {
            letGo(buffer);
            return;
        }
        int sizeClass = classOf(capacity);
        while (pooledBytes.addAndGet(capacity) > maxPooledBytes) {
            pooledBytes.addAndGet(-capacity);
            if (freeDirect == null || !freeColdestOtherThan(sizeClass)) {
                letGo(buffer);
                return;
            }
        }
        free.get(sizeClass).offerFirst(buffer); // last in, first out: the warmest one next
    }

    /** Frees the coldest idle buffer of the largest other size there is; false when there is none. */
    private boolean freeColdestOtherThan(int sizeClass) {
        for (int c = free.size() - 1; c >= 0; c--) {
            ByteBuffer idle = c == sizeClass ? null : free.get(c).pollLast();
            if (idle != null) {
                pooledBytes.addAndGet(-idle.capacity());
                freeDirect.accept(idle);
                return true;
            }
        }
        return false;
    }

    private void letGo(ByteBuffer buffer) {
        if (freeDirect != null) {
            freeDirect.accept(buffer);
        }
    }

    /** Bytes waiting for reuse. */
    public long pooledBytes() {
        return pooledBytes.get();
    }

    /** The class size {@code bytes} rounds up to: a power of two up to 1 MiB, whole MiB above. */
    static int classSize(int bytes) {
        if (bytes > MIB) {
            return (int) ((bytes + (long) MIB - 1) / MIB * MIB);
        }
        return bytes <= MIN_BYTES ? MIN_BYTES : Integer.highestOneBit(bytes - 1) << 1;
    }

    /** The free list of a class size. */
    private static int classOf(int size) {
        return size <= MIB ? Integer.numberOfTrailingZeros(size) - MIN_SHIFT : POWER_CLASSES + size / MIB - 1;
    }
}
