package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.expectError;
import static io.riffle.it.Kit.message;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;

/**
 * Issue 12: "you cannot have more than 5 consumers in a CREATING status at the same time" (the
 * RegisterStreamConsumer reference; the text is Riffle's, none was recorded), through the SDK v2
 * (CBOR and JSON runs), on a server whose consumers stay CREATING ({@code consumer-create-delay-ms})
 * while its streams do not; and, through boto3 against the same kind of server, the account-level
 * operations, consumer tags and warm throughput ({@code fidelity_ops_scenario.py}).
 */
class ConsumerCreationLimitIT {

    private static final String ACCOUNT = SdkClients.ACCOUNT;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("consumer-create-delay-ms=3600000");

    @TempDir
    Path tmp;

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    @Test
    void aSixthConsumerCreatingAtOnceIsRefusedUntilOneLeaves() {
        String first = createActive(kinesis(), name("creating"), 1);
        String second = createActive(kinesis(), name("creating"), 1);
        List<String> arns = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String stream = i < 3 ? first : second;
            String consumer = "c" + i;
            arns.add(kinesis().registerStreamConsumer(b -> b.streamARN(SdkClients.streamArn(stream))
                    .consumerName(consumer)).consumer().consumerARN());
        }
        assertThat(kinesis().describeStreamConsumer(b -> b.consumerARN(arns.get(0))).consumerDescription()
                .consumerStatus()).isEqualTo(ConsumerStatus.CREATING);
        LimitExceededException sixth = expectError(LimitExceededException.class, () -> kinesis()
                .registerStreamConsumer(b -> b.streamARN(SdkClients.streamArn(first)).consumerName("c5")));
        assertThat(message(sixth)).isEqualTo("Account " + ACCOUNT + " already has 5 consumers in CREATING status; "
                + "only 5 consumers can be created at the same time.");

        kinesis().deregisterStreamConsumer(b -> b.consumerARN(arns.get(4)));
        assertThat(kinesis().registerStreamConsumer(b -> b.streamARN(SdkClients.streamArn(first)).consumerName("c5"))
                .consumer().consumerStatus()).isEqualTo(ConsumerStatus.CREATING);
        // clean up for the boto3 scenario, which counts on an account with no consumer CREATING
        for (String stream : List.of(first, second)) {
            kinesis().deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
            Kit.awaitGone(kinesis(), stream);
        }
    }

    @Test
    void boto3SeesTheAccountOperationsConsumerTagsAndWarmThroughput() throws Exception {
        Assumptions.assumeTrue(SdkClients.cborEnabled(), "boto3 does not use the Java SDK's wire format: run once");
        try (RiffleServerProcess server = RiffleServerProcess.start("fidelity-ops-boto3",
                "consumer-create-delay-ms=3600000", "on-demand-scale-interval-ms=100", "reshard-delay-ms=100")) {
            PythonScenario.run("fidelity_ops_scenario.py", server.endpoint().toString(),
                    "OK: the boto3 fidelity operations scenario passed", tmp, 120);
        }
    }
}
