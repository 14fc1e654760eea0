package io.riffle.firehose.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlPlaneLimitsTest {

    @Test
    void eachOperationHasItsOwnSecondOfCallsRefilledOverTime() {
        ControlPlaneLimits limits = new ControlPlaneLimits(5);
        for (int i = 0; i < 5; i++) {
            assertThat(limits.admit("DescribeDeliveryStream", 1_000)).as("call %d", i).isTrue();
        }
        assertThat(limits.admit("DescribeDeliveryStream", 1_000)).as("the sixth in the same second").isFalse();
        assertThat(limits.admit("ListDeliveryStreams", 1_000)).as("another operation").isTrue();
        assertThat(limits.admit("DescribeDeliveryStream", 1_199)).as("0.995 of a token").isFalse();
        assertThat(limits.admit("DescribeDeliveryStream", 1_200)).as("one token back after 200 ms").isTrue();
        assertThat(limits.admit("DescribeDeliveryStream", 1_200)).isFalse();
        assertThat(limits.admit("DescribeDeliveryStream", 60_000)).as("full again, never more than 5").isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(limits.admit("DescribeDeliveryStream", 60_000)).isTrue();
        }
        assertThat(limits.admit("DescribeDeliveryStream", 60_000)).isFalse();
        assertThat(limits.refusal("DescribeDeliveryStream"))
                .isEqualTo("Rate exceeded for DescribeDeliveryStream: at most 5 calls per second.");
    }

    @Test
    void dataCallsAndAnUnlimitedSettingAreNeverRefused() {
        ControlPlaneLimits limits = new ControlPlaneLimits(1);
        ControlPlaneLimits unlimited = new ControlPlaneLimits(0);
        for (int i = 0; i < 100; i++) {
            assertThat(limits.admit("PutRecordBatch", 0)).isTrue();
            assertThat(unlimited.admit("CreateDeliveryStream", 0)).isTrue();
        }
    }
}
