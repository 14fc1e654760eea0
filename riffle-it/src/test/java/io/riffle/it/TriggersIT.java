package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Stream triggers end to end: a real server process, the AWS SDK's Lambda client and the AWS CLI managing event
 * source mappings, and a function server in the test ({@link FunctionRecorder}) recording what it is invoked with.
 */
class TriggersIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FunctionRecorder FUNCTION = new FunctionRecorder();
    /** OnFailure S3 destinations' store (the embedded folder store has its unit test). */
    private static final S3ProxyServer S3 = S3ProxyServer.start();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(
            "function.recorder.url=" + FUNCTION.invokeUrl(), "trigger-idle-poll-ms=200", "trigger-retry-backoff-ms=20",
            "trigger-s3-endpoint=" + S3.endpoint(), "trigger-s3-access-key-id=" + S3ProxyServer.ACCESS_KEY,
            "trigger-s3-secret-access-key=" + S3ProxyServer.SECRET_KEY);

    @TempDir
    Path tmp;

    @AfterAll
    static void stopFunction() {
        FUNCTION.close();
        S3.close();
    }

    private LambdaClient lambda() {
        return LambdaClient.builder().endpointOverride(riffle.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(ApacheHttpClient.create()).build();
    }

    private String createStream(String name, int shards) throws InterruptedException {
        KinesisClient kinesis = riffle.kinesis();
        kinesis.createStream(r -> r.streamName(name).shardCount(shards));
        Kit.await(WAIT, "stream " + name + " ACTIVE", () -> kinesis.describeStreamSummary(
                r -> r.streamName(name)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
        return kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary().streamARN();
    }

    /** Puts {@code texts} with their keys, in order, one PutRecords per call; answers the sequence numbers. */
    private List<String> put(String stream, List<String> keys, List<String> texts) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(keys.get(i))
                    .data(SdkBytes.fromString(texts.get(i), StandardCharsets.UTF_8)).build());
        }
        var answer = riffle.kinesis().putRecords(r -> r.streamName(stream).records(entries));
        assertThat(answer.failedRecordCount()).isZero();
        return answer.records().stream().map(e -> e.sequenceNumber()).toList();
    }

    @Test
    void everyRecordReachesTheFunctionInOrderPerShard() throws Exception {
        String arn = createStream("trig-order", 3);
        List<String> keys = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add("key-" + (i % 17));
            texts.add("r" + i);
        }
        put("trig-order", keys.subList(0, 150), texts.subList(0, 150));
        try (LambdaClient lambda = lambda()) {
            CreateEventSourceMappingResponse created = lambda.createEventSourceMapping(r -> r.functionName("recorder")
                    .eventSourceArn(arn).startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(7));
            assertThat(created.state()).isEqualTo("Creating");
            assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:recorder");
            put("trig-order", keys.subList(150, 300), texts.subList(150, 300));
            Kit.await(WAIT, "300 records delivered", () -> FUNCTION.recordsOf(arn).size() >= 300);

            List<JsonNode> records = FUNCTION.recordsOf(arn);
            assertThat(records).hasSize(300); // no failures: each exactly once
            Map<String, List<BigInteger>> byShard = new HashMap<>();
            Map<String, List<Integer>> byKey = new HashMap<>();
            for (JsonNode r : records) {
                assertThat(r.path("eventSource").asText()).isEqualTo("aws:kinesis");
                assertThat(r.path("eventName").asText()).isEqualTo("aws:kinesis:record");
                assertThat(r.path("awsRegion").asText()).isEqualTo("us-east-1");
                assertThat(r.path("kinesis").path("kinesisSchemaVersion").asText()).isEqualTo("1.0");
                assertThat(r.path("kinesis").path("approximateArrivalTimestamp").isNumber()).isTrue();
                String seq = r.path("kinesis").path("sequenceNumber").asText();
                String eventId = r.path("eventID").asText();
                String shard = eventId.substring(0, eventId.indexOf(':'));
                assertThat(eventId).isEqualTo(shard + ":" + seq).startsWith("shardId-");
                byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(new BigInteger(seq));
                String data = FunctionRecorder.data(r);
                byKey.computeIfAbsent(r.path("kinesis").path("partitionKey").asText(), k -> new ArrayList<>())
                        .add(Integer.parseInt(data.substring(1)));
            }
            assertThat(byShard).hasSizeGreaterThan(1);
            byShard.forEach((shard, seqs) -> assertThat(seqs).as(shard).isSorted());
            byKey.forEach((key, order) -> assertThat(order).as(key).isSorted());
            FUNCTION.invocationsOf(arn).forEach(i -> assertThat(i.records()).hasSizeLessThanOrEqualTo(7));

            // what Lambda's metrics show: Invocations (by outcome, errors among them), batch sizes, IteratorAge
            String m = "{mapping=\"" + created.uuid() + "\"";
            int invocations = FUNCTION.invocationsOf(arn).size();
            String processed = "riffle_trigger_records_total" + m + ",outcome=\"processed\"}";
            Kit.await(WAIT, "the last answer counted", () -> sample(metrics(), processed) == 300);
            String metrics = metrics();
            assertThat(sample(metrics, "riffle_trigger_invocations_total" + m + ",outcome=\"success\"}"))
                    .isEqualTo(invocations);
            assertThat(sample(metrics, "riffle_trigger_invocations_total" + m + ",outcome=\"function_error\"}"))
                    .as("no errors: absent").isEqualTo(-1);
            assertThat(sample(metrics, "riffle_trigger_batch_size_count" + m + "}")).isEqualTo(invocations);
            assertThat(sample(metrics, "riffle_trigger_batch_size_sum" + m + "}")).isEqualTo(300);
            assertThat(sample(metrics, "riffle_trigger_batch_size_bucket" + m + ",le=\"10\"}")).isEqualTo(invocations);
            assertThat(sample(metrics, "riffle_trigger_iterator_age_ms" + m + "}")).isGreaterThanOrEqualTo(0);
            lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
        }
    }

    @Test
    void underParallelizationFactor4EachKeyKeepsItsOrder() throws Exception {
        String arn = createStream("trig-parallel", 2);
        List<String> keys = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k < 20; k++) {
                keys.add("player-" + k);
                texts.add("player-" + k + ":" + i);
            }
        }
        put("trig-parallel", keys, texts);
        try (LambdaClient lambda = lambda()) {
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(5).parallelizationFactor(4)).uuid();
            Kit.await(WAIT, "200 records delivered", () -> FUNCTION.recordsOf(arn).size() >= 200);
            List<JsonNode> records = FUNCTION.recordsOf(arn);
            assertThat(records).hasSize(200);
            Map<String, List<Integer>> byKey = new HashMap<>();
            for (JsonNode r : records) {
                String data = FunctionRecorder.data(r);
                byKey.computeIfAbsent(data.substring(0, data.indexOf(':')), k -> new ArrayList<>())
                        .add(Integer.parseInt(data.substring(data.indexOf(':') + 1)));
            }
            assertThat(byKey).hasSize(20);
            byKey.forEach((key, order) -> assertThat(order).as(key).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(uuid)).parallelizationFactor()).isEqualTo(4);
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        }
    }

    @Test
    void aPartialBatchFailureIsRetriedFromTheFailedRecord() throws Exception {
        String arn = createStream("trig-partial", 1);
        AtomicBoolean failedOnce = new AtomicBoolean();
        FUNCTION.answer(event -> {
            for (JsonNode r : event.path("Records")) {
                if (FunctionRecorder.data(r).equals("p5") && r.path("eventSourceARN").asText().equals(arn)
                        && failedOnce.compareAndSet(false, true)) {
                    return FunctionRecorder.Answer.ok("{\"batchItemFailures\":[{\"itemIdentifier\":\""
                            + r.path("kinesis").path("sequenceNumber").asText() + "\"}]}");
                }
            }
            return FunctionRecorder.Answer.ok("{\"batchItemFailures\":[]}");
        });
        try (LambdaClient lambda = lambda()) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                texts.add("p" + i);
            }
            put("trig-partial", java.util.Collections.nCopies(10, "k"), texts);
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(10)
                    .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)).uuid();
            Kit.await(WAIT, "the retried batch", () -> FUNCTION.invocationsOf(arn).size() >= 2
                    && FUNCTION.recordsOf(arn).stream().map(FunctionRecorder::data).filter("p9"::equals).count() >= 2);

            List<FunctionRecorder.Invocation> calls = FUNCTION.invocationsOf(arn);
            assertThat(calls.get(0).records().stream().map(FunctionRecorder::data).toList())
                    .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9");
            assertThat(calls.get(1).records().stream().map(FunctionRecorder::data).toList())
                    .as("retried from the failed record, the ones before it checkpointed")
                    .containsExactly("p5", "p6", "p7", "p8", "p9");
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        } finally {
            FUNCTION.answer(event -> FunctionRecorder.Answer.ok("{}"));
        }
    }

    @Test
    void bisectIsolatesAPoisonRecordAndRetriesEndInDiscardingIt() throws Exception {
        String arn = createStream("trig-bisect", 1);
        FUNCTION.answer(event -> {
            for (JsonNode r : event.path("Records")) {
                if (FunctionRecorder.data(r).equals("poison")) {
                    return FunctionRecorder.Answer.error("cannot digest poison");
                }
            }
            return FunctionRecorder.Answer.ok("{}");
        });
        try (LambdaClient lambda = lambda(); S3Client s3 = S3.client()) {
            s3.createBucket(b -> b.bucket("poison-records"));
            List<String> texts = new ArrayList<>(List.of("b0", "b1", "b2", "b3", "b4", "poison", "b6", "b7"));
            List<String> sequenceNumbers = put("trig-bisect", java.util.Collections.nCopies(8, "k"), texts);
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(8).bisectBatchOnFunctionError(true)
                    .maximumRetryAttempts(2)
                    .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:s3:::poison-records")))).uuid();
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(uuid)).destinationConfig().onFailure().destination())
                    .isEqualTo("arn:aws:s3:::poison-records");
            Kit.await(WAIT, "b7 processed", () -> FUNCTION.invocationsOf(arn).stream()
                    .filter(i -> i.answer().functionError() == null)
                    .anyMatch(i -> i.records().stream().map(FunctionRecorder::data).anyMatch("b7"::equals)));

            List<String> succeeded = new ArrayList<>();
            int poisonAlone = 0;
            for (FunctionRecorder.Invocation i : FUNCTION.invocationsOf(arn)) {
                List<String> data = i.records().stream().map(FunctionRecorder::data).toList();
                if (i.answer().functionError() == null) {
                    succeeded.addAll(data);
                } else if (data.equals(List.of("poison"))) {
                    poisonAlone++;
                }
            }
            assertThat(succeeded).containsExactly("b0", "b1", "b2", "b3", "b4", "b6", "b7");
            assertThat(poisonAlone).as("the poison record alone: the first try and 2 retries").isEqualTo(3);
            assertThat(riffle.server().stdout() + riffle.server().stderr()).contains("discarded 1 records of " + arn + " shardId-000000000000, "
                    + "sequence numbers " + sequenceNumbers.get(5) + " to " + sequenceNumbers.get(5));
            // Lambda's invocation record in the S3 destination, under its documented key
            String prefix = "aws/lambda/" + uuid + "/shardId-000000000000/";
            String key = Kit.awaitValue(WAIT, "the invocation record", () -> s3.listObjectsV2(b -> b
                    .bucket("poison-records").prefix(prefix)).contents().stream().map(S3Object::key).findFirst()
                    .orElse(null));
            assertThat(key.substring(prefix.length()))
                    .matches("\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2}-[0-9a-f-]{36}");
            JsonNode record = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket("poison-records").key(key)).asByteArray());
            assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(3);
            assertThat(record.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
            JsonNode info = record.path("KinesisBatchInfo");
            assertThat(List.of(info.path("shardId").asText(), info.path("startSequenceNumber").asText(),
                    info.path("endSequenceNumber").asText(), info.path("batchSize").asText(),
                    info.path("streamArn").asText())).containsExactly("shardId-000000000000", sequenceNumbers.get(5),
                    sequenceNumbers.get(5), "1", arn);
            assertThat(FunctionRecorder.data(JSON.readTree(record.path("payload").asText()).path("Records").get(0)))
                    .isEqualTo("poison");
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        } finally {
            FUNCTION.answer(event -> FunctionRecorder.Answer.ok("{}"));
        }
    }

    /**
     * A mapping follows resharding: records put before a SplitShard, between it and a MergeShards of the children,
     * and after it are each invoked once, and every record of a parent shard before any of its children's (a child's
     * poller starts only once its parents are read to their end), so each key's records keep their order.
     */
    @Test
    void aMappingFollowsSplitAndMergeParentsFirst() throws Exception {
        String arn = createStream("trig-reshard", 1);
        KinesisClient kinesis = riffle.kinesis();
        List<String> keys = List.of("k0", "k1", "k2", "k3", "k4", "k5");
        try (LambdaClient lambda = lambda()) {
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(2)).uuid();
            put("trig-reshard", keys, keys.stream().map(k -> "a-" + k).toList());
            kinesis.splitShard(r -> r.streamName("trig-reshard").shardToSplit("shardId-000000000000")
                    .newStartingHashKey(BigInteger.TWO.pow(127).toString()));
            awaitActive(kinesis, "trig-reshard");
            put("trig-reshard", keys, keys.stream().map(k -> "b-" + k).toList());
            kinesis.mergeShards(r -> r.streamName("trig-reshard").shardToMerge("shardId-000000000001")
                    .adjacentShardToMerge("shardId-000000000002"));
            awaitActive(kinesis, "trig-reshard");
            put("trig-reshard", keys, keys.stream().map(k -> "c-" + k).toList());
            Kit.await(WAIT, "18 records delivered", () -> FUNCTION.recordsOf(arn).size() >= 18);

            List<JsonNode> records = FUNCTION.recordsOf(arn);
            List<String> shards = records.stream().map(r -> r.path("eventID").asText().split(":")[0]).toList();
            List<String> texts = records.stream().map(FunctionRecorder::data).toList();
            assertThat(texts).hasSize(18).doesNotHaveDuplicates();
            assertThat(shards.lastIndexOf("shardId-000000000000"))
                    .isLessThan(Math.min(shards.indexOf("shardId-000000000001"), shards.indexOf("shardId-000000000002")));
            assertThat(Math.max(shards.lastIndexOf("shardId-000000000001"), shards.lastIndexOf("shardId-000000000002")))
                    .isLessThan(shards.indexOf("shardId-000000000003"));
            for (String k : keys) {
                assertThat(texts.stream().filter(t -> t.endsWith("-" + k)).toList()).as(k)
                        .containsExactly("a-" + k, "b-" + k, "c-" + k);
            }
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        }
    }

    /** StartingPosition AT_TIMESTAMP: the first record invoked is the first that arrived at or after the time. */
    @Test
    void atTimestampStartsAtTheFirstRecordArrivedSinceThen() throws Exception {
        String arn = createStream("trig-at-timestamp", 1);
        KinesisClient kinesis = riffle.kinesis();
        put("trig-at-timestamp", List.of("k"), List.of("before"));
        String iterator = kinesis.getShardIterator(r -> r.streamName("trig-at-timestamp")
                .shardId("shardId-000000000000").shardIteratorType("TRIM_HORIZON")).shardIterator();
        Instant since = kinesis.getRecords(r -> r.shardIterator(iterator)).records().get(0)
                .approximateArrivalTimestamp().plusMillis(1);
        Kit.await(WAIT, "the clock past the start time", () -> Instant.now().isAfter(since.plusMillis(1)));
        put("trig-at-timestamp", List.of("k", "k"), List.of("since", "later"));
        try (LambdaClient lambda = lambda()) {
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.AT_TIMESTAMP).startingPositionTimestamp(since)).uuid();
            Kit.await(WAIT, "later processed", () -> FUNCTION.recordsOf(arn).stream().map(FunctionRecorder::data)
                    .anyMatch("later"::equals));
            assertThat(FUNCTION.recordsOf(arn).stream().map(FunctionRecorder::data)).containsExactly("since", "later");
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        }
    }

    private static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        Kit.await(WAIT, stream + " ACTIVE after resharding", () -> kinesis.describeStreamSummary(
                r -> r.streamName(stream)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
    }

    /**
     * Riffle's extension: a stream of the node as the OnFailure destination. The AWS CLI maps with it; the discarded
     * batch's invocation record (no payload, as Lambda sends to queues and topics) is one record of that stream, keyed
     * by the source shard. The SDK: a stream that does not exist, and the mapping's own stream, are refused; once the
     * failure stream is deleted, invocation records are counted as undelivered and the mapping goes on.
     */
    @Test
    void aDiscardedBatchsInvocationRecordGoesToAFailureStream() throws Exception {
        String arn = createStream("trig-failstream", 1);
        String failures = createStream("trig-failstream-dlq", 1);
        FUNCTION.answer(event -> FunctionRecorder.data(event.path("Records").get(0)).equals("poison")
                ? FunctionRecorder.Answer.error("cannot digest poison") : FunctionRecorder.Answer.ok("{}"));
        try (LambdaClient lambda = lambda()) {
            assertThatThrownBy(() -> lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.LATEST)
                    .destinationConfig(d -> d.onFailure(f -> f.destination(failures + "-missing")))))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageStartingWith("The OnFailure destination stream " + failures + "-missing does not exist");
            assertThatThrownBy(() -> lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.LATEST)
                    .destinationConfig(d -> d.onFailure(f -> f.destination(arn)))))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("is the mapping's own event source");

            List<String> sequenceNumbers = put("trig-failstream", List.of("k", "k", "k"), List.of("a", "poison", "c"));
            JsonNode created = cli("lambda", "create-event-source-mapping", "--function-name", "recorder",
                    "--event-source-arn", arn, "--starting-position", "TRIM_HORIZON", "--batch-size", "1",
                    "--maximum-retry-attempts", "0",
                    "--destination-config", "{\"OnFailure\":{\"Destination\":\"" + failures + "\"}}");
            assertThat(created.path("DestinationConfig").path("OnFailure").path("Destination").asText())
                    .isEqualTo(failures);
            Kit.await(WAIT, "c processed", () -> FUNCTION.recordsOf(arn).stream().map(FunctionRecorder::data)
                    .anyMatch("c"::equals));

            KinesisClient kinesis = riffle.kinesis();
            String iterator = kinesis.getShardIterator(r -> r.streamName("trig-failstream-dlq")
                    .shardId("shardId-000000000000").shardIteratorType("TRIM_HORIZON")).shardIterator();
            var failure = Kit.awaitValue(WAIT, "the invocation record in the failure stream", () -> kinesis
                    .getRecords(r -> r.shardIterator(iterator)).records().stream().findFirst().orElse(null));
            assertThat(failure.partitionKey()).isEqualTo("shardId-000000000000");
            JsonNode record = JSON.readTree(failure.data().asByteArray());
            assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(1);
            assertThat(record.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
            JsonNode info = record.path("KinesisBatchInfo");
            assertThat(List.of(info.path("shardId").asText(), info.path("startSequenceNumber").asText(),
                    info.path("endSequenceNumber").asText(), info.path("batchSize").asText(),
                    info.path("streamArn").asText())).containsExactly("shardId-000000000000", sequenceNumbers.get(1),
                    sequenceNumbers.get(1), "1", arn);
            assertThat(record.has("payload")).as("no payload outside S3 destinations, as Lambda").isFalse();

            // the failure stream deleted later: the next invocation record is counted as not delivered, the mapping
            // goes on (as for an unreachable bucket)
            kinesis.deleteStream(r -> r.streamName("trig-failstream-dlq"));
            Kit.await(WAIT, "the failure stream gone", () -> kinesis.listStreams().streamNames().stream()
                    .noneMatch("trig-failstream-dlq"::equals));
            put("trig-failstream", List.of("k", "k"), List.of("poison", "d"));
            Kit.await(WAIT, "d processed", () -> FUNCTION.recordsOf(arn).stream().map(FunctionRecorder::data)
                    .anyMatch("d"::equals));
            String undelivered = "riffle_trigger_destination_delivery_failures_total{mapping=\""
                    + created.path("UUID").asText() + "\"}";
            Kit.await(WAIT, "the undelivered invocation record counted", () -> sample(metrics(), undelivered) == 1);
            lambda.deleteEventSourceMapping(r -> r.uuid(created.path("UUID").asText()));
        } finally {
            FUNCTION.answer(event -> FunctionRecorder.Answer.ok("{}"));
        }
    }

    /**
     * Enhanced fan-out: the AWS CLI maps a stream consumer's ARN; records come in batches, a partial failure is
     * retried from the failed record; the SDK: an unknown consumer refused, listing by the consumer ARN is not
     * listing by the stream's; deregistering the consumer disables the mapping.
     */
    @Test
    void anEnhancedFanOutConsumerIsASourceWithTheSameSemantics() throws Exception {
        String arn = createStream("trig-efo", 1);
        KinesisClient kinesis = riffle.kinesis();
        String consumerArn = kinesis.registerStreamConsumer(r -> r.streamARN(arn).consumerName("lambda-efo"))
                .consumer().consumerARN();
        Kit.await(WAIT, "consumer ACTIVE", () -> kinesis.describeStreamConsumer(r -> r.consumerARN(consumerArn))
                .consumerDescription().consumerStatus() == ConsumerStatus.ACTIVE);
        AtomicBoolean failedOnce = new AtomicBoolean();
        FUNCTION.answer(event -> {
            for (JsonNode r : event.path("Records")) {
                if (FunctionRecorder.data(r).equals("e5") && r.path("eventSourceARN").asText().equals(arn)
                        && failedOnce.compareAndSet(false, true)) {
                    return FunctionRecorder.Answer.ok("{\"batchItemFailures\":[{\"itemIdentifier\":\""
                            + r.path("kinesis").path("sequenceNumber").asText() + "\"}]}");
                }
            }
            return FunctionRecorder.Answer.ok("{\"batchItemFailures\":[]}");
        });
        try (LambdaClient lambda = lambda()) {
            String unknown = arn + "/consumer/nobody:1700000000";
            assertThatThrownBy(() -> lambda.createEventSourceMapping(r -> r.functionName("recorder")
                    .eventSourceArn(unknown).startingPosition(EventSourcePosition.LATEST)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageStartingWith("Stream consumer not found: " + unknown);

            JsonNode created = cli("lambda", "create-event-source-mapping", "--function-name", "recorder",
                    "--event-source-arn", consumerArn, "--starting-position", "TRIM_HORIZON", "--batch-size", "10",
                    "--function-response-types", "ReportBatchItemFailures");
            String uuid = created.path("UUID").asText();
            assertThat(created.path("EventSourceArn").asText()).isEqualTo(consumerArn);
            assertThat(lambda.listEventSourceMappings(r -> r.eventSourceArn(consumerArn)).eventSourceMappings())
                    .singleElement().satisfies(m -> assertThat(m.uuid()).isEqualTo(uuid));
            assertThat(lambda.listEventSourceMappings(r -> r.eventSourceArn(arn)).eventSourceMappings())
                    .as("a consumer's mappings are not the stream's").isEmpty();

            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                texts.add("e" + i);
            }
            put("trig-efo", java.util.Collections.nCopies(10, "k"), texts);
            Kit.await(WAIT, "the retried batch", () -> FUNCTION.invocationsOf(arn).size() >= 2);
            List<FunctionRecorder.Invocation> calls = FUNCTION.invocationsOf(arn);
            assertThat(calls.get(0).records().stream().map(FunctionRecorder::data).toList()).isEqualTo(texts);
            assertThat(calls.get(1).records().stream().map(FunctionRecorder::data).toList())
                    .as("retried from the failed record").containsExactly("e5", "e6", "e7", "e8", "e9");

            kinesis.deregisterStreamConsumer(r -> r.consumerARN(consumerArn));
            Kit.await(WAIT, "Disabled", () -> lambda.getEventSourceMapping(r -> r.uuid(uuid)).state()
                    .equals("Disabled"));
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(uuid)).stateTransitionReason())
                    .isEqualTo("PROBLEM: the stream consumer " + consumerArn + " was deregistered");
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        } finally {
            FUNCTION.answer(event -> FunctionRecorder.Answer.ok("{}"));
        }
    }

    @Test
    void theSdksErrorsAreLambdas() throws Exception {
        String arn = createStream("trig-errors", 1);
        try (LambdaClient lambda = lambda()) {
            assertThatThrownBy(() -> lambda.createEventSourceMapping(r -> r.functionName("nowhere").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.LATEST)))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nowhere");
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.LATEST)).uuid();
            assertThatThrownBy(() -> lambda.createEventSourceMapping(r -> r.functionName(
                            "arn:aws:lambda:us-east-1:000000000000:function:recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON)))
                    .isInstanceOf(ResourceConflictException.class)
                    .hasMessageStartingWith("The event source arn (\" " + arn + " \") and function (\" recorder \") "
                            + "provided mapping already exists. Please update or delete the existing mapping with UUID "
                            + uuid);
            assertThatThrownBy(() -> lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.LATEST)
                    .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:sqs:us-east-1:000000000000:dlq")))))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageStartingWith("Unsupported OnFailure destination arn:aws:sqs:us-east-1:000000000000:dlq: "
                            + "Riffle supports S3 buckets (arn:aws:s3:::BUCKET) and, as its extension, Kinesis streams "
                            + "(arn:aws:kinesis:REGION:ACCOUNT:stream/NAME); SQS queues and SNS topics are not built yet.");
            assertThatThrownBy(() -> lambda.getEventSourceMapping(r -> r.uuid("6a1b1f4e-0000-4000-8000-000000000000")))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("The resource you requested does not exist.");
            assertThatThrownBy(() -> lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.LATEST).batchSize(10_001)))
                    .hasMessageStartingWith("1 validation error detected: Value '10001' at 'batchSize' failed to "
                            + "satisfy constraint: Member must have value less than or equal to 10000");
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        }
    }

    @Test
    void filterCriteriaSetWithTheCliLeaveOutTheRecordsNoPatternMatches() throws Exception {
        String arn = createStream("trig-filter", 1);
        var criteria = JSON.createObjectNode();
        var filters = criteria.putArray("Filters");
        filters.addObject().put("Pattern", "{\"data\": {\"score\": [{\"numeric\": [\">=\", 100]}]}}");
        filters.addObject().put("Pattern", "{\"partitionKey\": [{\"prefix\": \"vip-\"}]}");
        JsonNode created = cli("lambda", "create-event-source-mapping", "--function-name", "recorder",
                "--event-source-arn", arn, "--starting-position", "TRIM_HORIZON", "--batch-size", "3",
                "--filter-criteria", JSON.writeValueAsString(criteria));
        assertThat(created.path("FilterCriteria")).isEqualTo(criteria);

        put("trig-filter", List.of("p1", "p2", "vip-1", "p3", "p4", "p5", "p6", "p7", "p8"),
                List.of("{\"score\": 5}", "{\"score\": 150}", "plain text", "not json", "{\"score\": 99}",
                        "{\"score\": 100.0}", "{\"score\": \"high\"}", "{\"other\": 1}", "{\"score\": 1000}"));
        Kit.await(WAIT, "the last record (after every filtered one in the shard)",
                () -> distinctData(arn).contains("{\"score\": 1000}"));
        assertThat(FUNCTION.recordsOf(arn).stream().map(FunctionRecorder::data).toList())
                .containsExactly("{\"score\": 150}", "plain text", "{\"score\": 100.0}", "{\"score\": 1000}");

        try (LambdaClient lambda = lambda()) {
            assertThatThrownBy(() -> lambda.updateEventSourceMapping(r -> r.uuid(created.path("UUID").asText())
                    .filterCriteria(f -> f.filters(software.amazon.awssdk.services.lambda.model.Filter.builder()
                            .pattern("{\"data\": {\"score\": \"not a rule list\"}}").build()))))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageStartingWith("Invalid filter pattern definition.");
            lambda.deleteEventSourceMapping(r -> r.uuid(created.path("UUID").asText()));
        }
    }

    @Test
    void tumblingWindowsPassTheStateBetweenInvocationsAndCloseWithAFinalOne() throws Exception {
        String arn = createStream("trig-window", 1);
        FUNCTION.answer(event -> { // counts the window's records in its state, as Lambda's examples do
            if (!event.path("eventSourceARN").asText().equals(arn)) {
                return FunctionRecorder.Answer.ok("{}");
            }
            int count = event.path("state").path("count").asInt(0) + event.path("Records").size();
            return FunctionRecorder.Answer.ok("{\"state\": {\"count\": " + count + "}}");
        });
        try (LambdaClient lambda = lambda()) {
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(3).tumblingWindowInSeconds(1)).uuid();
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(uuid)).tumblingWindowInSeconds()).isEqualTo(1);
            int total = 0;
            for (int round = 0; round < 4; round++) {
                List<String> texts = List.of("w" + round + "a", "w" + round + "b", "w" + round + "c", "w" + round + "d");
                put("trig-window", List.of("k", "k", "k", "k"), texts);
                total += texts.size();
            }
            int expected = total;
            Kit.await(WAIT, "final invocations counting every record", () -> finalCounts(arn) == expected);

            Map<String, Integer> seenPerWindow = new HashMap<>();
            for (FunctionRecorder.Invocation i : FUNCTION.invocations) {
                JsonNode e = i.event();
                if (!e.path("eventSourceARN").asText().equals(arn)) {
                    continue;
                }
                String start = e.path("window").path("start").asText();
                long startMs = java.time.Instant.parse(start).toEpochMilli();
                assertThat(startMs % 1000).isZero();
                assertThat(java.time.Instant.parse(e.path("window").path("end").asText()).toEpochMilli())
                        .isEqualTo(startMs + 1000);
                assertThat(e.path("shardId").asText()).isEqualTo("shardId-000000000000");
                assertThat(e.path("isWindowTerminatedEarly").asBoolean(true)).isFalse();
                int seen = seenPerWindow.getOrDefault(start, 0);
                assertThat(e.path("state").path("count").asInt(0)).as("the state handed over in " + start).isEqualTo(seen);
                if (e.path("isFinalInvokeForWindow").asBoolean()) {
                    assertThat(i.records()).isEmpty();
                    seenPerWindow.put(start, -1_000_000); // a window is final once: nothing may follow it
                } else {
                    for (JsonNode r : i.records()) {
                        long arrivalMs = r.path("kinesis").path("approximateArrivalTimestamp").decimalValue()
                                .movePointRight(3).longValue();
                        assertThat(arrivalMs).isBetween(startMs, startMs + 999);
                    }
                    seenPerWindow.put(start, seen + i.records().size());
                }
            }
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        } finally {
            FUNCTION.answer(event -> FunctionRecorder.Answer.ok("{}"));
        }
    }

    /** The records counted by the final invocations of the windows of {@code arn} so far. */
    private static int finalCounts(String arn) {
        return FUNCTION.invocations.stream().map(FunctionRecorder.Invocation::event)
                .filter(e -> e.path("eventSourceARN").asText().equals(arn) && e.path("isFinalInvokeForWindow").asBoolean())
                .mapToInt(e -> e.path("state").path("count").asInt()).sum();
    }

    @Test
    void theRiffleCliManagesTriggers() throws Exception {
        // a JVM per command (~3 s each): enable is disable's code with the opposite flag (OnOneMapping) and get
        // runs below for a missing mapping, so neither runs for its own sake
        String arn = createStream("trig-rcli", 1);
        RiffleCli riffleCli = new RiffleCli(riffle.endpoint(), tmp);
        RiffleCli.Result created = riffleCli.run("triggers", "create", "--function", "recorder", "--stream", "trig-rcli",
                "--starting-position", "TRIM_HORIZON", "--batch-size", "5", "--filter", "{\"partitionKey\": [\"a\"]}",
                "-o", "json");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        JsonNode mapping = JSON.readTree(created.out());
        String uuid = mapping.path("UUID").asText();
        assertThat(mapping.path("EventSourceArn").asText()).isEqualTo(arn);
        assertThat(mapping.path("FilterCriteria").path("Filters").get(0).path("Pattern").asText())
                .isEqualTo("{\"partitionKey\": [\"a\"]}");

        try (LambdaClient lambda = lambda()) { // the SDK waits, as each CLI run starts a JVM
            Kit.await(WAIT, "Enabled", () -> lambda.getEventSourceMapping(r -> r.uuid(uuid)).state().equals("Enabled"));
        }
        assertThat(riffleCli.run("triggers", "list", "--stream", arn).out())
                .containsPattern("(?m)^" + uuid + "\\s+Enabled\\s+arn:aws:lambda:us-east-1:000000000000:function:recorder\\s");
        put("trig-rcli", List.of("b", "a"), List.of("skipped", "through the CLI's filter"));
        Kit.await(WAIT, "the filtered-in record", () -> distinctData(arn).contains("through the CLI's filter"));
        assertThat(distinctData(arn)).containsExactly("through the CLI's filter");

        JsonNode updated = JSON.readTree(riffleCli.run("triggers", "update", uuid, "--batch-size", "7",
                "--on-failure", "arn:aws:s3:::cli-failures", "-o", "json").out());
        assertThat(updated.path("BatchSize").asInt()).isEqualTo(7);
        assertThat(updated.path("DestinationConfig").path("OnFailure").path("Destination").asText())
                .isEqualTo("arn:aws:s3:::cli-failures");
        assertThat(JSON.readTree(riffleCli.run("triggers", "disable", uuid, "-o", "json").out()).path("State").asText())
                .isEqualTo("Disabling");
        try (LambdaClient lambda = lambda()) {
            Kit.await(WAIT, "Disabled", () -> lambda.getEventSourceMapping(r -> r.uuid(uuid)).state().equals("Disabled"));
        }
        assertThat(JSON.readTree(riffleCli.run("triggers", "delete", uuid, "-o", "json").out()).path("State").asText())
                .isEqualTo("Deleting");

        RiffleCli.Result missing = riffleCli.run("triggers", "get", "00000000-0000-4000-8000-000000000000");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("riffle triggers get: ResourceNotFoundException: The resource you requested "
                + "does not exist.\n");
    }

    @Test
    void theAwsCliCreatesListsDisablesAndDeletesAMapping() throws Exception {
        String arn = createStream("trig-cli", 1);
        JsonNode created = cli("lambda", "create-event-source-mapping", "--function-name", "recorder",
                "--event-source-arn", arn, "--starting-position", "LATEST", "--batch-size", "5");
        String uuid = created.path("UUID").asText();
        assertThat(created.path("State").asText()).isEqualTo("Creating");
        assertThat(created.path("BatchSize").asInt()).isEqualTo(5);
        assertThat(created.path("EventSourceMappingArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + uuid);

        Kit.await(WAIT, "Enabled", () -> cli("lambda", "get-event-source-mapping", "--uuid", uuid)
                .path("State").asText().equals("Enabled"));
        JsonNode listed = cli("lambda", "list-event-source-mappings", "--event-source-arn", arn);
        assertThat(listed.path("EventSourceMappings")).hasSize(1);
        assertThat(listed.path("EventSourceMappings").get(0).path("UUID").asText()).isEqualTo(uuid);

        put("trig-cli", List.of("k"), List.of("while-enabled"));
        Kit.await(WAIT, "the record delivered", () -> FUNCTION.recordsOf(arn).stream()
                .map(FunctionRecorder::data).anyMatch("while-enabled"::equals));

        JsonNode disabling = cli("lambda", "update-event-source-mapping", "--uuid", uuid, "--no-enabled");
        assertThat(disabling.path("State").asText()).isEqualTo("Disabling");
        Kit.await(WAIT, "Disabled", () -> cli("lambda", "get-event-source-mapping", "--uuid", uuid)
                .path("State").asText().equals("Disabled"));

        JsonNode deleting = cli("lambda", "delete-event-source-mapping", "--uuid", uuid);
        assertThat(deleting.path("State").asText()).isEqualTo("Deleting");
        Kit.await(WAIT, "gone", () -> cli("lambda", "list-event-source-mappings", "--event-source-arn", arn)
                .path("EventSourceMappings").isEmpty());
    }

    @Test
    void aRestartResumesFromTheCheckpointWithoutSkipping() throws Exception {
        String arn = createStream("trig-restart", 2);
        try (LambdaClient lambda = lambda()) {
            lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(10));
            List<String> keys = new ArrayList<>();
            List<String> before = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add("key-" + i);
                before.add("before-" + i);
            }
            put("trig-restart", keys, before);
            Kit.await(WAIT, "the first 100", () -> distinctData(arn).containsAll(before));
        }
        riffle.kill9AndStart();
        List<String> keys = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add("key-" + i);
            after.add("after-" + i);
        }
        put("trig-restart", keys, after);
        Kit.await(WAIT, "the next 100 after kill -9", () -> distinctData(arn).containsAll(after));
        Map<String, Integer> deliveries = new LinkedHashMap<>();
        FUNCTION.recordsOf(arn).forEach(r -> deliveries.merge(FunctionRecorder.data(r), 1, Integer::sum));
        assertThat(deliveries.keySet()).hasSize(200);
        long duplicates = deliveries.values().stream().filter(n -> n > 1).count();
        assertThat(duplicates).as("at most the batches in flight at the kill (one per shard, 10 records each)")
                .isLessThanOrEqualTo(20);
    }

    @Test
    void aFunctionThatIsDownIsRetriedWithoutCountingRetries() throws Exception {
        String arn = createStream("trig-down", 1);
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        FUNCTION.answer(event -> {
            boolean isOurs = event.path("Records").path(0).path("eventSourceARN").asText().equals(arn);
            if (isOurs && refusals.getAndIncrement() < 4) {
                return new FunctionRecorder.Answer(503, null, "{\"message\":\"Service Unavailable\"}");
            }
            return FunctionRecorder.Answer.ok("{}");
        });
        try (LambdaClient lambda = lambda()) {
            put("trig-down", List.of("k", "k"), List.of("d0", "d1"));
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).maximumRetryAttempts(0)).uuid();
            Kit.await(WAIT, "delivered once the function is back", () -> FUNCTION.invocationsOf(arn).stream()
                    .anyMatch(i -> i.answer().status() == 200));
            List<FunctionRecorder.Invocation> calls = FUNCTION.invocationsOf(arn);
            assertThat(calls).hasSize(5);
            calls.forEach(i -> assertThat(i.records().stream().map(FunctionRecorder::data).toList())
                    .as("the same batch each time, never discarded although MaximumRetryAttempts is 0")
                    .containsExactly("d0", "d1"));
            // the recorder sees the answer before the poller records its outcome: wait for it
            Kit.await(WAIT, "LastProcessingResult OK", () -> lambda.getEventSourceMapping(r -> r.uuid(uuid))
                    .lastProcessingResult().equals("OK"));
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        } finally {
            FUNCTION.answer(event -> FunctionRecorder.Answer.ok("{}"));
        }
    }

    @Test
    void deletingTheStreamDisablesItsMappingWithTheReason() throws Exception {
        String arn = createStream("trig-deleted", 1);
        try (LambdaClient lambda = lambda()) {
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("recorder").eventSourceArn(arn)
                    .startingPosition(EventSourcePosition.LATEST)).uuid();
            Kit.await(WAIT, "Enabled", () -> lambda.getEventSourceMapping(r -> r.uuid(uuid)).state()
                    .equals("Enabled"));
            riffle.kinesis().deleteStream(r -> r.streamName("trig-deleted"));
            Kit.await(WAIT, "Disabled", () -> lambda.getEventSourceMapping(r -> r.uuid(uuid)).state()
                    .equals("Disabled"));
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(uuid)).stateTransitionReason())
                    .isEqualTo("PROBLEM: the stream " + arn + " was deleted");
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        }
    }

    private String metrics() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(riffle.endpoint() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of the series {@code series} (name and labels as rendered), or -1 when absent. */
    private static long sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return -1;
    }

    private static List<String> distinctData(String arn) {
        return FUNCTION.recordsOf(arn).stream().map(FunctionRecorder::data).distinct().toList();
    }

    private JsonNode cli(String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", riffle.endpoint().toString(),
                "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("AWS_ACCESS_KEY_ID", "AKIDTEST");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
            builder.environment().put("AWS_CONFIG_FILE", tmp.resolve("none").toString());
            builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("none").toString());
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join(" ", args) + ":\n" + out).isZero();
            return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
