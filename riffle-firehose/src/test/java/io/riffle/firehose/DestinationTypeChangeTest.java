package io.riffle.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.Blob;
import io.riffle.firehose.control.FirehoseSettings;
import io.riffle.firehose.model.BufferingHints;
import io.riffle.firehose.model.CreateDeliveryStreamInput;
import io.riffle.firehose.model.DescribeDeliveryStreamInput;
import io.riffle.firehose.model.DestinationDescription;
import io.riffle.firehose.model.ExtendedS3DestinationUpdate;
import io.riffle.firehose.model.HttpEndpointBufferingHints;
import io.riffle.firehose.model.HttpEndpointConfiguration;
import io.riffle.firehose.model.HttpEndpointDestinationConfiguration;
import io.riffle.firehose.model.HttpEndpointDestinationUpdate;
import io.riffle.firehose.model.HttpEndpointRetryOptions;
import io.riffle.firehose.model.PutRecordBatchInput;
import io.riffle.firehose.model.Record;
import io.riffle.firehose.model.S3DestinationConfiguration;
import io.riffle.firehose.model.SecretsManagerConfiguration;
import io.riffle.firehose.model.UpdateDestinationInput;
import io.riffle.storage.LogCapture;
import io.riffle.storage.LogStore;
import io.riffle.storage.memory.InMemoryLogStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * UpdateDestination across destination types (Firehose replaces the destination, merging nothing) and an HttpEndpoint
 * whose access key is in Secrets Manager (stored and described; delivery fails clearly, the records are backed up).
 */
class DestinationTypeChangeTest {
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:endpoint-key";

    @RegisterExtension
    final LogCapture logs = LogCapture.ofNames("io.riffle.firehose.delivery.HttpEndpointDelivery")
            .expect(Level.WARN, "did not take");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T07:00:00Z"));
    private LogStore store;
    private Firehose firehose;

    @BeforeEach
    void open() throws IOException {
        store = InMemoryLogStore.open();
        firehose = Firehose.open(store, FirehoseSettings.defaults("us-east-1", "000000000000").withDelays(0, 0),
                clock, new FirehoseDeliveryTest.FlakyStore(dir.resolve("s3")), new MetricsRegistry(), null, null,
                false);
    }

    @AfterEach
    void close() {
        firehose.close();
        store.close();
        assertThat(logs.unexpected()).isEmpty();
    }

    private void createHttpWithSecret(String name, int retrySeconds) {
        firehose.control().create(CreateDeliveryStreamInput.builder().deliveryStreamName(name)
                .httpEndpointDestinationConfiguration(HttpEndpointDestinationConfiguration.builder()
                        .endpointConfiguration(new HttpEndpointConfiguration("https://collector.example/", null, null))
                        .bufferingHints(new HttpEndpointBufferingHints(1, 60))
                        .retryOptions(new HttpEndpointRetryOptions(retrySeconds)).roleARN(ROLE)
                        .secretsManagerConfiguration(new SecretsManagerConfiguration(SECRET, ROLE, true))
                        .s3Configuration(S3DestinationConfiguration.builder().roleARN(ROLE)
                                .bucketARN("arn:aws:s3:::backup").build()).build()).build()).join();
        firehose.fireDueTimers().join();
    }

    private void put(String name, String... records) {
        firehose.records().putRecordBatch(new PutRecordBatchInput(name, Stream.of(records)
                .map(r -> new Record(Blob.wrap(r.getBytes(StandardCharsets.UTF_8)))).toList())).join();
    }

    private DestinationDescription destination(String name) {
        return firehose.control().describe(new DescribeDeliveryStreamInput(name, null, null)).join()
                .deliveryStreamDescription().destinations().get(0);
    }

