package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.riffle.aws.wire.kinesis.DescribeStreamSummaryOutput;
import io.riffle.aws.wire.kinesis.EncryptionType;
import io.riffle.aws.wire.kinesis.EnhancedMetrics;
import io.riffle.aws.wire.kinesis.GetRecordsOutput;
import io.riffle.aws.wire.kinesis.GetShardIteratorInput;
import io.riffle.aws.wire.kinesis.GetShardIteratorOutput;
import io.riffle.aws.wire.kinesis.KinesisOperations;
import io.riffle.aws.wire.kinesis.PutRecordsInput;
import io.riffle.aws.wire.kinesis.PutRecordsOutput;
import io.riffle.aws.wire.kinesis.PutRecordsResultEntry;
import io.riffle.aws.wire.kinesis.Record;
import io.riffle.aws.wire.kinesis.ShardIteratorType;
import io.riffle.aws.wire.kinesis.StreamDescriptionSummary;
import io.riffle.aws.wire.kinesis.StreamMode;
import io.riffle.aws.wire.kinesis.StreamModeDetails;
import io.riffle.aws.wire.kinesis.StreamStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * The AWS SDK v2 as the oracle of the generated Kinesis codec, in CBOR (the SDK's default) and JSON: the
 * SDK's own marshallers write requests that our readers decode, and its unmarshallers read the answers our
 * writers encode (a JDK HTTP server in the test answers with the generated codec).
 */
class KinesisSdkOracleTest {
    private static final WireCodec CODEC = WireCodec.standard();
    private static final String CBOR_ENABLED = "aws.cborEnabled";

    private HttpServer server;
    private KinesisClient client;
    private final AtomicReference<Object> received = new AtomicReference<>();
    private final AtomicReference<Object> answer = new AtomicReference<>();
    private final AtomicReference<WireFormat> receivedFormat = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.stop(0);
        System.clearProperty(CBOR_ENABLED);
    }

    private KinesisClient client(WireFormat format) {
        // the SDK reads the setting as it builds the client
        System.setProperty(CBOR_ENABLED, Boolean.toString(format == WireFormat.CBOR));
        client = KinesisClient.builder()
                .endpointOverride(URI.create("http://localhost:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(ApacheHttpClient.create())
                .build();
        return client;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void serve(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        WireFormat format = contentType.contains("cbor") ? WireFormat.CBOR : WireFormat.JSON;
        receivedFormat.set(format);
        OperationSpec op = KinesisOperations.SERVICE.operation(target.substring(target.indexOf('.') + 1)).orElseThrow();
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.set(CODEC.decode(body, format, op.inputReader()));
        Object out = answer.get();
        byte[] bytes;
        int status = 200;
        if (out instanceof AwsServiceException error) {
            bytes = ErrorEnvelope.encode(CODEC, error, format);
            status = error.status();
        } else {
            bytes = CODEC.encode(format, out, op.outputWriter());
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void putRecordsTheSdkSendsIsReadAndOurAnswerIsUnderstood(WireFormat format) {
        answer.set(PutRecordsOutput.builder().failedRecordCount(1).encryptionType(EncryptionType.NONE).records(List.of(
                PutRecordsResultEntry.builder().shardId("shardId-000000000000").sequenceNumber("4960001").build(),
                PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                        .errorMessage("Rate exceeded for shard").build())).build());

        var response = client(format).putRecords(r -> r.streamName("s").records(
                PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff}))
                        .partitionKey("k1").build(),
                PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(new byte[0])).partitionKey("k2")
                        .explicitHashKey("42").build()));

        assertThat(receivedFormat.get()).isEqualTo(format);
        PutRecordsInput in = (PutRecordsInput) received.get();
        assertThat(in.streamName()).isEqualTo("s");
        assertThat(in.records().get(0).data()).isEqualTo(Blob.copyOf(new byte[] {0, 1, (byte) 0xff}));
        assertThat(in.records().get(1).data().length()).isZero();
        assertThat(in.records().get(1).explicitHashKey()).isEqualTo("42");
        assertThat(response.failedRecordCount()).isEqualTo(1);
        assertThat(response.encryptionType()).isEqualTo(software.amazon.awssdk.services.kinesis.model.EncryptionType.NONE);
        assertThat(response.records().get(0).sequenceNumber()).isEqualTo("4960001");
        assertThat(response.records().get(1).errorCode()).isEqualTo("ProvisionedThroughputExceededException");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void timestampsTravelBothWays(WireFormat format) {
        answer.set(GetShardIteratorOutput.builder().shardIterator("iterator").build());
        Instant at = Instant.ofEpochMilli(1_700_000_000_123L);

        var response = client(format).getShardIterator(r -> r.streamName("s").shardId("shardId-000000000001")
                .shardIteratorType(software.amazon.awssdk.services.kinesis.model.ShardIteratorType.AT_TIMESTAMP)
                .timestamp(at));

        GetShardIteratorInput in = (GetShardIteratorInput) received.get();
        assertThat(in.shardIteratorType()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
        assertThat(in.timestamp()).isEqualTo(at);
        assertThat(response.shardIterator()).isEqualTo("iterator");

        answer.set(GetRecordsOutput.builder().millisBehindLatest(5L).nextShardIterator("next").records(List.of(
                Record.builder().sequenceNumber("1").partitionKey("k").data(Blob.copyOf(new byte[] {7, 8}))
                        .approximateArrivalTimestamp(at).encryptionType(EncryptionType.KMS).build())).build());
        var records = client.getRecords(r -> r.shardIterator("iterator"));
        assertThat(records.records().get(0).approximateArrivalTimestamp()).isEqualTo(at);
        assertThat(records.records().get(0).data().asByteArray()).containsExactly(7, 8);
        assertThat(records.records().get(0).encryptionTypeAsString()).isEqualTo("KMS");
        assertThat(records.millisBehindLatest()).isEqualTo(5L);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void nestedStructuresEnumsAndListsAreUnderstood(WireFormat format) {
        Instant created = Instant.ofEpochMilli(1_600_000_000_000L);
        answer.set(DescribeStreamSummaryOutput.builder().streamDescriptionSummary(StreamDescriptionSummary.builder()
                .streamName("s").streamARN("arn:aws:kinesis:us-east-1:000000000000:stream/s")
                .streamStatus(StreamStatus.ACTIVE).streamModeDetails(StreamModeDetails.builder()
                        .streamMode(StreamMode.ON_DEMAND).build())
                .retentionPeriodHours(24).streamCreationTimestamp(created)
                .enhancedMonitoring(List.of(EnhancedMetrics.builder()
                        .shardLevelMetrics(List.of("IncomingBytes", "ALL")).build()))
                .openShardCount(4).consumerCount(0).build()).build());

        var summary = client(format).describeStreamSummary(r -> r.streamName("s")).streamDescriptionSummary();

        assertThat(summary.streamStatus())
                .isEqualTo(software.amazon.awssdk.services.kinesis.model.StreamStatus.ACTIVE);
        assertThat(summary.streamModeDetails().streamMode())
                .isEqualTo(software.amazon.awssdk.services.kinesis.model.StreamMode.ON_DEMAND);
        assertThat(summary.streamCreationTimestamp()).isEqualTo(created);
        assertThat(summary.enhancedMonitoring().get(0).shardLevelMetrics())
                .containsExactly(MetricsName.INCOMING_BYTES, MetricsName.ALL);
        assertThat(summary.openShardCount()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void errorsInTheRequestsFormatBecomeTheSdksExceptions(WireFormat format) {
        answer.set(new AwsServiceException("ResourceNotFoundException", 400,
                "Stream s under account 000000000000 not found."));

        assertThatThrownBy(() -> client(format).describeStreamSummary(r -> r.streamName("s")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Stream s under account 000000000000 not found.");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }
}
