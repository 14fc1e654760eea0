package io.riffle.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DirectBufferPoolTest {

    @Test
    void roundsUpToAPowerOfTwoInDirectMemoryAndReusesWhatWasGivenBack() {
        DirectBufferPool pool = new DirectBufferPool(1L << 30);
        ByteBuffer first = pool.take(DirectBufferPool.MIN_BYTES + 1);
        assertThat(first.capacity()).isEqualTo(2 * DirectBufferPool.MIN_BYTES);
        assertThat(first.isDirect()).as("the file is read straight into it").isTrue();
        pool.give(first);
        assertThat(pool.pooledBytes()).isEqualTo(first.capacity());
        assertThat(pool.take(DirectBufferPool.MIN_BYTES + 100)).isSameAs(first);
        assertThat(pool.pooledBytes()).isZero();
        assertThat(pool.take(10).capacity()).isEqualTo(DirectBufferPool.MIN_BYTES);
    }

    @Test
    void keepsNoMoreThanItsBoundNorChunksOfOtherSizesOrOnTheHeap() {
        DirectBufferPool pool = new DirectBufferPool(DirectBufferPool.MIN_BYTES);
        pool.give(ByteBuffer.allocateDirect(DirectBufferPool.MIN_BYTES));
        pool.give(ByteBuffer.allocateDirect(DirectBufferPool.MIN_BYTES));
        pool.give(ByteBuffer.allocateDirect(1000));
        pool.give(ByteBuffer.allocate(DirectBufferPool.MIN_BYTES));
        pool.give(ByteBuffer.allocateDirect(2 * DirectBufferPool.MAX_POOLED_BYTES));
        assertThat(pool.pooledBytes()).isEqualTo(DirectBufferPool.MIN_BYTES);
        ByteBuffer large = pool.take(DirectBufferPool.MAX_POOLED_BYTES + 1);
        assertThat(large.capacity()).isEqualTo(DirectBufferPool.MAX_POOLED_BYTES + 1);
        assertThat(large.isDirect()).as("rare, and never pooled: left to the garbage collector").isFalse();
    }

    @Test
    void aReadsChunksGoBackTogetherOnce() {
        DirectBufferPool pool = new DirectBufferPool(1L << 30);
        ReadChunks chunks = new ReadChunks(pool);
        ByteBuffer a = chunks.take(1000);
        ByteBuffer b = chunks.take(DirectBufferPool.MAX_POOLED_BYTES);
        assertThat(a.position()).isZero();
        assertThat(a.limit()).isEqualTo(1000);
        a.put(0, (byte) 1);
        b.put(0, (byte) 2);
        assertThat(a.get(0)).as("separate memory").isEqualTo((byte) 1);
        chunks.release();
        assertThat(pool.pooledBytes()).isEqualTo(DirectBufferPool.MIN_BYTES + DirectBufferPool.MAX_POOLED_BYTES);
        assertThatThrownBy(chunks::release).isInstanceOf(IllegalStateException.class);

        ByteBuffer again = new ReadChunks(pool).take(500);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).as("a reused chunk comes with fresh indexes").isEqualTo(500);
    }
}
