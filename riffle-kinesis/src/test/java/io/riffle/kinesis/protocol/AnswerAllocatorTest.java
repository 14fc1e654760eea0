package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.riffle.storage.DirectBufferPool;
import org.junit.jupiter.api.Test;

class AnswerAllocatorTest {
    private static final int LARGE = 3 * DirectBufferPool.MIN_BYTES;

    @Test
    void aLargeBodyOfKnownSizeReusesTheMemoryOfOneReleasedBefore() {
        ByteBuf first = AnswerAllocator.INSTANCE.buffer(LARGE, LARGE);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).as("exactly the body, though the pool's buffer is larger").isEqualTo(LARGE);
        assertThat(first.maxCapacity()).isEqualTo(LARGE);
        first.setLong(LARGE - 8, 0x5EED_CAFE_F00DL);
        assertThat(first.release()).isTrue();

        ByteBuf second = AnswerAllocator.INSTANCE.buffer(LARGE, LARGE);
        assertThat(second.getLong(LARGE - 8)).as("the same memory, not a fresh zeroed buffer")
                .isEqualTo(0x5EED_CAFE_F00DL);
        assertThat(second.writerIndex()).isZero();
        second.writeZero(LARGE);
        assertThat(second.release()).isTrue();
    }

    @Test
    void smallOrGrowableBuffersAreTheDefaultAllocators() {
        ByteBuf small = AnswerAllocator.INSTANCE.buffer(1000, 1000);
        ByteBuf growable = AnswerAllocator.INSTANCE.buffer(LARGE);
        try {
            assertThat(small.alloc()).isNotSameAs(AnswerAllocator.INSTANCE);
            assertThat(growable.alloc()).isNotSameAs(AnswerAllocator.INSTANCE);
            assertThat(growable.maxCapacity()).isGreaterThan(LARGE);
        } finally {
            small.release();
            growable.release();
        }
    }
}
