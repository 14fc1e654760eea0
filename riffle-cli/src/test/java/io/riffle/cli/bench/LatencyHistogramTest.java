package io.riffle.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsAreExactBelow64AndContiguousAbove() {
        for (long v = 0; v < 64; v++) {
            assertThat(LatencyHistogram.index(v)).isEqualTo((int) v);
            assertThat(LatencyHistogram.value((int) v)).isEqualTo(v);
        }
        int previous = LatencyHistogram.index(63);
        for (long v = 64; v < 1 << 20; v++) {
            int index = LatencyHistogram.index(v);
            assertThat(index).isBetween(previous, previous + 1);
            previous = index;
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void aBucketsValueIsWithinThreePercentOfWhatItHolds() {
        for (long v = 64; v < 10_000_000; v = v * 11 / 10 + 1) {
            long value = LatencyHistogram.value(LatencyHistogram.index(v));
            assertThat((double) value).as("v=%d", v).isCloseTo(v, within(v * 0.032));
        }
    }

    @Test
    void percentilesMatchASortedSample() {
        long seed = 42;
        SplittableRandom random = new SplittableRandom(seed);
        long[] sample = new long[100_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < sample.length; i++) {
            sample[i] = (long) Math.exp(random.nextDouble(2, 12)); // 7 µs .. 160 ms, log-uniform
            histogram.recordMicros(sample[i]);
        }
        Arrays.sort(sample);

        assertThat(histogram.count()).isEqualTo(sample.length);
        for (double p : new double[] {50, 90, 99, 99.9}) {
            long exact = sample[(int) Math.ceil(p / 100 * sample.length) - 1];
            assertThat((double) histogram.percentileMicros(p)).as("p%s, seed %d", p, seed)
                    .isCloseTo(exact, within(exact * 0.032 + 1));
        }
        assertThat((double) histogram.maxMicros()).isCloseTo(sample[sample.length - 1], within(sample[sample.length - 1] * 0.032));
    }

    @Test
    void anEmptyHistogramSaysZero() {
        assertThat(new LatencyHistogram().percentileMicros(99)).isZero();
        assertThat(new LatencyHistogram().maxMicros()).isZero();
    }
}
