package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.expectError;
import static io.riffle.it.Kit.message;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentInputStatus;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.UpdateStreamWarmThroughputResponse;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * Issue 12: UpdateStreamWarmThroughput through the SDK v2 (CBOR and JSON runs). Only an ON_DEMAND
 * stream in an account whose MinimumThroughputBillingCommitment is enabled takes it (the API
 * reference); the stream is UPDATING for the reshard delay, DescribeStreamSummary reports
 * WarmThroughput, and the on-demand scaler splits the stream up to one shard per MiB/s with no
 * load at all. The error types are the model's (ValidationException for the capacity-mode
 * mismatch, LimitExceededException past 10 GiB/s); their texts are Riffle's (none was recorded).
 * The account setting is the server's own, so this class has its own server.
 */
class WarmThroughputIT {

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("on-demand-scale-interval-ms=100",
            "reshard-delay-ms=200");

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    private StreamDescriptionSummary summary(String stream) {
        return kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
    }

    private void commitment(MinimumThroughputBillingCommitmentInputStatus status) {
        kinesis().updateAccountSettings(b -> b.minimumThroughputBillingCommitment(c -> c.status(status)));
    }

    @Test
    void anOnDemandStreamScalesUpToItsWarmThroughputWithoutLoad() {
        String provisioned = createActive(kinesis(), name("warm-prov"), 1);
        String onDemand = name("warm");
        kinesis().createStream(b -> b.streamName(onDemand).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        Kit.awaitActive(kinesis(), onDemand);

        assertThat(message(expectError(ValidationException.class, () -> kinesis().updateStreamWarmThroughput(b -> b
                .streamName(onDemand).warmThroughputMiBps(8))))).contains("MinimumThroughputBillingCommitment");
        assertThat(summary(onDemand).warmThroughput()).as("shown only with the commitment enabled").isNull();

        commitment(MinimumThroughputBillingCommitmentInputStatus.ENABLED);
        assertThat(message(expectError(ValidationException.class, () -> kinesis().updateStreamWarmThroughput(b -> b
                .streamName(provisioned).warmThroughputMiBps(8))))).contains("PROVISIONED");
        assertThat(message(expectError(LimitExceededException.class, () -> kinesis().updateStreamWarmThroughput(b -> b
                .streamName(onDemand).warmThroughputMiBps(10_241))))).contains("10240 MiBps");
        assertThat(summary(provisioned).warmThroughput()).isNull();
        assertThat(summary(onDemand).warmThroughput().currentMiBps()).isEqualTo(4);

        UpdateStreamWarmThroughputResponse set = kinesis().updateStreamWarmThroughput(b -> b
                .streamARN(SdkClients.streamArn(onDemand)).warmThroughputMiBps(8));
        assertThat(set.streamName()).isEqualTo(onDemand);
        assertThat(set.warmThroughput().targetMiBps()).isEqualTo(8);
        assertThat(set.warmThroughput().currentMiBps()).isEqualTo(4);
        assertThat(summary(onDemand).streamStatus()).isEqualTo(StreamStatus.UPDATING);

        Kit.await(Duration.ofSeconds(30), onDemand + " to scale to 8 open shards", () -> {
            StreamDescriptionSummary s = summary(onDemand);
            return s.streamStatus() == StreamStatus.ACTIVE && s.openShardCount() == 8;
        });
        assertThat(summary(onDemand).warmThroughput().targetMiBps()).isEqualTo(8);
        assertThat(summary(onDemand).warmThroughput().currentMiBps()).isEqualTo(8);
    }
}
