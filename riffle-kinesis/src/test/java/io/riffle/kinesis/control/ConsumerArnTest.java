package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerArnTest {

    @Test
    void formatsInKinesisFormatAndParsesBack() {
        ConsumerArn arn = new ConsumerArn("orders", "billing.v2_x-1", 1_700_000_123L);
        String text = arn.format("eu-west-1", "123456789012");

        assertThat(text).isEqualTo("arn:aws:kinesis:eu-west-1:123456789012:stream/orders/consumer/billing.v2_x-1:1700000123");
        assertThat(ConsumerArn.parse(text, "eu-west-1", "123456789012")).isEqualTo(arn);
    }

    @Test
    void refusesOtherRegionsAccountsAndWhatIsNotAConsumerArn() {
        String ours = "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:17";
        assertThat(ConsumerArn.parse(ours, "us-east-1", "000000000000")).isEqualTo(new ConsumerArn("s", "c", 17));
        assertThat(ConsumerArn.parse(ours, "eu-west-1", "000000000000")).isNull();
        assertThat(ConsumerArn.parse(ours, "us-east-1", "111111111111")).isNull();
        for (String bad : new String[] {
            null,
            "arn:aws:kinesis:us-east-1:000000000000:stream/s",
            "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c",
            "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:",
            "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/:17",
            "arn:aws:kinesis:us-east-1:000000000000:stream//consumer/c:17",
            "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1x",
            "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c/d:17",
            "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:99999999999999999999",
        }) {
            assertThat(ConsumerArn.parse(bad, "us-east-1", "000000000000")).as("%s", bad).isNull();
        }
    }
}
