package io.riffle.kinesis.data.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exact admits and refusals, with time stepped by hand (nanoseconds). */
class TokenBucketTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long T0 = 123_456_789L; // any origin: only differences matter

    @Test
    void aNewBucketIsFullAndAdmitsExactlyItsCapacityAtOnce() {
        TokenBucket b = TokenBucket.perSecond(1000, T0);
        assertThat(b.capacity()).isEqualTo(1000);
        assertThat(b.available(T0)).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(b.tryTake(1, T0)).as("record %d of the first second's burst", i).isTrue();
        }
        assertThat(b.tryTake(1, T0)).as("the 1001st at the same instant").isFalse();
        assertThat(b.available(T0)).isZero();
    }

    @Test
    void refillsAtItsRateAndNotBeforeAWholeTokenIsDue() {
        TokenBucket b = TokenBucket.perSecond(1000, T0); // one token per ms
        assertThat(b.tryTake(1000, T0)).isTrue();
        assertThat(b.tryTake(1, T0 + MS - 1)).as("999,999 ns: not yet a whole token").isFalse();
        assertThat(b.tryTake(1, T0 + MS)).as("1 ms: one token").isTrue();
        assertThat(b.tryTake(1, T0 + MS)).isFalse();
        assertThat(b.tryTake(5, T0 + 6 * MS)).as("5 ms later: five tokens").isTrue();
        assertThat(b.tryTake(1, T0 + 6 * MS)).isFalse();
    }

    @Test
    void fractionalRefillIsCarriedNeverLost() {
        // 3 tokens per second: one every 333,333,333.3 ns; asked every ns-odd step, the sum must stay exact
        TokenBucket b = TokenBucket.perSecond(3, T0);
        assertThat(b.tryTake(3, T0)).isTrue();
        long t = T0;
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            t += 100_003; // ~0.1 ms steps, not a divisor of anything
            if (b.tryTake(1, t)) {
                admitted++;
            }
        }
        long elapsed = t - T0;
        assertThat(admitted).as("tokens due in %d ns at 3/s", elapsed).isEqualTo((int) (elapsed * 3 / S));
    }

    @Test
    void neverHoldsMoreThanItsCapacityHoweverLongIdle() {
        TokenBucket b = TokenBucket.perSecond(5, T0);
        assertThat(b.tryTake(5, T0)).isTrue();
        assertThat(b.available(T0 + 3600 * S)).isEqualTo(5);
        assertThat(b.tryTake(5, T0 + 3600 * S)).isTrue();
        assertThat(b.tryTake(1, T0 + 3600 * S)).isFalse();
        // and the remainder was dropped at the cap: 199,999,999 ns later nothing is due
        assertThat(b.tryTake(1, T0 + 3600 * S + 200 * MS - 1)).isFalse();
        assertThat(b.tryTake(1, T0 + 3600 * S + 200 * MS)).isTrue();
    }

    @Test
    void aRefusalTakesNothing() {
        TokenBucket b = TokenBucket.perSecond(10, T0);
        assertThat(b.tryTake(7, T0)).isTrue();
        assertThat(b.tryTake(4, T0)).isFalse();
        assertThat(b.available(T0)).isEqualTo(3);
        assertThat(b.tryTake(3, T0)).isTrue();
    }

    @Test
    void aRequestLargerThanTheCapacityIsAdmittedOnlyFromAFullBucketIntoDebt() {
        TokenBucket b = TokenBucket.perSecond(1000, T0);
        assertThat(b.tryTake(2500, T0)).as("full: admitted into debt").isTrue();
        assertThat(b.available(T0)).isEqualTo(-1500);
        assertThat(b.tryTake(1, T0 + 1500 * MS)).as("debt paid, nothing left").isFalse();
        assertThat(b.available(T0 + 1500 * MS)).isZero();
        assertThat(b.tryTake(2500, T0 + 2499 * MS)).as("999 of 1000: not full, so not admitted").isFalse();
        assertThat(b.tryTake(2500, T0 + 2500 * MS)).as("full again").isTrue();
    }

    @Test
    void aRecordAsLargeAsTheLimitNeverStarves() {
        // 1 MiB records against 1 MiB/s: one per second, forever
        long mib = 1 << 20;
        TokenBucket b = TokenBucket.perSecond(mib, T0);
        for (int second = 0; second < 10; second++) {
            long t = T0 + second * S;
            assertThat(b.tryTake(mib, t)).as("second %d", second).isTrue();
            assertThat(b.tryTake(1, t)).isFalse();
        }
    }

    @Test
    void takeChargesAfterTheFactIntoDebt() {
        TokenBucket b = TokenBucket.perSecond(2 * 1024 * 1024, T0);
        b.take(10 * 1024 * 1024, T0); // a 10 MiB GetRecords against 2 MiB/s
        assertThat(b.available(T0)).isEqualTo(-8 * 1024 * 1024);
        assertThat(b.available(T0 + 4 * S - 1)).isNegative();
        assertThat(b.available(T0 + 4 * S)).isZero();
        assertThat(b.isFull(T0 + 5 * S)).isTrue();
    }

    @Test
    void canTakeAnswersWithoutTaking() {
        TokenBucket b = TokenBucket.perSecond(3, T0);
        assertThat(b.canTake(3, T0)).isTrue();
        assertThat(b.canTake(3, T0)).isTrue();
        assertThat(b.canTake(100, T0)).as("full: anything").isTrue();
        assertThat(b.tryTake(1, T0)).isTrue();
        assertThat(b.canTake(3, T0)).isFalse();
        assertThat(b.canTake(2, T0)).isTrue();
        assertThat(b.canTake(0, T0)).isTrue();
    }

    @Test
    void aClockThatStepsBackGivesNothingAndLosesNothing() {
        TokenBucket b = TokenBucket.perSecond(1000, T0);
        assertThat(b.tryTake(1000, T0 + 10 * MS)).isTrue();
        assertThat(b.tryTake(1, T0)).as("earlier than the last refill").isFalse();
        assertThat(b.tryTake(1, T0 + 11 * MS)).as("1 ms after the last refill").isTrue();
        assertThat(b.tryTake(1, T0 + 11 * MS)).isFalse();
    }

    @Test
    void largestRateRefillsWithoutOverflow() {
        long max = TokenBucket.MAX_RATE_PER_SECOND;
        TokenBucket b = TokenBucket.perSecond(max, T0);
        assertThat(b.tryTake(max, T0)).isTrue();
        assertThat(b.available(T0 + S / 2)).isEqualTo(max / 2);
        assertThat(b.available(T0 + S - 1)).isEqualTo(max - 9); // 2^33 * (1 - 1e-9) = 2^33 - 8.59
        assertThat(b.isFull(T0 + S)).isTrue();
        b.take(max, T0 + S);
        assertThat(b.isFull(T0 + S + Long.MAX_VALUE / 2)).as("idle for ~146 years").isTrue();
    }

    @Test
    void randomStepsAdmitNoMoreThanCapacityPlusRateTimesElapsed() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < 200; run++) {
            long rate = 1 + random.nextLong(5000);
            TokenBucket b = TokenBucket.perSecond(rate, T0);
            long t = T0;
            long admitted = 0;
            long lastAdmitAt = T0;
            for (int step = 0; step < 2000; step++) {
                t += random.nextLong(3 * MS);
                long n = 1 + random.nextLong(Math.max(1, rate / 10));
                if (b.tryTake(n, t)) {
                    admitted += n;
                    lastAdmitAt = t;
                }
                // everything admitted fits in the capacity plus what flowed in since the start
                assertThat(admitted).as("seed %d, run %d, step %d", seed, run, step)
                        .isLessThanOrEqualTo(rate + (lastAdmitAt - T0) * rate / S);
                assertThat(b.available(t)).as("seed %d", seed).isBetween(0L, rate);
            }
            // and a greedy taker is never refused while the bucket holds enough
            long had = b.available(t);
            if (had > 0) {
                assertThat(b.tryTake(had, t)).as("seed %d: taking exactly what is held", seed).isTrue();
            }
        }
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenBucket.perSecond(TokenBucket.MAX_RATE_PER_SECOND + 1, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
