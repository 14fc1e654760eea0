package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.S3BackupMode;
import software.amazon.awssdk.services.firehose.model.S3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Firehose's Lambda processor and AppendDelimiterToRecord against a real Riffle process, functions run by the test
 * behind the Lambda invoke contract (the server's one invoker, {@code function.<name>.url}) and s3proxy: Ok records
 * transformed and delimited, Dropped ones left out, ProcessingFailed, missing record ids and function errors (after
 * NumberOfRetries) written under {@code processing-failed/} in Firehose's error record format; the source record
 * backup (S3BackupMode Enabled) and the processing metrics.
 */
class FirehoseTransformIT {
    static final S3ProxyServer S3 = S3ProxyServer.start();
    static final FunctionRecorder TRANSFORM = new FunctionRecorder();
    static final FunctionRecorder BROKEN = new FunctionRecorder();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(FirehoseTesting.serverSettings(S3,
            "function.transform.url=" + TRANSFORM.invokeUrl(), "function.broken.url=" + BROKEN.invokeUrl()));

    private static final Duration WAIT = FirehoseTesting.WAIT;
    private static final String ROLE = FirehoseTesting.ROLE;
    private static final String TRANSFORM_ARN = "arn:aws:lambda:us-east-1:000000000000:function:transform";
    private static final String BROKEN_ARN = "arn:aws:lambda:us-east-1:000000000000:function:broken";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3 = S3.client();
    private final List<FirehoseClient> clients = new ArrayList<>();

    @AfterAll
    static void stopAll() {
        S3.close();
        TRANSFORM.close();
        BROKEN.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(FirehoseClient::close);
    }

    private FirehoseClient firehose() {
        FirehoseClient client = FirehoseTesting.client(riffle.endpoint());
        clients.add(client);
        return client;
    }

    @Test
    void okRecordsAreTransformedDroppedOnesLeftOutAndFailuresWrittenAsFirehosesErrorRecords() {
        TRANSFORM.answer(event -> {
            StringBuilder out = new StringBuilder("{\"records\":[");
            boolean isFirst = true;
            for (JsonNode r : event.path("records")) {
                String data = new String(Base64.getDecoder().decode(r.path("data").asText()), StandardCharsets.UTF_8);
                if (data.startsWith("lost")) {
                    continue; // its recordId is not returned
                }
                String result = data.startsWith("keep") ? "Ok" : data.startsWith("drop") ? "Dropped" : "ProcessingFailed";
                String transformed = Base64.getEncoder().encodeToString(data.toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8));
                out.append(isFirst ? "" : ",").append("{\"recordId\":\"").append(r.path("recordId").asText())
                        .append("\",\"result\":\"").append(result).append("\",\"data\":\"").append(transformed)
                        .append("\"}");
                isFirst = false;
            }
            return FunctionRecorder.Answer.ok(out.append("]}").toString());
        });
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-tx"));
        client.createDeliveryStream(b -> b.deliveryStreamName("tx").extendedS3DestinationConfiguration(
                destination("fh-tx", lambda(TRANSFORM_ARN, "1")).toBuilder().s3BackupMode(S3BackupMode.ENABLED)
                        .s3BackupConfiguration(S3DestinationConfiguration.builder().roleARN(ROLE)
                                .bucketARN("arn:aws:s3:::fh-tx").prefix("source/").build()).build()));
        Kit.await(WAIT, "tx ACTIVE", () -> client.describeDeliveryStream(b -> b.deliveryStreamName("tx"))
                .deliveryStreamDescription().deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);
        List<Record> records = new ArrayList<>();
        for (String kind : List.of("keep", "drop", "bad", "lost")) {
            IntStream.range(0, 10).forEach(i -> records.add(Record.builder()
                    .data(SdkBytes.fromUtf8String(kind + "-" + i)).build()));
        }
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName("tx").records(records)).failedPutCount()).isZero();

        Kit.await(WAIT, "the transformed records and the failed ones", () ->
                lines("fh-tx", "").size() == 10 && lines("fh-tx", "processing-failed/").size() == 20);
        assertThat(lines("fh-tx", "")).containsExactlyElementsOf(
                IntStream.range(0, 10).mapToObj(i -> "KEEP-" + i).toList()); // one per line: the delimiter
        List<JsonNode> errors = lines("fh-tx", "processing-failed/").stream().map(FirehoseTransformIT::json).toList();
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.path("lambdaArn").asText()).isEqualTo(TRANSFORM_ARN);
            assertThat(e.path("attemptsMade").asInt()).isEqualTo(1);
            assertThat(e.path("arrivalTimestamp").asLong()).isPositive();
            assertThat(e.path("attemptEndingTimestamp").asLong()).isGreaterThanOrEqualTo(e.path("arrivalTimestamp").asLong());
        });
        assertThat(errors.stream().filter(e -> e.path("errorCode").asText().equals("Lambda.MissingRecordId"))
                .map(FirehoseTransformIT::rawData).sorted().toList())
                .isEqualTo(IntStream.range(0, 10).mapToObj(i -> "lost-" + i).sorted().toList());
        assertThat(errors.stream().filter(e -> e.path("errorCode").asText().equals("Lambda.ProcessingFailed"))
                .map(FirehoseTransformIT::rawData).sorted().toList())
                .isEqualTo(IntStream.range(0, 10).mapToObj(i -> "bad-" + i).sorted().toList());

        // the source record backup: every record as it arrived, before the transform, in order
        Kit.await(WAIT, "the source record backup", () -> String.join("", lines("fh-tx", "source/")).length()
                == records.stream().mapToInt(r -> r.data().asByteArray().length).sum());
        StringBuilder sent = new StringBuilder();
        records.forEach(r -> sent.append(r.data().asUtf8String()));
        assertThat(String.join("", lines("fh-tx", "source/"))).isEqualTo(sent.toString());
        List<String> backupKeys = keys("fh-tx", "source/");
        List<String> outKeys = keys("fh-tx", "out/");
        assertThat(backupKeys).hasSameSizeAs(outKeys).allSatisfy(k -> assertThat(k).matches("source/\\d{4}/\\d{2}/"
                + "\\d{2}/\\d{2}/tx-1-.*"));
        assertThat(backupKeys.stream().map(k -> k.substring(k.lastIndexOf('/')))).containsExactlyElementsOf(
                outKeys.stream().map(k -> k.substring(k.lastIndexOf('/'))).toList()); // the same file names
        // the metrics move once the checkpoint did, just after the objects are written
        Kit.await(WAIT, "the processing metrics", () -> FirehoseTesting.metric(riffle.endpoint(),
                "riffle_firehose_succeed_processing_records_total", "tx") == 20); // Ok and Dropped
        assertThat(FirehoseTesting.metric(riffle.endpoint(), "riffle_firehose_backup_to_s3_records_total", "tx"))
                .isEqualTo(40);
        long invocations = FirehoseTesting.metric(riffle.endpoint(),
                "riffle_firehose_execute_processing_invocations_total", "tx");
        assertThat(invocations).isPositive().isEqualTo(FirehoseTesting.metric(riffle.endpoint(),
                "riffle_firehose_execute_processing_success_total", "tx"));
        assertThat(FirehoseTesting.metric(riffle.endpoint(), "riffle_firehose_execute_processing_duration_seconds_count",
                "tx")).isEqualTo(invocations);

        ExtendedS3DestinationDescription described = client.describeDeliveryStream(b -> b.deliveryStreamName("tx"))
                .deliveryStreamDescription().destinations().get(0).extendedS3DestinationDescription();
        assertThat(described.s3BackupMode()).isEqualTo(S3BackupMode.ENABLED);
        assertThat(described.s3BackupDescription().prefix()).isEqualTo("source/");
        assertThat(described.s3BackupDescription().bufferingHints().sizeInMBs()).isEqualTo(5);
        assertThatThrownBy(() -> client.updateDestination(b -> b.deliveryStreamName("tx")
                .currentDeliveryStreamVersionId("1").destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(u -> u.s3BackupMode(S3BackupMode.DISABLED))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cannot be disabled");
    }

    private List<String> keys(String bucket, String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(o -> o.key()).sorted()
                .toList();
    }

    @Test
    void aFunctionThatKeepsFailingIsTriedNumberOfRetriesMoreTimesThenItsRecordsFail() {
        BROKEN.answer(event -> FunctionRecorder.Answer.error("boom"));
        FirehoseClient client = firehose();
        createActive(client, "txerr", "fh-txerr", lambda(BROKEN_ARN, "2"));
        client.putRecord(b -> b.deliveryStreamName("txerr").record(r -> r.data(SdkBytes.fromUtf8String("r-1"))));

        Kit.await(WAIT, "the failed record", () -> lines("fh-txerr", "processing-failed/").size() == 1);
        JsonNode error = json(lines("fh-txerr", "processing-failed/").get(0));
        assertThat(error.path("errorCode").asText()).isEqualTo("Lambda.FunctionError");
        assertThat(error.path("attemptsMade").asInt()).isEqualTo(3);
        assertThat(rawData(error)).isEqualTo("r-1");
        assertThat(BROKEN.invocations).hasSize(3);
        assertThat(lines("fh-txerr", "")).isEmpty();
    }

    @Test
    void processorsNotBuiltYetAreRefusedClearly() {
        FirehoseClient client = firehose();
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName("txno")
                .extendedS3DestinationConfiguration(destination("fh-no", ProcessingConfiguration.builder().enabled(true)
                        .processors(Processor.builder().type("Decompression").build()).build()))))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Processor type Decompression is not supported by this version of Riffle yet:"
                                + " RecordDeAggregation, Lambda, MetadataExtraction and AppendDelimiterToRecord are."));
    }

    @Test
    void dynamicPartitioningByJqQueryAfterDeAggregationWithFailuresUnderTheErrorPrefix() {
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-dp"));
        client.createDeliveryStream(b -> b.deliveryStreamName("dp").extendedS3DestinationConfiguration(d -> d
                .roleARN(ROLE).bucketARN("arn:aws:s3:::fh-dp")
                .prefix("c=!{partitionKeyFromQuery:customer}/y=!{partitionKeyFromQuery:year}/")
                .errorOutputPrefix("err/!{firehose:error-output-type}/")
                .bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(1))
                .dynamicPartitioningConfiguration(p -> p.enabled(true).retryOptions(r -> r.durationInSeconds(60)))
                .processingConfiguration(ProcessingConfiguration.builder().enabled(true).processors(
                        processor("AppendDelimiterToRecord"),
                        processor("MetadataExtraction", "MetadataExtractionQuery",
                                "{customer: .customer, year: .ts | strftime(\"%Y\")}", "JsonParsingEngine", "JQ-1.6"),
                        processor("RecordDeAggregation", "SubRecordType", "JSON")).build())));
        awaitActive(client, "dp");
        List<String> data = List.of(
                "{\"customer\":\"a\",\"ts\":1700000000,\"n\":1}{\"customer\":\"b\",\"ts\":1720000000,\"n\":2}",
                "{\"customer\":\"a\",\"ts\":1700000001,\"n\":3}",
                "{\"ts\":1700000002,\"n\":4}", // no customer: its keys cannot be extracted
                "not json"); // cannot be de-aggregated
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName("dp").records(data.stream()
                .map(x -> Record.builder().data(SdkBytes.fromUtf8String(x)).build()).toList())).failedPutCount())
                .isZero();

        Kit.await(WAIT, "two partitions and the failures", () -> linesUnder("fh-dp", "c=").size() == 3
                && linesUnder("fh-dp", "err/partitioning-failed/").size() == 2);
        assertThat(linesUnder("fh-dp", "c=a/y=2023/")).containsExactly(
                "{\"customer\":\"a\",\"ts\":1700000000,\"n\":1}", "{\"customer\":\"a\",\"ts\":1700000001,\"n\":3}");
        assertThat(linesUnder("fh-dp", "c=b/y=2024/")).containsExactly("{\"customer\":\"b\",\"ts\":1720000000,\"n\":2}");
        assertThat(linesUnder("fh-dp", "err/partitioning-failed/").stream().map(FirehoseTransformIT::json)
                .map(e -> e.path("errorCode").asText() + " " + rawData(e)).sorted().toList()).containsExactly(
                "DynamicPartitioning.DeAggregationFailed not json",
                "DynamicPartitioning.MetadataExtractionFailed {\"ts\":1700000002,\"n\":4}");
        assertThat(client.describeDeliveryStream(b -> b.deliveryStreamName("dp")).deliveryStreamDescription()
                .destinations().get(0).extendedS3DestinationDescription().dynamicPartitioningConfiguration()
                .retryOptions().durationInSeconds()).isEqualTo(60);
    }

    @Test
    void eachPartitionIsBufferedOnItsOwnAndAKill9NeitherLosesNorRepeatsOne() throws Exception {
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-dpk"));
        client.createDeliveryStream(b -> b.deliveryStreamName("dpk").extendedS3DestinationConfiguration(d -> d
                .roleARN(ROLE).bucketARN("arn:aws:s3:::fh-dpk").prefix("c=!{partitionKeyFromQuery:c}/")
                .errorOutputPrefix("err/").bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(900))
                .dynamicPartitioningConfiguration(p -> p.enabled(true))
                .processingConfiguration(ProcessingConfiguration.builder().enabled(true).processors(
                        processor("AppendDelimiterToRecord"), processor("MetadataExtraction",
                                "MetadataExtractionQuery", "{c: .c}", "JsonParsingEngine", "JQ-1.6")).build())));
        awaitActive(client, "dpk");
        String pad = "x".repeat(600 * 1024);
        List<String> data = List.of("{\"c\":\"small\",\"n\":1}", "{\"c\":\"big\",\"n\":2,\"pad\":\"" + pad + "\"}",
                "{\"c\":\"small\",\"n\":3}", "{\"c\":\"big\",\"n\":4,\"pad\":\"" + pad + "\"}",
                "{\"c\":\"small\",\"n\":5}");
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName("dpk").records(data.stream()
                .map(x -> Record.builder().data(SdkBytes.fromUtf8String(x)).build()).toList())).failedPutCount())
                .isZero();
        // the big partition is full and delivered; the small one waits for its 900 s, holding the checkpoint back
        Kit.await(WAIT, "the big partition's object", () -> linesUnder("fh-dpk", "c=big/").size() == 2);
        assertThat(linesUnder("fh-dpk", "c=small/")).isEmpty();

        riffle.server().kill9();
        riffle.server().start();
        java.net.http.HttpResponse<String> flush = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(riffle.endpoint().resolve(
                        "/riffle/firehose/delivery-streams/dpk/flush")).POST(
                        java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);

        Kit.await(WAIT, "the small partition's object", () -> linesUnder("fh-dpk", "c=small/").size() == 3);
        assertThat(linesUnder("fh-dpk", "c=small/")).containsExactly("{\"c\":\"small\",\"n\":1}",
                "{\"c\":\"small\",\"n\":3}", "{\"c\":\"small\",\"n\":5}");
        assertThat(s3.listObjectsV2(b -> b.bucket("fh-dpk").prefix("c=big/")).contents())
                .as("the big partition, delivered before the kill, is not written again").hasSize(1);
        assertThat(linesUnder("fh-dpk", "c=big/")).extracting(l -> json(l).path("n").asInt()).containsExactly(2, 4);
    }

    @Test
    void dynamicPartitioningByTheKeysTheTransformReturns() {
        TRANSFORM.answer(event -> {
            StringBuilder out = new StringBuilder("{\"records\":[");
            boolean isFirst = true;
            for (JsonNode r : event.path("records")) {
                String text = new String(Base64.getDecoder().decode(r.path("data").asText()), StandardCharsets.UTF_8);
                String device = text.substring(0, text.indexOf(':'));
                out.append(isFirst ? "" : ",").append("{\"recordId\":\"").append(r.path("recordId").asText())
                        .append("\",\"result\":\"Ok\",\"data\":\"").append(r.path("data").asText())
                        .append("\",\"metadata\":{\"partitionKeys\":{\"device\":\"").append(device).append("\"}}}");
                isFirst = false;
            }
            return FunctionRecorder.Answer.ok(out.append("]}").toString());
        });
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-dpl"));
        client.createDeliveryStream(b -> b.deliveryStreamName("dpl").extendedS3DestinationConfiguration(d -> d
                .roleARN(ROLE).bucketARN("arn:aws:s3:::fh-dpl").prefix("d=!{partitionKeyFromLambda:device}/")
                .errorOutputPrefix("err/").bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(1))
                .dynamicPartitioningConfiguration(p -> p.enabled(true))
                .processingConfiguration(lambda(TRANSFORM_ARN, "0"))));
        awaitActive(client, "dpl");
        for (String x : List.of("phone:1", "tablet:2", "phone:3")) {
            client.putRecord(b -> b.deliveryStreamName("dpl").record(r -> r.data(SdkBytes.fromUtf8String(x))));
        }
        Kit.await(WAIT, "two partitions", () -> linesUnder("fh-dpl", "d=").size() == 3);
        assertThat(linesUnder("fh-dpl", "d=phone/")).containsExactly("phone:1", "phone:3");
        assertThat(linesUnder("fh-dpl", "d=tablet/")).containsExactly("tablet:2");
    }

    @Test
    void dynamicPartitioningsRulesAreCheckedWithFirehosesMessages() {
        FirehoseClient client = firehose();
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName("dpno")
                .extendedS3DestinationConfiguration(d -> d.roleARN(ROLE).bucketARN("arn:aws:s3:::fh-no")
                        .prefix("c=!{partitionKeyFromQuery:c}/").errorOutputPrefix("err/"))))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("Dynamic Partitioning Namespaces can only be part of a prefix"
                        + " expression when Dynamic Partitioning is enabled."));
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName("dpno")
                .extendedS3DestinationConfiguration(d -> d.roleARN(ROLE).bucketARN("arn:aws:s3:::fh-no")
                        .prefix("static/").dynamicPartitioningConfiguration(p -> p.enabled(true)))))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("ErrorOutputPrefix cannot be null or empty when Dynamic"
                        + " Partitioning is enabled."));
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName("dpno")
                .extendedS3DestinationConfiguration(d -> d.roleARN(ROLE).bucketARN("arn:aws:s3:::fh-no")
                        .prefix("c=!{partitionKeyFromQuery:c}/").errorOutputPrefix("err/")
                        .dynamicPartitioningConfiguration(p -> p.enabled(true)))))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("Prefix uses !{partitionKeyFromQuery:c} but no MetadataExtraction"
                        + " processor is configured."));
        client.createDeliveryStream(b -> b.deliveryStreamName("dpup").extendedS3DestinationConfiguration(d -> d
                .roleARN(ROLE).bucketARN("arn:aws:s3:::fh-no").errorOutputPrefix("err/")));
        awaitActive(client, "dpup");
        assertThatThrownBy(() -> client.updateDestination(b -> b.deliveryStreamName("dpup")
                .currentDeliveryStreamVersionId("1").destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(u -> u.dynamicPartitioningConfiguration(p -> p.enabled(true)))))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("Dynamic partitioning cannot be enabled or disabled on an existing"
                        + " Firehose stream: create a new one."));
    }

    private static Processor processor(String type, String... parameters) {
        List<ProcessorParameter> list = new ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            list.add(ProcessorParameter.builder().parameterName(parameters[i]).parameterValue(parameters[i + 1]).build());
        }
        return Processor.builder().type(type).parameters(list).build();
    }

    private static void awaitActive(FirehoseClient client, String name) {
        Kit.await(WAIT, name + " ACTIVE", () -> client.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);
    }

    /** The lines of the objects whose keys start with {@code prefix}, in key order. */
    private List<String> linesUnder(String bucket, String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .sorted((a, b) -> a.key().compareTo(b.key()))
                .flatMap(o -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asUtf8String().lines())
                .toList();
    }

    private static ProcessingConfiguration lambda(String arn, String retries) {
        return ProcessingConfiguration.builder().enabled(true).processors(
                Processor.builder().type("AppendDelimiterToRecord").build(), // listed first: run last, as Firehose does
                Processor.builder().type("Lambda").parameters(
                        ProcessorParameter.builder().parameterName("LambdaArn").parameterValue(arn).build(),
                        ProcessorParameter.builder().parameterName("NumberOfRetries").parameterValue(retries).build())
                        .build()).build();
    }

    private static ExtendedS3DestinationConfiguration destination(String bucket, ProcessingConfiguration processing) {
        return ExtendedS3DestinationConfiguration.builder().roleARN(ROLE).bucketARN("arn:aws:s3:::" + bucket)
                .prefix("out/").bufferingHints(BufferingHints.builder().sizeInMBs(1).intervalInSeconds(1).build())
                .processingConfiguration(processing).build();
    }

    private void createActive(FirehoseClient client, String name, String bucket, ProcessingConfiguration processing) {
        s3.createBucket(b -> b.bucket(bucket));
        client.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(destination(bucket, processing)));
        Kit.await(WAIT, name + " ACTIVE", () -> client.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);
    }

    /** The lines of the objects under {@code out/} ("") or under {@code folder}, in key order. */
    private List<String> lines(String bucket, String folder) {
        String prefix = folder.isEmpty() ? "out/" : folder;
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .sorted((a, b) -> a.key().compareTo(b.key()))
                .flatMap(o -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asUtf8String().lines())
                .toList();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rawData(JsonNode error) {
        return new String(Base64.getDecoder().decode(error.path("rawData").asText()), StandardCharsets.UTF_8);
    }
}
