package io.riffle.cli.put;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatePacerTest {

    @Test
    void unpacedNeverWaitsAndBatchesFully() {
        RatePacer pacer = new RatePacer(0);

        assertThat(pacer.isPaced()).isFalse();
        assertThat(pacer.delayNanos(0, 500)).isZero();
        assertThat(pacer.batchRecords()).isEqualTo(RecordPutter.MAX_RECORDS);
    }

    @Test
    void spacesBatchesByTheirRecordCount() {
        RatePacer pacer = new RatePacer(100); // 10 ms a record

        assertThat(pacer.batchRecords()).isEqualTo(10); // a tenth of a second's worth
        assertThat(pacer.delayNanos(1_000_000_000L, 10)).isZero();
        assertThat(pacer.delayNanos(1_000_000_000L, 10)).isEqualTo(100_000_000L);
        assertThat(pacer.delayNanos(1_150_000_000L, 10)).isEqualTo(50_000_000L);
    }

    @Test
    void idleTimeIsNotSavedUpAsABurst() {
        RatePacer pacer = new RatePacer(10);
        pacer.delayNanos(0, 1);

        assertThat(pacer.delayNanos(60_000_000_000L, 1)).isZero();
        assertThat(pacer.delayNanos(60_000_000_000L, 1)).isEqualTo(100_000_000L);
    }

    @Test
    void aSlowRateSendsOneRecordAtATime() {
        assertThat(new RatePacer(2).batchRecords()).isEqualTo(1);
        assertThat(new RatePacer(1_000_000).batchRecords()).isEqualTo(RecordPutter.MAX_RECORDS);
    }
}
