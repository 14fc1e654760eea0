package io.riffle.it;

import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * The {@code riffle} client commands, each run as a process of the shaded jar against a real
 * Riffle server, checked through the SDK and through what they print.
 */
class CliIT {

    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @TempDir
    java.nio.file.Path tmp;

    private RiffleCli cli;
    private KinesisClient kinesis;

    @BeforeEach
    void setUp() {
        cli = new RiffleCli(riffle.endpoint(), tmp);
        kinesis = riffle.kinesis();
    }

    private static RiffleCli.Result ok(RiffleCli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).doesNotContain("WARN", "ERROR", "Exception");
        return result;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Test
    void streamAndConsumerAdministration() {
        String stream = name("cli-admin");

        assertThat(ok(cli.run("stream", "create", stream, "--shards", "2")).out())
                .isEqualTo("created stream " + stream + ": ACTIVE, 2 shards, provisioned, retention 24 h\n");
        assertThat(ok(cli.run("stream", "list")).out()).containsPattern("(?m)^" + stream + "\\s+ACTIVE\\s+PROVISIONED\\s");

        ok(cli.run("stream", "retention", stream, "--hours", "48"));
        ok(cli.run("stream", "scale", stream, "--shards", "3"));
        JsonNode described = json(ok(cli.run("stream", "describe", stream, "-o", "json")).out());
        assertThat(described.at("/StreamDescriptionSummary/OpenShardCount").asInt()).isEqualTo(3);
        assertThat(described.at("/StreamDescriptionSummary/RetentionPeriodHours").asInt()).isEqualTo(48);
        assertThat(described.get("Shards")).hasSizeGreaterThanOrEqualTo(3);
        StreamDescriptionSummary summary = kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary();
        assertThat(summary.openShardCount()).isEqualTo(3);
        assertThat(summary.retentionPeriodHours()).isEqualTo(48);

        assertThat(ok(cli.run("consumers", "register", stream, "viewer")).out()).startsWith("registered consumer viewer on "
                + stream + ": ACTIVE (arn:aws:kinesis:us-east-1:000000000000:stream/" + stream + "/consumer/viewer:");
        assertThat(kinesis.listStreamConsumers(r -> r.streamARN(summary.streamARN())).consumers())
                .singleElement().satisfies(c -> assertThat(c.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE));
        assertThat(ok(cli.run("consumers", "list", stream)).out()).containsPattern("(?m)^viewer\\s+ACTIVE\\s");
        ok(cli.run("consumers", "deregister", stream, "viewer"));

        assertThat(ok(cli.run("stream", "delete", stream)).out()).isEqualTo("deleting stream " + stream + "\n");
        Kit.awaitGone(kinesis, stream);
    }

    @Test
    void errorsPrintTheAwsCodeAndMessageAndExit1() {
        RiffleCli.Result missing = cli.run("stream", "describe", "no-such-stream");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("riffle stream describe: ResourceNotFoundException: Stream no-such-stream"
                + " under account 000000000000 not found.\n");

        String stream = Kit.createActive(kinesis, name("cli-err"), 1);
        RiffleCli.Result tooShort = cli.run("stream", "retention", stream, "--hours", "10");
        assertThat(tooShort.exitCode()).as(tooShort.toString()).isEqualTo(1);
        assertThat(tooShort.err()).startsWith("riffle stream retention: InvalidArgumentException: Minimum allowed"
                + " retention period is 24 hours.");

        RiffleCli.Result unreachable = cli.run("stream", "list", "--endpoint", "http://127.0.0.1:1");
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(1);
        assertThat(unreachable.err()).isEqualTo("riffle stream list: cannot reach http://127.0.0.1:1: is the server"
                + " running there, and is the address right?\n");
    }

