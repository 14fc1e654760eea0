package io.riffle.firehose.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PutLimitsTest {

    @Test
    void aCallTakesOneRequestThenItsRecordsInOrderWhileRecordsAndBytesLast() {
        PutLimits limits = new PutLimits(new PutLimits.Rates(5, 100, 1_000));
        assertThat(limits.admit("s", 0, new int[] {100, 100, 100})).isEqualTo(3);
        assertThat(limits.admit("s", 0, new int[] {100, 100, 100})).isEqualTo(2); // 5 records a second
        assertThat(limits.admit("s", 0, new int[] {1})).isZero();
        assertThat(limits.admit("other", 0, new int[] {600, 600})).isEqualTo(1); // 1,000 bytes a second
    }

    @Test
    void bucketsRefillContinuouslyUpToOneSecondsWorth() {
        PutLimits limits = new PutLimits(new PutLimits.Rates(10, 0, 0));
        assertThat(limits.admit("s", 0, new int[10])).isEqualTo(10);
        assertThat(limits.admit("s", 499, new int[10])).isEqualTo(4); // 4.99 records back
        assertThat(limits.admit("s", 100_000, new int[20])).isEqualTo(10); // never more than a second's worth
    }

    @Test
    void requestsAreCountedEvenWhenTheirRecordsAreRefused() {
        PutLimits limits = new PutLimits(new PutLimits.Rates(0, 2, 0));
        assertThat(limits.admit("s", 0, new int[] {1})).isEqualTo(1);
        assertThat(limits.admit("s", 0, new int[] {1, 1})).isEqualTo(2);
        assertThat(limits.admit("s", 0, new int[] {1})).isZero();
        assertThat(limits.admit("s", 500, new int[] {1})).isEqualTo(1);
    }

    @Test
    void firehosesDefaultQuotaDependsOnTheRegion() {
        assertThat(PutLimits.Rates.firehoseDefaults("us-east-1")).isEqualTo(new PutLimits.Rates(500_000, 2_000, 5L << 20));
        assertThat(PutLimits.Rates.firehoseDefaults("eu-central-1")).isEqualTo(new PutLimits.Rates(100_000, 1_000, 1L << 20));
    }
}
