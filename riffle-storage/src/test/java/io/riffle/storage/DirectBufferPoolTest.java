package io.riffle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectBufferPoolTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void roundsUpToItsClassInDirectMemoryAndReusesWhatWasGivenBack() {
        DirectBufferPool pool = new DirectBufferPool(1L << 30, 4 * MIB);
        ByteBuffer first = pool.take(DirectBufferPool.MIN_BYTES + 1);
        assertThat(first.capacity()).isEqualTo(2 * DirectBufferPool.MIN_BYTES);
        assertThat(first.isDirect()).as("a file or socket moves it without a copy by the JDK").isTrue();
        pool.give(first);
        assertThat(pool.pooledBytes()).isEqualTo(first.capacity());
        assertThat(pool.take(DirectBufferPool.MIN_BYTES + 100)).isSameAs(first);
        assertThat(pool.pooledBytes()).isZero();
        assertThat(pool.take(10).capacity()).isEqualTo(DirectBufferPool.MIN_BYTES);
    }

    @Test
    void classesArePowersOfTwoUpToOneMebibyteAndWholeMebibytesAbove() {
        assertThat(DirectBufferPool.classSize(1)).isEqualTo(DirectBufferPool.MIN_BYTES);
        assertThat(DirectBufferPool.classSize(DirectBufferPool.MIN_BYTES)).isEqualTo(DirectBufferPool.MIN_BYTES);
        assertThat(DirectBufferPool.classSize(300 * 1024)).isEqualTo(512 * 1024);
        assertThat(DirectBufferPool.classSize(MIB)).isEqualTo(MIB);
        assertThat(DirectBufferPool.classSize(MIB + 1)).isEqualTo(2 * MIB);
        assertThat(DirectBufferPool.classSize(10 * MIB + MIB / 2)).as("not 16 MiB").isEqualTo(11 * MIB);

        DirectBufferPool pool = new DirectBufferPool(1L << 30, 12 * MIB);
        ByteBuffer answer = pool.take(10 * MIB + 5);
        assertThat(answer.capacity()).isEqualTo(11 * MIB);
        pool.give(answer);
        assertThat(pool.take(11 * MIB)).as("the same class").isSameAs(answer);
        pool.give(answer);
        assertThat(pool.take(10 * MIB)).as("a smaller class has its own list").isNotSameAs(answer);
    }

    @Test
    void keepsNoMoreThanItsBoundNorBuffersOfOtherSizesOrOnTheHeap() {
        DirectBufferPool pool = new DirectBufferPool(DirectBufferPool.MIN_BYTES, MIB);
        pool.give(ByteBuffer.allocateDirect(DirectBufferPool.MIN_BYTES));
        pool.give(ByteBuffer.allocateDirect(DirectBufferPool.MIN_BYTES));
        pool.give(ByteBuffer.allocateDirect(1000));
        pool.give(ByteBuffer.allocateDirect(3 * DirectBufferPool.MIN_BYTES));
        pool.give(ByteBuffer.allocate(DirectBufferPool.MIN_BYTES));
        pool.give(ByteBuffer.allocateDirect(2 * MIB));
        assertThat(pool.pooledBytes()).isEqualTo(DirectBufferPool.MIN_BYTES);
        ByteBuffer large = pool.take(MIB + 1);
        assertThat(large.capacity()).isEqualTo(MIB + 1);
        assertThat(large.isDirect()).as("rare, and never pooled: left to the garbage collector").isFalse();
    }

    @Test
    void aPoolThatCanFreeMakesRoomForTheSizeInUseByFreeingColdBuffersOfOtherSizes() {
        List<ByteBuffer> freed = new ArrayList<>();
        DirectBufferPool pool = new DirectBufferPool(4 * MIB, 4 * MIB, freed::add);
        ByteBuffer large = pool.take(3 * MIB);
        ByteBuffer small = pool.take(MIB);
        ByteBuffer other = pool.take(MIB);
        pool.give(large);
        pool.give(small);
        assertThat(pool.pooledBytes()).isEqualTo(4 * MIB);
        assertThat(freed).isEmpty();

        pool.give(other);
        assertThat(freed).as("the idle 3 MiB buffer made room for the 1 MiB one coming back").containsExactly(large);
        assertThat(pool.pooledBytes()).isEqualTo(2 * MIB);
        assertThat(List.of(pool.take(MIB), pool.take(MIB))).containsExactlyInAnyOrder(small, other);

        pool.give(small);
        pool.give(other);
        ByteBuffer sameSize = pool.take(MIB); // one of them, warmest first
        for (int i = 0; i < 4; i++) {
            pool.give(ByteBuffer.allocateDirect(MIB));
        }
        assertThat(freed).as("no other size to free: the returning buffer goes").hasSize(2);
        assertThat(pool.pooledBytes()).isEqualTo(4 * MIB);
        pool.give(ByteBuffer.allocateDirect(MIB + 1));
        assertThat(freed).as("not a pooled size").hasSize(3);
        assertThat(sameSize.capacity()).isEqualTo(MIB);
    }

    @Test
    void theLargestBufferIsAWholeNumberOfMebibytes() {
        assertThatThrownBy(() -> new DirectBufferPool(MIB, MIB + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectBufferPool(MIB, 512 * 1024)).isInstanceOf(IllegalArgumentException.class);
    }
}
