package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.data.DataOperations;
import io.riffle.kinesis.data.IteratorKeyFile;
import io.riffle.kinesis.data.ShardIterators;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.metadata.SnapshotPolicy;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by the real jar of main before the restructure (commit f2656e1, the
 * parent of edd6f5f; {@code src/test/resources/fixtures/main-jar-f2656e1}, how it was made in
 * {@code README-main-jar-f2656e1.md}) opens under this code with every stream, shard lineage,
 * consumer and record: its {@code _meta} log is main's JSON, read through the kit's legacy
 * decoder. The test then goes on: new events after the old ones, a snapshot that replaces the old
 * log, the pending transitions main left firing by the (manual) clock.
 */
class MainDataDirectoryTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;
    /** After the fixture's last write (its records arrived from 1796367643493 to 1796367653696 ms). */
    private static final long FIXTURE_WRITTEN_MS = 1_796_367_660_000L;
    /** As main ran phase 2: what it left CREATING or DELETING stays so for 10 days. */
    private static final long DELAY_MS = 10 * DAY_MS;
    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/";

    @TempDir
    Path temp;

    private final AtomicLong clock = new AtomicLong(FIXTURE_WRITTEN_MS + HOUR_MS);

    private final class Node implements AutoCloseable {
        final LogStore store;
        final ControlPlane control;
        final ExecutorService reads = Executors.newFixedThreadPool(2);
        final Map<String, Operation> ops = new HashMap<>();

        Node(Path dir, SnapshotPolicy snapshots) throws Exception {
            store = LogStore.open(StoreConfig.at(dir).journalFileMaxBytes(1 << 20).segmentMaxBytes(1 << 20)
                    .clockMs(clock::get));
            control = new ControlPlane(store, KinesisSettings.defaults().withDelays(DELAY_MS, DELAY_MS), clock::get,
                    snapshots);
            ops.putAll(new StreamOperations(control).operations());
            ops.putAll(new ConsumerOperations(control).operations());
            ops.putAll(new DataOperations(control, new ShardIterators(IteratorKeyFile.loadOrCreate(dir)), reads)
                    .operations());
            ops.put("ListShards", new ListShardsOperation(control));
            ops.putAll(new ReshardOperations(control).operations());
        }

        ObjectNode call(String op, ObjectNode request) throws Exception {
            return ops.get(op).invoke(request).get(10, TimeUnit.SECONDS);
        }

        /** Every stream, its shards with their lineage, its consumers and its records, as text. */
        String describeAll() throws Exception {
            StringBuilder out = new StringBuilder();
            for (JsonNode name : call("ListStreams", req()).path("StreamNames")) {
                String stream = name.asText();
                JsonNode d = call("DescribeStreamSummary", req().put("StreamName", stream))
                        .path("StreamDescriptionSummary");
                out.append(stream).append(' ').append(d.path("StreamStatus").asText()).append(' ')
                        .append(d.path("StreamModeDetails").path("StreamMode").asText()).append(' ')
                        .append(d.path("RetentionPeriodHours").asInt()).append("h metrics=")
                        .append(d.path("EnhancedMonitoring").get(0).path("ShardLevelMetrics")).append(" tags=");
                for (JsonNode t : call("ListTagsForStream", req().put("StreamName", stream)).path("Tags")) {
                    out.append(t.path("Key").asText()).append(':').append(t.path("Value").asText()).append(',');
                }
                out.append('\n');
                for (JsonNode c : call("ListStreamConsumers", req().put("StreamARN", ARN + stream)).path("Consumers")) {
                    out.append("  consumer ").append(c.path("ConsumerName").asText()).append(' ')
                            .append(c.path("ConsumerStatus").asText()).append(' ')
                            .append(c.path("ConsumerARN").asText().replaceAll(".*:", "")).append('\n');
                }
                for (JsonNode shard : call("ListShards", req().put("StreamName", stream)).path("Shards")) {
                    String id = shard.path("ShardId").asText();
                    out.append("  ").append(id.substring(id.length() - 1))
                            .append(shard.has("ParentShardId") ? " <" + tail(shard.path("ParentShardId")) : "")
                            .append(shard.has("AdjacentParentShardId") ? "+" + tail(shard.path("AdjacentParentShardId")) : "")
                            .append(' ').append(shard.path("HashKeyRange").path("StartingHashKey").asText())
                            .append(shard.path("SequenceNumberRange").has("EndingSequenceNumber") ? " closed" : " open")
                            .append(':');
                    if (d.path("StreamStatus").asText().matches("ACTIVE|UPDATING")) { // others have no records to read
                        for (String r : records(stream, id)) {
                            out.append(' ').append(r);
                        }
                    }
                    out.append('\n');
                }
            }
            return out.toString();
        }

        /** A shard's records in order as "partitionKey=data", checking their sequence numbers increase. */
        List<String> records(String stream, String shardId) throws Exception {
            String iterator = call("GetShardIterator", req().put("StreamName", stream).put("ShardId", shardId)
                    .put("ShardIteratorType", "TRIM_HORIZON")).path("ShardIterator").asText();
            List<String> records = new ArrayList<>();
            String last = "0";
            while (iterator != null && !iterator.isEmpty()) {
                JsonNode got = call("GetRecords", req().put("ShardIterator", iterator));
                for (JsonNode r : got.path("Records")) {
                    String seq = r.path("SequenceNumber").asText();
                    assertThat(new java.math.BigInteger(seq)).isGreaterThan(new java.math.BigInteger(last));
                    last = seq;
                    records.add(r.path("PartitionKey").asText() + "="
                            + new String(r.path("Data").binaryValue(), StandardCharsets.UTF_8).replace(' ', '_'));
                }
                if (got.path("Records").isEmpty()) {
                    break; // at the open end (a closed shard's end answers no iterator)
                }
                iterator = got.path("NextShardIterator").asText(null);
            }
            return records;
        }

        @Override
        public void close() {
            control.close();
            reads.shutdownNow();
            store.close();
        }
    }

    private static String tail(JsonNode shardId) {
        String id = shardId.asText();
        return id.substring(id.length() - 1);
    }

    private static ObjectNode req() {
        return JSON.objectNode();
    }

    /**
     * What main's jar left, as {@link Node#describeAll} shows it: every record in the shard its
     * partition key's MD5 falls in (checked apart, with Python's hashlib), in the order written.
     */
    private static final String WRITTEN_BY_MAIN = """
            flex ACTIVE ON_DEMAND 24h metrics=[] tags=
              0 0 open:
              1 85070591730234615865843651857942052864 open: r-0=flex_r_0 r-1=flex_r_1 r-2=flex_r_2
              2 170141183460469231731687303715884105728 open: r-3=flex_r_3
              3 255211775190703847597530955573826158592 open: r-4=flex_r_4
            gone DELETING PROVISIONED 24h metrics=[] tags=
              0 0 open:
            merged ACTIVE PROVISIONED 24h metrics=[] tags=
              0 0 closed: before-0=merged_before_0 before-1=merged_before_1 before-3=merged_before_3
              1 170141183460469231731687303715884105728 closed: before-2=merged_before_2 before-4=merged_before_4 before-5=merged_before_5
              2 <0+1 0 open: after-0=merged_after_0 after-1=merged_after_1 after-2=merged_after_2 after-3=merged_after_3
            orders ACTIVE PROVISIONED 48h metrics=["IncomingBytes"] tags=env:test,team:payments,
              consumer late CREATING 1796367653
              consumer leaving DELETING 1796367648
              consumer reader ACTIVE 1796367648
              0 0 closed: before-0=orders_before_0 before-1=orders_before_1 before-3=orders_before_3 before-6=orders_before_6
              1 170141183460469231731687303715884105728 open: before-2=orders_before_2 before-4=orders_before_4 before-5=orders_before_5 before-7=orders_before_7 before-8=orders_before_8 before-9=orders_before_9 after-0=orders_after_0 after-1=orders_after_1 after-2=orders_after_2 after-4=orders_after_4 restart-0=orders_restart_0 restart-1=orders_restart_1
              2 <0 0 open: after-3=orders_after_3
              3 <0 85070591730234615865843651857942052864 open: after-5=orders_after_5
            pending CREATING PROVISIONED 24h metrics=[] tags=
              0 0 open:
            scaled ACTIVE PROVISIONED 24h metrics=[] tags=
              0 0 closed: before-0=scaled_before_0 before-1=scaled_before_1 before-3=scaled_before_3
              1 170141183460469231731687303715884105728 closed: before-2=scaled_before_2 before-4=scaled_before_4 before-5=scaled_before_5
              2 <0 0 open: after-3=scaled_after_3
              3 <0 113427455640312821154458202477256070485 closed:
              4 <1 170141183460469231731687303715884105728 closed:
              5 <1 226854911280625642308916404954512140970 open:
              6 <3+4 113427455640312821154458202477256070485 open: after-0=scaled_after_0 after-1=scaled_after_1 after-2=scaled_after_2 after-4=scaled_after_4 after-5=scaled_after_5
            switch ACTIVE ON_DEMAND 24h metrics=[] tags=
              0 0 open:
            """;

    private Path copyOfTheFixture() throws Exception {
        Path fixture = Paths.get(MainDataDirectoryTest.class.getResource("/fixtures/main-jar-f2656e1").toURI());
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
        return dir;
    }

    @Test
    void aDataDirectoryWrittenByMainsJarOpensIntactAndGoesOn() throws Exception {
        Path dir = copyOfTheFixture();
        try (Node node = new Node(dir, SnapshotPolicy.NEVER)) {
            assertThat(node.control.metadataLog().openReport().eventsReplayed()).isEqualTo(35);
            assertThat(node.describeAll()).isEqualTo(WRITTEN_BY_MAIN);
            assertThat(node.control.metadataLog().pendingTimers().join()).containsOnlyKeys("stream/7", "stream/4",
                    "consumer/" + ARN + "orders/consumer/late:1796367653",
                    "consumer/" + ARN + "orders/consumer/leaving:1796367648");
            // new events follow main's in the same log, in the kit's envelope
            node.call("PutRecord", req().put("StreamName", "orders").put("PartitionKey", "new")
                    .put("Data", "orders new".getBytes(StandardCharsets.UTF_8)));
            node.call("AddTagsToStream", tagged("orders", "new", "yes"));
        }
        String afterChange = WRITTEN_BY_MAIN.replace("team:payments,", "new:yes,team:payments,")
                .replace("after-3=orders_after_3\n", "after-3=orders_after_3 new=orders_new\n");
        try (Node node = new Node(dir, new SnapshotPolicy(1, 0))) {
            assertThat(node.control.metadataLog().openReport().eventsReplayed()).isEqualTo(36);
            assertThat(node.describeAll()).isEqualTo(afterChange);
            node.call("RemoveTagsFromStream", untag("orders", "new")); // an event: the policy snapshots
            assertThat(node.control.metadataLog().generation().join()).isEqualTo(1);
            assertThat(node.store.logIds()).contains("_meta.1").doesNotContain("_meta");
        }
        try (Node node = new Node(dir, SnapshotPolicy.NEVER)) {
            assertThat(node.control.metadataLog().openReport().fromSnapshot()).isTrue();
            assertThat(node.control.metadataLog().openReport().eventsReplayed()).isZero();
            assertThat(node.describeAll()).isEqualTo(afterChange.replace("new:yes,", ""));
            assertThat(node.control.metadataLog().pendingTimers().join()).hasSize(4);

            // main's pending transitions end when their time comes
            clock.set(1_796_367_653_485L + DELAY_MS);
            node.control.fireDueTransitions().join();
            assertThat(node.describeAll()).doesNotContain("gone").doesNotContain("leaving")
                    .contains("pending ACTIVE").contains("consumer late ACTIVE");
            assertThat(node.store.logIds()).doesNotContain("s4-0").contains("s7-0");
            assertThat(node.control.metadataLog().pendingTimers().join()).isEmpty();
        }
    }

    private static ObjectNode tagged(String stream, String key, String value) {
        ObjectNode r = req().put("StreamName", stream);
        r.putObject("Tags").put(key, value);
        return r;
    }

    private static ObjectNode untag(String stream, String key) {
        ObjectNode r = req().put("StreamName", stream);
        r.putArray("TagKeys").add(key);
        return r;
    }
}
