package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.KinesisStreamSourceDescription;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * KinesisStreamAsSource against a real Riffle process and s3proxy: delivery streams read a Riffle stream from
 * LATEST at their creation, every shard, a split shard's children after it, KPL aggregates unpacked; two
 * delivery streams on one stream each get everything; a kill -9 resumes with nothing lost or copied twice.
 */
class FirehoseKinesisSourceIT {
    static final S3ProxyServer S3 = S3ProxyServer.start();
    /** A transform that keeps every record, to see the event Firehose sends for a Kinesis source. */
    static final FunctionRecorder KEEP = new FunctionRecorder();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(FirehoseTesting.serverSettings(S3,
            "function.keep.url=" + KEEP.invokeUrl()));

    private static final Duration WAIT = FirehoseTesting.WAIT;
    private static final String ROLE = FirehoseTesting.ROLE;

    private final S3Client s3 = S3.client();
    private final List<FirehoseClient> clients = new ArrayList<>();

    @AfterAll
    static void stopS3() {
        S3.close();
        KEEP.close();
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
    void twoDeliveryStreamsOnOneStreamEachGetEverythingFromLatestAtCreationAcrossASplit() {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, Kit.name("quakes"), 1);
        putAll(kinesis, stream, lines("before", 0, 20)); // before the delivery streams: not theirs
        FirehoseClient client = firehose();
        createFromStream(client, "ks-a", stream, "fh-ks-a");
        createFromStream(client, "ks-b", stream, "fh-ks-b");

        KinesisStreamSourceDescription source = client.describeDeliveryStream(b -> b.deliveryStreamName("ks-a"))
                .deliveryStreamDescription().source().kinesisStreamSourceDescription();
        assertThat(source.kinesisStreamARN()).isEqualTo(SdkClients.streamArn(stream));
        assertThat(source.roleARN()).isEqualTo(ROLE);
        assertThat(source.deliveryStartTimestamp()).isNotNull();
        assertThatThrownBy(() -> client.putRecord(b -> b.deliveryStreamName("ks-a")
                .record(Record.builder().data(SdkBytes.fromUtf8String("x")).build())))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("This operation is not permitted on KinesisStreamAsSource delivery stream type."));

        putAll(kinesis, stream, lines("q", 0, 150));
        Shard parent = Kit.shards(kinesis, stream).get(0);
        kinesis.splitShard(b -> b.streamName(stream).shardToSplit(parent.shardId())
                .newStartingHashKey(Kit.MAX_HASH_KEY.shiftRight(1).toString()));
        Kit.awaitActive(kinesis, stream);
        putAll(kinesis, stream, lines("q", 150, 300));