    private List<Path> files(String bucket) throws IOException {
        Path root = dir.resolve("s3").resolve(bucket);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void anEndpointKeyInSecretsManagerIsStoredAndItsRecordsAreBackedUpWithAClearError() throws IOException {
        createHttpWithSecret("secret", 0);
        assertThat(destination("secret").httpEndpointDestinationDescription().secretsManagerConfiguration())
                .isEqualTo(new SecretsManagerConfiguration(SECRET, ROLE, true));
        put("secret", "r1");
        firehose.flush("secret").join();

        assertThat(files("backup")).singleElement().satisfies(f -> {
            assertThat(dir.resolve("s3/backup").relativize(f).toString()).startsWith("http-endpoint-failed/");
            assertThat(Files.readString(f)).contains("\"errorCode\":\"SecretsManager.ResourceNotFound\"",
                    "which this version of Riffle cannot read");
        });
        assertThat(firehose.registry().get("secret").get().deliveredTo()).isEqualTo(1);
    }

    @Test
    void changingTheTypeReplacesTheDestinationAndTheBufferGoesToTheNewOne() throws IOException {
        createHttpWithSecret("swap", 300);
        put("swap", "a", "b");
        firehose.flush("swap").join(); // planned for the endpoint, which fails: retried for 300 s

        UpdateDestinationInput.Builder toS3 = UpdateDestinationInput.builder().deliveryStreamName("swap")
                .currentDeliveryStreamVersionId("1").destinationId("destinationId-000000000001");
        assertThatThrownBy(() -> firehose.control().updateDestination(toS3.extendedS3DestinationUpdate(
                ExtendedS3DestinationUpdate.builder().prefix("after/").build()).build()).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.type()).isEqualTo("InvalidArgumentException");
                    assertThat(e.getMessage()).isEqualTo("RoleARN and BucketARN are required when UpdateDestination"
                            + " replaces the destination with another type: nothing of the old one is kept.");
                });
        firehose.control().updateDestination(toS3.extendedS3DestinationUpdate(ExtendedS3DestinationUpdate.builder()
                .roleARN(ROLE).bucketARN("arn:aws:s3:::b").prefix("after/").bufferingHints(new BufferingHints(1, 60))
                .build()).build()).join();
        DestinationDescription d = destination("swap");
        assertThat(d.httpEndpointDestinationDescription()).isNull();
        assertThat(d.extendedS3DestinationDescription().prefix()).isEqualTo("after/");

        clock.advanceMs(60_000);
        assertThat(firehose.deliverNow()).isEqualTo(1);
        assertThat(files("b")).singleElement().satisfies(f -> {
            assertThat(dir.resolve("s3/b").relativize(f).toString()).startsWith("after/2026/12/04/07/swap-2-");
            assertThat(Files.readString(f)).isEqualTo("ab");
        });

        firehose.control().updateDestination(UpdateDestinationInput.builder().deliveryStreamName("swap")
                .currentDeliveryStreamVersionId("2").destinationId("destinationId-000000000001")
                .httpEndpointDestinationUpdate(HttpEndpointDestinationUpdate.builder()
                        .endpointConfiguration(new HttpEndpointConfiguration("https://other.example/", null, null))
                        .s3Update(io.riffle.firehose.model.S3DestinationUpdate.builder().roleARN(ROLE)
                                .bucketARN("arn:aws:s3:::backup").build()).build()).build()).join();
        DestinationDescription back = destination("swap");
        assertThat(back.extendedS3DestinationDescription()).isNull();
        assertThat(back.httpEndpointDestinationDescription().endpointConfiguration().url())
                .isEqualTo("https://other.example/");
        assertThat(back.httpEndpointDestinationDescription().secretsManagerConfiguration()).isNull();
    }

    @Test
    void oneUpdateTakesOneDestinationType() {
        createHttpWithSecret("both", 300);
        assertThatThrownBy(() -> firehose.control().updateDestination(UpdateDestinationInput.builder()
                .deliveryStreamName("both").currentDeliveryStreamVersionId("1")
                .destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(ExtendedS3DestinationUpdate.builder().prefix("x/").build())
                .httpEndpointDestinationUpdate(HttpEndpointDestinationUpdate.builder().build()).build()).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(AwsServiceException.class)
                .hasMessageContaining("exactly one destination update");
    }
}
