package io.riffle.bench.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void medianLeavesOutUnknownValues() {
        assertThat(Stats.median(Arrays.asList(Double.NaN, 5.0, null, 7.0, 9.0))).isEqualTo(7.0);
    }

    @Test
    void medianOfNothingIsUnknown() {
        assertThat(Stats.median(List.of())).isNaN();
        assertThat(Stats.median(List.of(Double.NaN))).isNaN();
    }

    @Test
    void minAndMaxIgnoreUnknownValues() {
        assertThat(Stats.min(List.of(3.0, Double.NaN, 1.5))).isEqualTo(1.5);
        assertThat(Stats.max(List.of(3.0, Double.NaN, 1.5))).isEqualTo(3.0);
        assertThat(Stats.max(List.of())).isNaN();
    }

    @Test
    void ratioIsUnknownWhenEitherSideIsOrTheDivisorIsZero() {
        assertThat(Stats.ratio(3, 4)).isEqualTo(0.75);
        assertThat(Stats.ratio(3, 0)).isNaN();
        assertThat(Stats.ratio(Double.NaN, 4)).isNaN();
        assertThat(Stats.ratio(3, Double.NaN)).isNaN();
    }

    @Test
    void cpuSecondsPerGigabyte() {
        // 2 s of CPU for 500 MB moved: 4 s per GB
        assertThat(Stats.cpuSecondsPerGb(2_000_000_000L, 500_000_000L)).isEqualTo(4.0);
        assertThat(Stats.cpuSecondsPerGb(-1, 500_000_000L)).isNaN();
        assertThat(Stats.cpuSecondsPerGb(2_000_000_000L, 0)).isNaN();
    }
}
