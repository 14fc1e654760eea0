package io.riffle.bench.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceOrderTest {
    @Test
    void aLongerDecimalIsLarger() {
        assertThat(SequenceOrder.isAfter("100", "99")).isTrue();
        assertThat(SequenceOrder.isAfter("99", "100")).isFalse();
    }

    @Test
    void equalLengthsCompareAsText() {
        assertThat(SequenceOrder.isAfter("49590338271490256608559692538361571095921575989136588898",
                "49590338271490256608559692538361571095921575989136588897")).isTrue();
        assertThat(SequenceOrder.isAfter("123", "123")).isFalse();
        assertThat(SequenceOrder.isAfter("122", "123")).isFalse();
    }
}