    @Test
    void putFromStdinThenTailFromTheOldestRecord() {
        String stream = Kit.createActive(kinesis, name("cli-put"), 2);
        String input = IntStream.range(0, 200).mapToObj(i -> "key" + (i % 7) + "\tline " + i).reduce("", (a, b) -> a + b + "\n");

        RiffleCli.Result put = ok(cli.runWithInput(input, "put", stream, "-K", "\t"));
        assertThat(put.out()).startsWith("put 200 records (1.49 KB) to " + stream + " in ");
        ok(cli.runWithInput("{\"user\":\"ann\",\"n\":1}\n{\"user\":\"bob\",\"n\":2}\n",
                "put", stream, "--format", "json", "--key-field", "user"));

        List<JsonNode> records = ok(cli.run("tail", stream, "--from", "trim-horizon", "--no-follow", "-o", "json",
                "--decode", "json")).lines().stream().map(CliIT::json).toList();
        assertThat(records).hasSize(202);
        for (int key = 0; key < 7; key++) {
            String partitionKey = "key" + key;
            List<String> shown = records.stream().filter(r -> r.get("PartitionKey").asText().equals(partitionKey))
                    .map(r -> r.get("Data").asText()).toList();
            int k = key;
            assertThat(shown).as("records of %s in order", partitionKey)
                    .containsExactlyElementsOf(IntStream.range(0, 200).filter(i -> i % 7 == k).mapToObj(i -> "line " + i).toList());
        }
        assertThat(records).filteredOn(r -> r.get("PartitionKey").asText().equals("bob"))
                .singleElement().satisfies(r -> assertThat(r.get("Data")).isEqualTo(json("{\"user\":\"bob\",\"n\":2}")));
        assertThat(ok(cli.run("tail", stream, "--from", "trim-horizon", "--no-follow", "--key", "bob", "--data-only"))
                .out()).isEqualTo("{\"user\":\"bob\",\"n\":2}\n");
        // a 56-digit sequence number names its shard: --from it needs no --shard
        JsonNode bob = records.stream().filter(r -> r.get("PartitionKey").asText().equals("bob")).findFirst().orElseThrow();
        assertThat(ok(cli.run("tail", stream, "--from", bob.get("SequenceNumber").asText(), "--no-follow", "--data-only"))
                .out()).startsWith("{\"user\":\"bob\",\"n\":2}\n");
    }

