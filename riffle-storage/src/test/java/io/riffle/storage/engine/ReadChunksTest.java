package io.riffle.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.storage.DirectBufferPool;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReadChunksTest {

    @Test
    void aReadsChunksGoBackTogetherOnce() {
        DirectBufferPool pool = new DirectBufferPool(1L << 30, 4 * 1024 * 1024);
        ReadChunks chunks = new ReadChunks(pool, false);
        ByteBuffer a = chunks.take(1000);
        ByteBuffer b = chunks.take(SegmentReads.MAX_CHUNK_BYTES);
        assertThat(a.position()).isZero();
        assertThat(a.limit()).isEqualTo(1000);
        a.put(0, (byte) 1);
        b.put(0, (byte) 2);
        assertThat(a.get(0)).as("separate memory").isEqualTo((byte) 1);
        chunks.release();
        assertThat(pool.pooledBytes()).isEqualTo(DirectBufferPool.MIN_BYTES + SegmentReads.MAX_CHUNK_BYTES);
        assertThatThrownBy(chunks::release).isInstanceOf(IllegalStateException.class);

        ByteBuffer again = new ReadChunks(pool, false).take(500);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).as("a reused chunk comes with fresh indexes").isEqualTo(500);
    }
}
