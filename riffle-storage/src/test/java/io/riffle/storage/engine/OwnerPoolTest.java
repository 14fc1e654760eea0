package io.riffle.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The owner queues' byte bound: what is admitted, what is answered BUSY, and when bytes count. */
class OwnerPoolTest {

    @Test
    void appendsBeyondTheBoundAreRefusedUnlessTheQueueIsEmptyOrTheLogIsExempt() throws Exception {
        OwnerPool pool = new OwnerPool(1, 100);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(0, () -> {
            blocked.countDown();
            await(release);
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch ran = new CountDownLatch(3);
        Runnable append = ran::countDown;

        // an empty queue takes one batch of any size
        assertThat(pool.executeAppend(0, 150, true, dequeuing(pool, 150, append))).isEqualTo(OwnerPool.Admission.QUEUED);
        assertThat(pool.queuedBytes(0)).isEqualTo(150);
        assertThat(pool.executeAppend(0, 1, true, append)).isEqualTo(OwnerPool.Admission.BUSY);
        assertThat(pool.queuedBytes(0)).as("a refused append counts nothing").isEqualTo(150);
        assertThat(pool.executeAppend(0, 10, false, dequeuing(pool, 10, append))).isEqualTo(OwnerPool.Admission.QUEUED);
        release.countDown();
        pool.drain().get(10, TimeUnit.SECONDS);
        assertThat(ran.getCount()).as("the two queued appends ran, the refused one did not").isEqualTo(1);
        assertThat(pool.queuedBytes(0)).isZero();
        assertThat(pool.executeAppend(0, 60, true, dequeuing(pool, 60, append))).isEqualTo(OwnerPool.Admission.QUEUED);
        pool.drain().get(10, TimeUnit.SECONDS);
        assertThat(ran.getCount()).isZero();
        pool.stop();
        assertThat(pool.executeAppend(0, 1, true, append)).isEqualTo(OwnerPool.Admission.STOPPED);
    }

    private static Runnable dequeuing(OwnerPool pool, long bytes, Runnable then) {
        return () -> {
            pool.dequeued(0, bytes);
            then.run();
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