        for (String name : List.of("ks-a", "ks-b")) {
            Kit.await(WAIT, "300 records delivered by " + name,
                    () -> FirehoseTesting.metric(riffle.endpoint(), "riffle_firehose_delivery_to_s3_records_total", name) == 300);
            List<String> objects = objectTexts("fh-" + name);
            List<String> all = objects.stream().flatMap(String::lines).toList();
            assertThat(all).hasSize(300).doesNotHaveDuplicates().allMatch(l -> l.startsWith("q-"));
            for (String object : objects) { // one key: in order within each object, the split included
                List<Integer> numbers = object.lines().map(l -> Integer.parseInt(l.substring(2))).toList();
                assertThat(numbers).isSorted();
            }
        }
    }

    @Test
    void kplAggregatedRecordsAreDeliveredAsTheirUserRecordsWithTheirKinesisMetadataInTheTransformEvent() {
        KEEP.answer(event -> {
            List<String> answers = new ArrayList<>();
            event.path("records").forEach(r -> answers.add("{\"recordId\":\"" + r.path("recordId").asText()
                    + "\",\"result\":\"Ok\",\"data\":\"" + r.path("data").asText() + "\"}"));
            return FunctionRecorder.Answer.ok("{\"records\":[" + String.join(",", answers) + "]}");
        });
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, Kit.name("kpl"), 2);
        FirehoseClient client = firehose();
        createFromStream(client, "ks-kpl", stream, "fh-ks-kpl", ProcessingConfiguration.builder().enabled(true)
                .processors(Processor.builder().type("Lambda").parameters(ProcessorParameter.builder()
                        .parameterName("LambdaArn").parameterValue("arn:aws:lambda:us-east-1:000000000000:function:keep")
                        .build()).build()).build());
        List<String> users = lines("user", 0, 40);
        String aggregated = kinesis.putRecord(b -> b.streamName(stream).partitionKey("agg")
                .data(SdkBytes.fromByteArray(aggregate(users)))).sequenceNumber();
        String plain = kinesis.putRecord(b -> b.streamName(stream).partitionKey("plain")
                .data(SdkBytes.fromUtf8String("plain-1\n"))).sequenceNumber();

        Kit.await(WAIT, "41 records delivered", () -> FirehoseTesting.metric(riffle.endpoint(),
                "riffle_firehose_delivery_to_s3_records_total", "ks-kpl") == 41);
        List<String> delivered = objectTexts("fh-ks-kpl").stream().flatMap(String::lines).sorted().toList();
        List<String> expected = new ArrayList<>(users);
        expected.add("plain-1");
        assertThat(delivered).isEqualTo(expected.stream().sorted().toList());

        // Firehose's transform event for a Kinesis source: the stream, and where each record came from
        List<JsonNode> events = KEEP.invocations.stream().map(FunctionRecorder.Invocation::event).toList();
        assertThat(events).allSatisfy(e -> assertThat(e.path("sourceKinesisStreamArn").asText())
                .isEqualTo(SdkClients.streamArn(stream)));
        List<JsonNode> metadata = new ArrayList<>();
        events.forEach(e -> e.path("records").forEach(r -> metadata.add(r.path("kinesisRecordMetadata"))));
        assertThat(metadata).hasSize(41).allSatisfy(m -> {
            assertThat(m.path("shardId").asText()).startsWith("shardId-");
            assertThat(Instant.parse(m.path("approximateArrivalTimestamp").asText())).isBefore(Instant.now());
        });
        assertThat(metadata).filteredOn(m -> m.path("partitionKey").asText().equals("agg"))
                .extracting(m -> m.path("sequenceNumber").asText() + "/" + m.path("subsequenceNumber").asText())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 40).mapToObj(i -> aggregated + "/" + i)
                        .toList());
        assertThat(metadata).filteredOn(m -> m.path("partitionKey").asText().equals("plain")).singleElement()
                .satisfies(m -> assertThat(m.path("sequenceNumber").asText() + "/" + m.path("subsequenceNumber")
                        .asText()).isEqualTo(plain + "/"));
    }

    @Test
    void aKill9ResumesWhereTheCopyStoppedWithNothingLostOrCopiedTwice() {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, Kit.name("resume"), 2);
        FirehoseClient client = firehose();
        createFromStream(client, "ks-resume", stream, "fh-ks-resume");
        putAll(kinesis, stream, lines("r", 0, 100));
        Kit.await(WAIT, "the first 100 delivered", () -> FirehoseTesting.metric(riffle.endpoint(),
                "riffle_firehose_delivery_to_s3_records_total", "ks-resume") == 100);
        putAll(kinesis, stream, lines("r", 100, 200)); // copied or not when the process dies: either way once
        riffle.server().kill9();
        riffle.server().start();
        KinesisClient after = riffle.kinesis();
        putAll(after, stream, lines("r", 200, 300));

        Kit.await(WAIT, "all 300 delivered", () -> objectTexts("fh-ks-resume").stream()
                .mapToLong(o -> o.lines().count()).sum() >= 300);
        List<String> all = objectTexts("fh-ks-resume").stream().flatMap(String::lines).toList();
        assertThat(all).hasSize(300).doesNotHaveDuplicates();
    }

    private void createFromStream(FirehoseClient client, String name, String stream, String bucket) {
        createFromStream(client, name, stream, bucket, null);
    }

    private void createFromStream(FirehoseClient client, String name, String stream, String bucket,
                                  ProcessingConfiguration processing) {
        s3.createBucket(b -> b.bucket(bucket));
        client.createDeliveryStream(b -> b.deliveryStreamName(name)
                .deliveryStreamType(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE)
                .kinesisStreamSourceConfiguration(k -> k.kinesisStreamARN(SdkClients.streamArn(stream)).roleARN(ROLE))
                .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder().roleARN(ROLE)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .bufferingHints(BufferingHints.builder().sizeInMBs(1).intervalInSeconds(1).build())
                        .processingConfiguration(processing).build()));
        Kit.await(WAIT, name + " ACTIVE", () -> client.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);
    }

    private List<String> objectTexts(String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .sorted(Comparator.comparing(o -> o.key()))
                .map(o -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asString(StandardCharsets.UTF_8))
                .toList();
    }

    private static List<String> lines(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** One partition key for all, so the order per key is the order written. */
    private static void putAll(KinesisClient kinesis, String stream, List<String> lines) {
        for (int i = 0; i < lines.size(); i += 100) {
            List<PutRecordsRequestEntry> entries = lines.subList(i, Math.min(lines.size(), i + 100)).stream()
                    .map(l -> PutRecordsRequestEntry.builder().partitionKey("k")
                            .data(SdkBytes.fromUtf8String(l + "\n")).build()).toList();
            assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount()).isZero();
        }
    }

    /** A KPL aggregate: magic, AggregatedRecord protobuf (one partition key, a record per line), its MD5. */
    private static byte[] aggregate(List<String> lines) {
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        lengthDelimited(proto, 1, "agg".getBytes(StandardCharsets.UTF_8));
        for (String line : lines) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.write(1 << 3); // partition_key_index = 0 (varint)
            record.write(0);
            lengthDelimited(record, 3, (line + "\n").getBytes(StandardCharsets.UTF_8));
            lengthDelimited(proto, 3, record.toByteArray());
        }
        byte[] body = proto.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        out.writeBytes(body);
        try {
            out.writeBytes(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] bytes) {
        out.write(field << 3 | 2);
        int length = bytes.length;
        while (length >= 0x80) {
            out.write(length & 0x7F | 0x80);
            length >>>= 7;
        }
        out.write(length);
        out.writeBytes(bytes);
    }
}