    @Test
    void tailShowsRecordsAsTheyArriveAcrossASplit() throws Exception {
        String stream = Kit.createActive(kinesis, name("cli-tail"), 1);
        try (RiffleCli.Running tail = cli.start("tail", stream, "--from", "trim-horizon", "--data-only")) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                kinesis.putRecord(r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("before " + n)));
            }
            assertThat(tail.nextLines(5, LINE_TIMEOUT)).containsExactly("before 0", "before 1", "before 2", "before 3", "before 4");

            kinesis.updateShardCount(r -> r.streamName(stream).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING));
            Kit.awaitActive(kinesis, stream);
            for (int i = 0; i < 5; i++) {
                int n = i;
                kinesis.putRecord(r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("after " + n)));
            }
            assertThat(tail.nextLines(5, LINE_TIMEOUT)).containsExactly("after 0", "after 1", "after 2", "after 3", "after 4");
        }
    }

    @Test
    void tailThroughAnEnhancedFanOutConsumer() throws Exception {
        String stream = Kit.createActive(kinesis, name("cli-efo"), 2);
        String streamArn = kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamARN();
        String consumerArn = kinesis.registerStreamConsumer(r -> r.streamARN(streamArn).consumerName("cli")).consumer().consumerARN();
        Kit.await(Kit.STATE_DEADLINE, "consumer ACTIVE", () -> kinesis.describeStreamConsumer(r -> r.consumerARN(consumerArn))
                .consumerDescription().consumerStatus() == ConsumerStatus.ACTIVE);

        try (RiffleCli.Running tail = cli.start("tail", stream, "--consumer", "cli", "--from", "trim-horizon", "-o", "json")) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String data = "pushed " + i;
                sent.add(data);
                kinesis.putRecord(r -> r.streamName(stream).partitionKey("same-key").data(SdkBytes.fromUtf8String(data)));
            }
            List<JsonNode> shown = tail.nextLines(6, LINE_TIMEOUT).stream().map(CliIT::json).toList();
            assertThat(shown).extracting(r -> r.get("Data").asText()).containsExactlyElementsOf(sent);
            assertThat(shown).extracting(r -> r.get("PartitionKey").asText()).containsOnly("same-key");
        }
    }

    @Test
    void tailDeaggregatesKplRecords() throws Exception {
        String stream = Kit.createActive(kinesis, name("cli-kpl"), 1);
        // the KPL's AggregatedRecord, written field by field (the KPL jar's generated classes need its protobuf runtime)
        java.io.ByteArrayOutputStream aggregate = new java.io.ByteArrayOutputStream();
        protobufBytes(aggregate, 1, "alpha".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        protobufBytes(aggregate, 1, "beta".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
            record.write(1 << 3); // partition_key_index, varint
            record.write(i % 2);
            protobufBytes(record, 3, ("user record " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            protobufBytes(aggregate, 3, record.toByteArray());
        }
        byte[] message = aggregate.toByteArray();
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        data.write(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        data.write(message);
        data.write(MessageDigest.getInstance("MD5").digest(message));
        kinesis.putRecord(r -> r.streamName(stream).partitionKey("alpha").data(SdkBytes.fromByteArray(data.toByteArray())));
        kinesis.putRecord(r -> r.streamName(stream).partitionKey("plain").data(SdkBytes.fromUtf8String("not aggregated")));

        List<JsonNode> shown = ok(cli.run("tail", stream, "--from", "trim-horizon", "--no-follow", "-o", "json"))
                .lines().stream().map(CliIT::json).toList();

        assertThat(shown).extracting(r -> r.get("PartitionKey").asText() + "/" + r.path("SubSequenceNumber").asText("-")
                + "/" + r.get("Data").asText())
                .containsExactly("alpha/0/user record 0", "beta/1/user record 1", "alpha/2/user record 2",
                        "plain/-/not aggregated");
        String raw = ok(cli.run("tail", stream, "--from", "trim-horizon", "--no-follow", "--no-kpl", "--decode", "hex",
                "--data-only")).lines().get(0);
        assertThat(raw).startsWith("f3899ac2");
    }

    /** A length-delimited protobuf field (lengths below 128 here: one varint byte). */
    private static void protobufBytes(java.io.ByteArrayOutputStream out, int field, byte[] bytes) {
        assertThat(bytes.length).isLessThan(128);
        out.write((field << 3) | 2);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    @Test
    void replayCopiesATimeRangeAndBenchReportsFigures() {
        String source = Kit.createActive(kinesis, name("cli-src"), 2);
        String target = Kit.createActive(kinesis, name("cli-dst"), 1);
        for (int i = 0; i < 30; i++) {
            int n = i;
            kinesis.putRecord(r -> r.streamName(source).partitionKey("p" + (n % 3)).data(SdkBytes.fromUtf8String("r" + n)));
        }

        assertThat(ok(cli.run("replay", source, target, "--from", "1h")).out())
                .startsWith("replayed 30 records (80 B) from " + source + " to " + target + " in ");
        List<String> copied = ok(cli.run("tail", target, "--from", "trim-horizon", "--no-follow", "--data-only")).lines();
        assertThat(copied).hasSize(30).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 30).mapToObj(i -> "r" + i).toList());

        String bench = name("cli-bench");
        RiffleCli.Result run = ok(cli.run("bench", bench, "--create", "--duration", "2", "--record-size", "100",
                "--batch", "10", "--concurrency", "2"));
        assertThat(run.out()).contains("records/s", "MB/s", "p99 ms").containsPattern("(?m)^\\s+total\\s+[0-9][0-9,.]*\\s");
        assertThat(run.out()).as("no colours without a terminal").doesNotContain("\u001b[");
    }
}
