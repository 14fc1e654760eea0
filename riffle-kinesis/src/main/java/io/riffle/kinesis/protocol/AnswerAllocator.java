package io.riffle.kinesis.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import io.riffle.storage.DirectBufferPool;
import java.nio.ByteBuffer;

/**
 * Where the answers that write themselves ({@link EncodedResponse}: GetRecords' bodies, SubscribeToShard's event
 * frames) get their buffers. Netty's default allocator pools nothing this large: a 10 MiB GetRecords answer got a
 * fresh direct buffer that the JDK zeroed and the kernel faulted in page by page, then unmapped once sent, a fifth
 * of the server's CPU in a read back of 1 KiB records (docs/benchmarks.md). A body of a known size from
 * {@link DirectBufferPool#MIN_BYTES} up comes from a {@link DirectBufferPool} instead and goes back to it when Netty
 * releases it after the write; anything else is the default allocator's. Thread-safe.
 */
final class AnswerAllocator extends AbstractByteBufAllocator {
    /**
     * Large bodies: at most 128 MiB idle (eight readers' 11 MiB answers of 1 KiB records with room for other sizes),
     * the largest pooled 16 MiB (GetRecords' 10 MiB of data with 10,000 records' other members). What finds no room
     * is freed at once, as Netty frees the unpooled buffers it allocates. None when this JVM cannot free a direct
     * buffer at once (Netty without {@code sun.misc.Unsafe}): buffers left to the garbage collector would hold direct
     * memory until a collection, which a server making little garbage runs rarely.
     */
    private static final DirectBufferPool LARGE_BODIES = PlatformDependent.canReliabilyFreeDirectBuffers()
            ? new DirectBufferPool(128L * 1024 * 1024, 16 * 1024 * 1024, AnswerAllocator::freeDirect) : null;
    static final AnswerAllocator INSTANCE = new AnswerAllocator();

    private AnswerAllocator() {
        super(true);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        if (LARGE_BODIES == null || initialCapacity != maxCapacity || initialCapacity < DirectBufferPool.MIN_BYTES
                || initialCapacity > LARGE_BODIES.maxBufferBytes()) {
            return ByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        }
        ByteBuffer pooled = LARGE_BODIES.take(initialCapacity);
        if (!pooled.isDirect()) {
            return ByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity); // direct memory ran out
        }
        return new PooledBody(this, pooled, initialCapacity);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return ByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }

    /**
     * Frees a buffer of {@code ByteBuffer.allocateDirect} by running its cleaner. Netty 4.2 deprecates this for
     * its own allocations (which carry their cleaner), not for the JDK's, which have no other way to be freed.
     */
    @SuppressWarnings("deprecation")
    private static void freeDirect(ByteBuffer buffer) {
        PlatformDependent.freeDirectBuffer(buffer);
    }

    /** A body over exactly {@code size} bytes of a pooled buffer, which goes back to the pool once released. */
    private static final class PooledBody extends UnpooledDirectByteBuf {
        private final ByteBuffer pooled;

        PooledBody(ByteBufAllocator allocator, ByteBuffer pooled, int size) {
            super(allocator, pooled.clear().limit(size), size); // a view of the first size bytes; never grows
            this.pooled = pooled;
            clear(); // a wrapped buffer starts out as readable bytes; a body starts empty
        }

        @Override
        protected void deallocate() {
            super.deallocate(); // drops its view, frees nothing: the memory is the pool's
            LARGE_BODIES.give(pooled);
        }
    }
}
