package io.riffle.kinesis.data.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/** The per-shard budgets through the limiter, with a hand-stepped clock. */
class ThroughputLimiterTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final int MIB = 1 << 20;

    private final AtomicLong clock = new AtomicLong(42 * S);
    private final ThroughputLimiter limiter = ThroughputLimiter.enforcing(ShardLimits.KINESIS, clock::get);

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    @Test
    void writesAreHeldTo1000RecordsPerSecondPerShard() {
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.admitWrite(7, 0, 1, 10)).as("record %d", i).isTrue();
        }
        assertThat(limiter.admitWrite(7, 0, 1, 10)).isFalse();
        assertThat(limiter.admitWrite(7, 1, 1, 10)).as("another shard has its own budget").isTrue();
        assertThat(limiter.admitWrite(8, 0, 1, 10)).as("another stream incarnation too").isTrue();
        advance(100 * MS);
        int admitted = 0;
        while (limiter.admitWrite(7, 0, 1, 10)) {
            admitted++;
        }
        assertThat(admitted).as("100 ms later").isEqualTo(100);
    }

    @Test
    void writesAreHeldTo1MiBPerSecondPerShard() {
        assertThat(limiter.admitWrite(1, 0, 1, 512 * 1024)).isTrue();
        assertThat(limiter.admitWrite(1, 0, 1, 512 * 1024)).isTrue();
        assertThat(limiter.admitWrite(1, 0, 1, 1)).isFalse();
        advance(500 * MS);
        assertThat(limiter.admitWrite(1, 0, 1, 512 * 1024 + 1)).as("half a second buys 512 KiB, not a byte more").isFalse();
        assertThat(limiter.admitWrite(1, 0, 1, 512 * 1024)).isTrue();
    }

    @Test
    void aRefusedWriteChargesNeitherBudget() {
        // records would fit, bytes do not: the records must not be spent
        assertThat(limiter.admitWrite(1, 0, 1, MIB)).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.admitWrite(1, 0, 1, 1)).isFalse();
        }
        advance(S);
        // a full second later both budgets are full: 1000 records go in (the 10 refusals cost nothing)
        int admitted = 0;
        while (limiter.admitWrite(1, 0, 1, 1)) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(1000);
    }

    @Test
    void aBatchIsJudgedWhole() {
        assertThat(limiter.admitWrite(1, 0, 600, 600)).isTrue();
        assertThat(limiter.admitWrite(1, 0, 500, 500)).as("500 more than the 400 left").isFalse();
        assertThat(limiter.admitWrite(1, 0, 400, 400)).isTrue();
    }

    @Test
    void getRecordsIsHeldTo5CallsPerSecond() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admitReadCall(3, 2)).as("call %d", i).isTrue();
        }
        assertThat(limiter.admitReadCall(3, 2)).isFalse();
        advance(200 * MS - 1);
        assertThat(limiter.admitReadCall(3, 2)).isFalse();
        advance(1);
        assertThat(limiter.admitReadCall(3, 2)).as("one call every 200 ms").isTrue();
        assertThat(limiter.admitReadCall(3, 2)).isFalse();
    }

    @Test
    void aReadBeyondTheByteBudgetThrottlesTheCallsAfterIt() {
        // a full shard: a 10 MiB GetRecords against 2 MiB/s leaves 8 MiB to pay back, 4 s
        assertThat(limiter.admitReadCall(1, 0)).isTrue();
        limiter.chargeRead(1, 0, 10L * MIB);
        for (int ms = 200; ms < 4000; ms += 200) {
            clock.set(42 * S + ms * MS);
            assertThat(limiter.admitReadCall(1, 0)).as("%d ms after the 10 MiB read", ms).isFalse();
        }
        clock.set(42 * S + 4000 * MS + 1000); // paid back and 2 bytes to spare
        assertThat(limiter.admitReadCall(1, 0)).isTrue();
    }

    @Test
    void readsAtTheByteLimitKeepFlowing() {
        // five calls a second returning 400 KiB each: 2,000 KiB/s, under 2 MiB/s
        for (int second = 0; second < 10; second++) {
            for (int call = 0; call < 5; call++) {
                assertThat(limiter.admitReadCall(1, 0)).as("second %d call %d", second, call).isTrue();
                limiter.chargeRead(1, 0, 400 * 1024);
                advance(200 * MS);
            }
        }
    }

    @Test
    void writesAndReadsDoNotShareBudgets() {
        assertThat(limiter.admitWrite(1, 0, 1000, MIB)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admitReadCall(1, 0)).isTrue();
        }
        assertThat(limiter.admitWrite(1, 0, 1, 1)).isFalse();
        assertThat(limiter.admitReadCall(1, 0)).isFalse();
    }

    @Test
    void aDisabledLimiterAdmitsEverything() {
        ThroughputLimiter off = ThroughputLimiter.disabled();
        assertThat(off.isEnabled()).isFalse();
        for (int i = 0; i < 100_000; i++) {
            assertThat(off.admitWrite(1, 0, 500, 10L * MIB)).isTrue();
            assertThat(off.admitReadCall(1, 0)).isTrue();
            off.chargeRead(1, 0, 10L * MIB);
        }
        assertThat(off.trackedShards()).isZero();
    }

    @Test
    void idleShardsAreForgottenAndComeBackFull() {
        for (int shard = 0; shard < 100; shard++) {
            assertThat(limiter.admitWrite(9, shard, 1000, 1)).isTrue();
        }
        assertThat(limiter.trackedShards()).isEqualTo(100);
        advance(ThroughputLimiter.SWEEP_INTERVAL_NANOS - 1);
        assertThat(limiter.admitWrite(9, 0, 1, 1)).isTrue(); // no sweep yet
        assertThat(limiter.trackedShards()).isEqualTo(100);
        advance(1);
        assertThat(limiter.admitWrite(9, 1, 1000, 1)).as("the sweep runs first; shard 1 was full").isTrue();
        assertThat(limiter.trackedShards()).as("shard 0 (1 record taken < 1 s ago) and shard 1 stay").isEqualTo(2);
        assertThat(limiter.admitWrite(9, 1, 1, 1)).isFalse();
        assertThat(limiter.admitWrite(9, 50, 1000, 1)).as("a forgotten shard starts full, as a new one").isTrue();
    }

    @Test
    void concurrentWritersNeverGetMoreThanTheBudget() throws Exception {
        // frozen clock: exactly the 1000-record burst is admitted however the threads interleave
        int threads = 4;
        AtomicLongArray admitted = new AtomicLongArray(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 5000; i++) {
                    if (limiter.admitWrite(5, 0, 1, 100)) {
                        admitted.incrementAndGet(me);
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            total += admitted.get(t);
        }
        assertThat(total).isEqualTo(1000);
    }

    @Test
    void keysKeepIncarnationAndShardApart() {
        assertThat(ThroughputLimiter.key(1, 0)).isNotEqualTo(ThroughputLimiter.key(0, 1));
        assertThat(ThroughputLimiter.key((1L << 32) - 1, (1 << 24) - 1))
                .isEqualTo(((1L << 32) - 1) << 32 | ((1 << 24) - 1));
    }
}
