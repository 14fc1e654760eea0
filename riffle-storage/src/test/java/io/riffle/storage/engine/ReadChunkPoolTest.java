package io.riffle.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReadChunkPoolTest {

    @Test
    void roundsUpToAPowerOfTwoAndReusesWhatWasGivenBack() {
        ReadChunkPool pool = new ReadChunkPool(1L << 30);
        byte[] first = pool.take(SegmentReads.MIN_CHUNK_BYTES + 1);
        assertThat(first).hasSize(2 * SegmentReads.MIN_CHUNK_BYTES);
        pool.give(first);
        assertThat(pool.pooledBytes()).isEqualTo(first.length);
        assertThat(pool.take(SegmentReads.MIN_CHUNK_BYTES + 100)).isSameAs(first);
        assertThat(pool.pooledBytes()).isZero();
        assertThat(pool.take(10)).hasSize(SegmentReads.MIN_CHUNK_BYTES);
    }

    @Test
    void keepsNoMoreThanItsBoundNorArraysOfOtherSizes() {
        ReadChunkPool pool = new ReadChunkPool(SegmentReads.MIN_CHUNK_BYTES);
        pool.give(new byte[SegmentReads.MIN_CHUNK_BYTES]);
        pool.give(new byte[SegmentReads.MIN_CHUNK_BYTES]);
        pool.give(new byte[1000]);
        pool.give(new byte[2 * SegmentReads.MAX_POOLED_CHUNK_BYTES]);
        assertThat(pool.pooledBytes()).isEqualTo(SegmentReads.MIN_CHUNK_BYTES);
        assertThat(pool.take(SegmentReads.MAX_POOLED_CHUNK_BYTES + 1)).hasSize(SegmentReads.MAX_POOLED_CHUNK_BYTES + 1);
    }

    @Test
    void aReadsChunksGoBackTogetherOnce() {
        ReadChunkPool pool = new ReadChunkPool(1L << 30);
        ReadChunks chunks = new ReadChunks(pool);
        ByteBuffer a = chunks.take(1000);
        ByteBuffer b = chunks.take(SegmentReads.MAX_POOLED_CHUNK_BYTES);
        assertThat(a.position()).isZero();
        assertThat(a.limit()).isEqualTo(1000);
        assertThat(b.array()).isNotSameAs(a.array());
        chunks.release();
        assertThat(pool.pooledBytes()).isEqualTo(SegmentReads.MIN_CHUNK_BYTES + SegmentReads.MAX_POOLED_CHUNK_BYTES);
        assertThatThrownBy(chunks::release).isInstanceOf(IllegalStateException.class);
    }
}
