package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.data.DataOperations;
import io.riffle.kinesis.data.ShardIterators;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.protocol.TreeCalls;
import io.riffle.kinesis.protocol.TreeCalls.TreeOperation;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by main before the registry moves onto the metadata kit
 * ({@code src/test/resources/fixtures/main-data-v1}: streams ACTIVE, CREATING, DELETING and
 * ON_DEMAND, a split, a consumer, tags, a retention change, records) opens with everything intact.
 * The directory was written by {@link #writeFixture} with main's code:
 * {@code ./mvnw -B -o test -pl riffle-kinesis -am -Dtest=MainDataDirectoryTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Driffle.fixture.write=$PWD/riffle-kinesis/src/test/resources/fixtures/main-data-v1}.
 */
class MainDataDirectoryTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long HOUR_MS = 3_600_000L;
    /**
     * The fixture's clock starts here (2026-09-17), and the test's an hour later: the records'
     * arrival times are fixed, so retention never trims them however late the test runs.
     */
    private static final long FIXTURE_WRITTEN_MS = 1_790_000_000_000L;

    @TempDir
    Path temp;

    private final class Node implements AutoCloseable {
        final LogStore store;
        final ControlPlane control;
        final ExecutorService reads = Executors.newFixedThreadPool(2);
        final Map<String, TreeOperation> ops = new HashMap<>();

        Node(Path dir, long startMs, long createDelayMs, long deleteDelayMs) throws Exception {
            long startNanos = System.nanoTime();
            java.util.function.LongSupplier clockMs = () -> startMs + (System.nanoTime() - startNanos) / 1_000_000;
            store = LogStore.open(StoreConfig.at(dir).journalFileMaxBytes(1 << 20).segmentMaxBytes(1 << 20)
                    .clockMs(clockMs));
            control = new ControlPlane(store, KinesisSettings.defaults().withDelays(createDelayMs, deleteDelayMs),
                    clockMs);
            ops.putAll(TreeCalls.byName(new StreamOperations(control).operations()));
            ops.putAll(TreeCalls.byName(new ConsumerOperations(control).operations()));
            ops.putAll(TreeCalls.byName(new DataOperations(control, new ShardIterators(new byte[32]), reads).operations()));
            ops.put("ListShards", TreeCalls.of(new ListShardsOperation(control).registration()));
            ops.putAll(TreeCalls.byName(new ReshardOperations(control).operations()));
        }

        ObjectNode call(String op, ObjectNode request) throws Exception {
            return ops.get(op).invoke(request).get(10, TimeUnit.SECONDS);
        }

        String status(String stream) throws Exception {
            return call("DescribeStreamSummary", req().put("StreamName", stream)).path("StreamDescriptionSummary")
                    .path("StreamStatus").asText();
        }

        void awaitActive(String stream) throws Exception {
            for (int i = 0; i < 500 && !status(stream).equals("ACTIVE"); i++) {
                Thread.sleep(10); // polls for a state the writer is about to reach; no negative is asserted
            }
            assertThat(status(stream)).isEqualTo("ACTIVE");
        }

        @Override
        public void close() {
            control.close();
            reads.shutdownNow();
            store.close();
        }
    }

    private static ObjectNode req() {
        return JSON.objectNode();
    }

    @Test
    @EnabledIfSystemProperty(named = "riffle.fixture.write", matches = ".+")
    void writeFixture() throws Exception {
        Path dir = Paths.get(System.getProperty("riffle.fixture.write"));
        try (Node node = new Node(dir, FIXTURE_WRITTEN_MS, 0, 0)) {
            node.call("CreateStream", req().put("StreamName", "orders").put("ShardCount", 2));
            node.call("CreateStream", req().put("StreamName", "gone").put("ShardCount", 1));
            node.call("CreateStream", req().put("StreamName", "flex").put("ShardCount", 1));
            for (String s : new String[] {"orders", "gone", "flex"}) {
                node.awaitActive(s);
            }
            for (int i = 0; i < 10; i++) {
                node.call("PutRecord", req().put("StreamName", "orders").put("PartitionKey", "k" + i)
                        .put("Data", ("order " + i).getBytes(StandardCharsets.UTF_8)));
            }
            node.call("SplitShard", req().put("StreamName", "orders").put("ShardToSplit", "shardId-000000000000")
                    .put("NewStartingHashKey", "85070591730234615865843651857942052864"));
            node.awaitActive("orders");
            node.call("PutRecord", req().put("StreamName", "orders").put("PartitionKey", "after")
                    .put("Data", "after the split".getBytes(StandardCharsets.UTF_8)));
            ObjectNode tags = req().put("StreamName", "orders");
            tags.putObject("Tags").put("team", "payments").put("env", "test");
            node.call("AddTagsToStream", tags);
            node.call("IncreaseStreamRetentionPeriod", req().put("StreamName", "orders").put("RetentionPeriodHours", 48));
            node.awaitActive("orders");
            node.call("RegisterStreamConsumer", req().put("StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/orders")
                    .put("ConsumerName", "reader"));
            ObjectNode mode = req().put("StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/flex");
            mode.putObject("StreamModeDetails").put("StreamMode", "ON_DEMAND");
            node.call("UpdateStreamMode", mode);
        }
        try (Node node = new Node(dir, FIXTURE_WRITTEN_MS + 60_000, 10 * 24 * HOUR_MS, 10 * 24 * HOUR_MS)) {
            node.call("CreateStream", req().put("StreamName", "pending").put("ShardCount", 1)); // stays CREATING
            node.call("DeleteStream", req().put("StreamName", "gone")); // stays DELETING
        }
    }

    @Test
    void aDataDirectoryWrittenByMainOpensIntact() throws Exception {
        Path fixture = Paths.get(MainDataDirectoryTest.class.getResource("/fixtures/main-data-v1").toURI());
        Path dir = temp.resolve("data");
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        try (Node node = new Node(dir, FIXTURE_WRITTEN_MS + HOUR_MS, 10 * 24 * HOUR_MS, 10 * 24 * HOUR_MS)) {
            JsonNode names = node.call("ListStreams", req()).path("StreamNames");
            assertThat(names).extracting(JsonNode::asText).containsExactly("flex", "gone", "orders", "pending");
            assertThat(node.status("orders")).isEqualTo("ACTIVE");
            assertThat(node.status("pending")).isEqualTo("CREATING");
            assertThat(node.status("gone")).isEqualTo("DELETING");

            JsonNode flex = node.call("DescribeStreamSummary", req().put("StreamName", "flex")).path("StreamDescriptionSummary");
            assertThat(flex.path("StreamModeDetails").path("StreamMode").asText()).isEqualTo("ON_DEMAND");

            JsonNode orders = node.call("DescribeStreamSummary", req().put("StreamName", "orders"))
                    .path("StreamDescriptionSummary");
            assertThat(orders.path("RetentionPeriodHours").asInt()).isEqualTo(48);
            assertThat(orders.path("OpenShardCount").asInt()).isEqualTo(3);
            assertThat(orders.path("ConsumerCount").asInt()).isEqualTo(1);

            JsonNode shards = node.call("ListShards", req().put("StreamName", "orders")).path("Shards");
            assertThat(shards).extracting(s -> s.path("ShardId").asText()).containsExactly("shardId-000000000000",
                    "shardId-000000000001", "shardId-000000000002", "shardId-000000000003");
            assertThat(shards.get(0).path("SequenceNumberRange").has("EndingSequenceNumber")).isTrue();
            assertThat(shards.get(2).path("ParentShardId").asText()).isEqualTo("shardId-000000000000");

            JsonNode tags = node.call("ListTagsForStream", req().put("StreamName", "orders")).path("Tags");
            assertThat(tags).extracting(t -> t.path("Key").asText() + "=" + t.path("Value").asText())
                    .containsExactly("env=test", "team=payments");

            JsonNode consumers = node.call("ListStreamConsumers",
                    req().put("StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/orders")).path("Consumers");
            assertThat(consumers).extracting(c -> c.path("ConsumerName").asText() + "/" + c.path("ConsumerStatus").asText())
                    .containsExactly("reader/ACTIVE");

            List<String> data = new ArrayList<>();
            for (JsonNode shard : shards) {
                String iterator = node.call("GetShardIterator", req().put("StreamName", "orders")
                        .put("ShardId", shard.path("ShardId").asText()).put("ShardIteratorType", "TRIM_HORIZON"))
                        .path("ShardIterator").asText();
                for (JsonNode r : node.call("GetRecords", req().put("ShardIterator", iterator)).path("Records")) {
                    data.add(new String(r.path("Data").binaryValue(), StandardCharsets.UTF_8));
                }
            }
            assertThat(data).hasSize(11).contains("order 0", "order 9", "after the split");
        }
    }
}
