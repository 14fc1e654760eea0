package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.data.DataOperations;
import io.riffle.kinesis.data.ShardIterators;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.TreeCalls;
import io.riffle.kinesis.protocol.TreeCalls.TreeOperation;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.LogStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations against a real store, without HTTP: the semantics under the wire format. */
class OperationsInProcessTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    @TempDir
    Path temp;
    private LogStore store;
    private ControlPlane control;
    private ExecutorService reads;
    private final Map<String, TreeOperation> ops = new HashMap<>();
    private KinesisSettings settings = KinesisSettings.defaults().withDelays(0, 0);

    @BeforeEach
    void start() throws Exception {
        open();
    }

    private void open() throws Exception {
        store = LogStore.open(StoreConfig.at(temp.resolve("data")));
        control = new ControlPlane(store, settings, System::currentTimeMillis);
        reads = Executors.newFixedThreadPool(2);
        ops.clear();
        ops.putAll(TreeCalls.byName(new StreamOperations(control).operations()));
        ops.putAll(TreeCalls.byName(new DataOperations(control, new ShardIterators(new byte[32]), reads).operations()));
        ops.put("ListShards", TreeCalls.of(new ListShardsOperation(control).registration()));
        ops.putAll(TreeCalls.byName(new ReshardOperations(control).operations()));
    }

    @AfterEach
    void stop() {
        control.close();
        reads.shutdownNow();
        store.close();
    }

    private ObjectNode call(String op, ObjectNode request) {
        try {
            return ops.get(op).invoke(request).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode req() {
        return JSON.objectNode();
    }

    private void awaitActive(String name) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonNode d = call("DescribeStreamSummary", req().put("StreamName", name));
            if (d.path("StreamDescriptionSummary").path("StreamStatus").asText().equals("ACTIVE")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " never became ACTIVE");
    }

    private void awaitOpenShards(String name, int count) throws InterruptedException {
        ObjectNode latest = req().put("StreamName", name).set("ShardFilter", req().put("Type", "AT_LATEST"));
        for (int i = 0; i < 500; i++) {
            if (call("ListShards", latest.deepCopy()).path("Shards").size() == count) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " never had " + count + " open shards");
    }

    @Test
    void getShardIteratorLooksAtStorageOnTheReadPoolNotOnTheCallersThread() throws Exception {
        call("CreateStream", req().put("StreamName", "it").put("ShardCount", 1));
        awaitActive("it");
        call("PutRecord", req().put("StreamName", "it").put("PartitionKey", "k").put("Data", new byte[] {1}));
        Queue<Runnable> readPool = new ConcurrentLinkedQueue<>();
        TreeOperation getShardIterator = TreeCalls.byName(new DataOperations(control,
                new ShardIterators(new byte[32]), readPool::add).operations()).get("GetShardIterator");
        CompletableFuture<ObjectNode> answer = getShardIterator.invoke(req().put("StreamName", "it")
                .put("ShardId", "shardId-000000000000").put("ShardIteratorType", "AT_TIMESTAMP")
                .put("Timestamp", 0));
        assertThat(answer).as("nothing done on the caller's thread").isNotDone();
        assertThat(readPool).hasSize(1);
        readPool.remove().run();
        assertThat(answer.get(10, TimeUnit.SECONDS).path("ShardIterator").asText()).isNotEmpty();
    }

    @Test
    void createPutGetAcrossARestart() throws Exception {
        call("CreateStream", req().put("StreamName", "s").put("ShardCount", 3));
        awaitActive("s");
        assertThatThrownBy(() -> call("CreateStream", req().put("StreamName", "s").put("ShardCount", 1)))
                .isInstanceOf(KinesisException.class).hasMessage("Stream s under account 000000000000 already exists.");

        String[] sequenceNumbers = new String[20];
        String shardOfTruck = null;
        for (int i = 0; i < 20; i++) {
            ObjectNode put = req().put("StreamName", "s").put("PartitionKey", "truck-1")
                    .put("Data", ("point " + i).getBytes(StandardCharsets.UTF_8));
            JsonNode out = call("PutRecord", put);
            sequenceNumbers[i] = out.path("SequenceNumber").asText();
            shardOfTruck = out.path("ShardId").asText();
            if (i > 0) {
                assertThat(sequenceNumbers[i]).isGreaterThan(sequenceNumbers[i - 1]);
            }
        }
        JsonNode shards = call("ListShards", req().put("StreamName", "s"));
        assertThat(shards.path("Shards")).hasSize(3);

        stop();
        open();
        awaitActive("s");
        String iterator = call("GetShardIterator", req().put("StreamName", "s").put("ShardId", shardOfTruck)
                .put("ShardIteratorType", "AFTER_SEQUENCE_NUMBER").put("StartingSequenceNumber", sequenceNumbers[4]))
                .path("ShardIterator").asText();
        JsonNode got = call("GetRecords", req().put("ShardIterator", iterator).put("Limit", 100));
        assertThat(got.path("Records")).hasSize(15);
        assertThat(new String(got.path("Records").get(0).path("Data").binaryValue(), StandardCharsets.UTF_8))
                .isEqualTo("point 5");
        assertThat(got.path("Records").get(0).path("SequenceNumber").asText()).isEqualTo(sequenceNumbers[5]);
        assertThat(got.path("MillisBehindLatest").asLong()).isZero();

        ObjectNode batch = req().put("StreamName", "s");
        var records = batch.putArray("Records");
        for (int i = 0; i < 500; i++) {
            records.addObject().put("PartitionKey", "k" + i).put("Data", new byte[] {(byte) i});
        }
        JsonNode putRecords = call("PutRecords", batch);
        assertThat(putRecords.path("FailedRecordCount").asInt()).isZero();
        assertThat(putRecords.path("Records")).hasSize(500);
        String after = call("GetRecords", req().put("ShardIterator", got.path("NextShardIterator").asText()))
                .path("Records").toString();
        assertThat(after).isNotEqualTo("[]");
    }

    @Test
    void splitAndMergeWhileProducersWriteLoseNothingAndKeepOrderPerKey() throws Exception {
        call("CreateStream", req().put("StreamName", "rs").put("ShardCount", 2));
        awaitActive("rs");
        int producers = 4;
        int perProducer = 300;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        CountDownLatch firstBatches = new CountDownLatch(producers);
        java.util.List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            running.add(pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    ObjectNode batch = req().put("StreamName", "rs");
                    var records = batch.putArray("Records");
                    for (int k = 0; k < 3; k++) {
                        records.addObject().put("PartitionKey", "key-" + producer + "-" + k)
                                .put("Data", (producer + ":" + k + ":" + i).getBytes(StandardCharsets.UTF_8));
                    }
                    JsonNode out = call("PutRecords", batch);
                    assertThat(out.path("FailedRecordCount").asInt()).isZero();
                    firstBatches.countDown();
                }
                return null;
            }));
        }
        firstBatches.await(10, TimeUnit.SECONDS); // the split happens while they write
        call("SplitShard", req().put("StreamName", "rs").put("ShardToSplit", "shardId-000000000000")
                .put("NewStartingHashKey", "85070591730234615865843651857942052864"));
        awaitActive("rs");
        call("MergeShards", req().put("StreamName", "rs").put("ShardToMerge", "shardId-000000000002")
                .put("AdjacentShardToMerge", "shardId-000000000003"));
        awaitActive("rs");
        for (var f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        JsonNode shards = call("ListShards", req().put("StreamName", "rs")).path("Shards");
        assertThat(shards).hasSize(5);
        assertThat(call("ListShards", req().put("StreamName", "rs").set("ShardFilter",
                req().put("Type", "AT_LATEST"))).path("Shards")).extracting(j -> j.path("ShardId").asText())
                .containsExactly("shardId-000000000001", "shardId-000000000004");
        // read parents before children, following ChildShards
        Map<String, java.util.List<Integer>> seen = new HashMap<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(java.util.List.of("shardId-000000000000",
                "shardId-000000000001"));
        java.util.Set<String> done = new java.util.HashSet<>();
        int total = 0;
        while (!todo.isEmpty()) {
            String shard = todo.poll();
            if (!done.add(shard)) {
                continue;
            }
            String it = call("GetShardIterator", req().put("StreamName", "rs").put("ShardId", shard)
                    .put("ShardIteratorType", "TRIM_HORIZON")).path("ShardIterator").asText();
            while (it != null) {
                JsonNode got = call("GetRecords", req().put("ShardIterator", it));
                for (JsonNode rec : got.path("Records")) {
                    String[] parts = new String(rec.path("Data").binaryValue(), StandardCharsets.UTF_8).split(":");
                    seen.computeIfAbsent(parts[0] + ":" + parts[1], k -> new java.util.ArrayList<>())
                            .add(Integer.parseInt(parts[2]));
                    total++;
                }
                if (got.hasNonNull("NextShardIterator")) {
                    it = got.path("Records").isEmpty() && isOpen(shards, shard) ? null : got.path("NextShardIterator").asText();
                } else {
                    it = null;
                    got.path("ChildShards").forEach(c -> todo.add(c.path("ShardId").asText()));
                }
            }
        }
        assertThat(total).isEqualTo(producers * perProducer * 3);
        seen.values().forEach(list -> assertThat(list).isSorted().doesNotHaveDuplicates().hasSize(perProducer));
    }

    @Test
    void updateShardCountStepsKeepCoverageAndLineage() throws Exception {
        call("CreateStream", req().put("StreamName", "u").put("ShardCount", 2));
        awaitActive("u");
        for (int i = 0; i < 40; i++) {
            call("PutRecord", req().put("StreamName", "u").put("PartitionKey", "k" + i).put("Data", new byte[] {1}));
        }
        assertThatThrownBy(() -> call("UpdateShardCount", req().put("StreamName", "u").put("TargetShardCount", 8)
                .put("ScalingType", "UNIFORM_SCALING"))).isInstanceOf(KinesisException.class)
                .hasMessageContaining("more than double");
        for (int target : new int[] {4, 8, 4, 3}) {
            JsonNode out = call("UpdateShardCount", req().put("StreamName", "u").put("TargetShardCount", target)
                    .put("ScalingType", "UNIFORM_SCALING"));
            assertThat(out.path("TargetShardCount").asInt()).isEqualTo(target);
            awaitActive("u");
            JsonNode all = call("ListShards", req().put("StreamName", "u")).path("Shards");
            java.util.List<JsonNode> open = new java.util.ArrayList<>();
            Map<String, JsonNode> byId = new HashMap<>();
            for (JsonNode shard : all) {
                byId.put(shard.path("ShardId").asText(), shard);
                if (!shard.path("SequenceNumberRange").has("EndingSequenceNumber")) {
                    open.add(shard);
                }
            }
            assertThat(open).as("open shards after scaling to %d", target).hasSize(target);
            open.sort(java.util.Comparator.comparing(j -> new java.math.BigInteger(j.path("HashKeyRange").path("StartingHashKey").asText())));
            java.math.BigInteger expected = java.math.BigInteger.ZERO;
            for (JsonNode shard : open) {
                assertThat(new java.math.BigInteger(shard.path("HashKeyRange").path("StartingHashKey").asText()))
                        .as("no gap or overlap").isEqualTo(expected);
                expected = new java.math.BigInteger(shard.path("HashKeyRange").path("EndingHashKey").asText())
                        .add(java.math.BigInteger.ONE);
            }
            assertThat(expected).isEqualTo(java.math.BigInteger.ONE.shiftLeft(128));
            for (JsonNode shard : all) {
                for (String parent : new String[] {shard.path("ParentShardId").asText(null),
                        shard.path("AdjacentParentShardId").asText(null)}) {
                    if (parent != null) {
                        assertThat(byId.get(parent).path("SequenceNumberRange").has("EndingSequenceNumber"))
                                .as("parent %s of %s is closed", parent, shard.path("ShardId").asText()).isTrue();
                    }
                }
            }
        }
    }

    private static boolean isOpen(JsonNode shards, String shardId) {
        for (JsonNode s : shards) {
            if (s.path("ShardId").asText().equals(shardId)) {
                return !s.path("SequenceNumberRange").has("EndingSequenceNumber");
            }
        }
        return false;
    }

    private void restart() throws Exception {
        stop();
        open();
    }

    @Test
    void theModeSwitchQuotaIsRebuiltFromEventsAtRestart() throws Exception {
        call("CreateStream", req().put("StreamName", "m").put("ShardCount", 1));
        awaitActive("m");
        String arn = "arn:aws:kinesis:us-east-1:000000000000:stream/m";
        for (String mode : new String[] {"ON_DEMAND", "PROVISIONED"}) {
            ObjectNode update = req().put("StreamARN", arn);
            update.putObject("StreamModeDetails").put("StreamMode", mode);
            call("UpdateStreamMode", update);
        }
        restart();
        ObjectNode third = req().put("StreamARN", arn);
        third.putObject("StreamModeDetails").put("StreamMode", "ON_DEMAND");
        assertThatThrownBy(() -> call("UpdateStreamMode", third)).isInstanceOf(KinesisException.class)
                .hasMessage("Stream m under account 000000000000 has switched capacity mode 2 times in the last 24 hours;"
                        + " the limit is 2.");
    }

    @Test
    void theUpdateShardCountQuotaIsRebuiltFromEventsAtRestart() throws Exception {
        stop();
        settings = settings.withUpdateShardCountPerDay(2);
        open();
        call("CreateStream", req().put("StreamName", "q").put("ShardCount", 1));
        awaitActive("q");
        for (int target : new int[] {2, 1}) {
            call("UpdateShardCount", req().put("StreamName", "q").put("TargetShardCount", target)
                    .put("ScalingType", "UNIFORM_SCALING"));
            awaitOpenShards("q", target);
            awaitActive("q");
        }
        ObjectNode third = req().put("StreamName", "q").put("TargetShardCount", 2).put("ScalingType", "UNIFORM_SCALING");
        String refused = "UpdateShardCount of stream q under account 000000000000 was called 2 times in the last 24"
                + " hours; the limit is 2.";
        assertThatThrownBy(() -> call("UpdateShardCount", third.deepCopy())).isInstanceOf(KinesisException.class)
                .hasMessage(refused);
        restart();
        awaitActive("q");
        assertThatThrownBy(() -> call("UpdateShardCount", third.deepCopy())).isInstanceOf(KinesisException.class)
                .hasMessage(refused);
    }

    @Test
    void capacityModeSwitchesAtMostTwicePerDay() throws Exception {
        call("CreateStream", req().put("StreamName", "m").put("ShardCount", 1));
        awaitActive("m");
        String arn = "arn:aws:kinesis:us-east-1:000000000000:stream/m";
        for (String mode : new String[] {"ON_DEMAND", "PROVISIONED"}) {
            ObjectNode update = req().put("StreamARN", arn);
            update.putObject("StreamModeDetails").put("StreamMode", mode);
            call("UpdateStreamMode", update);
            assertThat(call("DescribeStreamSummary", req().put("StreamName", "m")).path("StreamDescriptionSummary")
                    .path("StreamModeDetails").path("StreamMode").asText()).isEqualTo(mode);
        }
        ObjectNode third = req().put("StreamARN", arn);
        third.putObject("StreamModeDetails").put("StreamMode", "ON_DEMAND");
        assertThatThrownBy(() -> call("UpdateStreamMode", third)).isInstanceOf(KinesisException.class)
                .hasMessageContaining("the limit is 2");
        assertThat(call("DescribeLimits", req()).path("OnDemandStreamCount").asInt()).isZero();
    }

    @Test
    void onDemandStreamsSplitTheirBusiestShardAndKeepEveryRecord() throws Exception {
        ObjectNode create = req().put("StreamName", "od");
        create.putObject("StreamModeDetails").put("StreamMode", "ON_DEMAND");
        call("CreateStream", create);
        awaitActive("od");
        assertThat(call("ListShards", req().put("StreamName", "od")).path("Shards")).hasSize(4);
        // a shard's limit is 10 KB/s here and the scaler looks at 1 s of traffic: 9 KB is 90%
        OnDemandScaler scaler = new OnDemandScaler(control, control.traffic(), new ReshardOperations(control).splitShard(), 1000, 10_000, 1000);
        for (int i = 0; i < 9; i++) {
            call("PutRecord", req().put("StreamName", "od").put("PartitionKey", "hot").put("Data", new byte[1000]));
        }
        scaler.run(); // one hot shard, but the stream's 4 shards are more than twice its load: no split
        assertThat(call("ListShards", req().put("StreamName", "od")).path("Shards")).hasSize(4);
        String[] starts = {"0", "85070591730234615865843651857942052864", "170141183460469231731687303715884105728",
            "255211775190703847597530955573826158592"};
        for (String start : starts) { // every shard near its limit: the stream nears its capacity
            for (int i = 0; i < 9; i++) {
                call("PutRecord", req().put("StreamName", "od").put("PartitionKey", "k").put("ExplicitHashKey", start)
                        .put("Data", new byte[1000 - i]));
            }
        }
        scaler.run();
        awaitOpenShards("od", 5); // the scaler's split, made asynchronously
        awaitActive("od");
        JsonNode shards = call("ListShards", req().put("StreamName", "od").set("ShardFilter", req().put("Type", "AT_LATEST")))
                .path("Shards");
        assertThat(shards).hasSize(5);
        scaler.run(); // no traffic since: no further split
        awaitActive("od");
        assertThat(call("ListShards", req().put("StreamName", "od").set("ShardFilter", req().put("Type", "AT_LATEST")))
                .path("Shards")).hasSize(5);
        long records = 0;
        for (JsonNode shard : call("ListShards", req().put("StreamName", "od")).path("Shards")) {
            String it = call("GetShardIterator", req().put("StreamName", "od").put("ShardId", shard.path("ShardId").asText())
                    .put("ShardIteratorType", "TRIM_HORIZON")).path("ShardIterator").asText();
            records += call("GetRecords", req().put("ShardIterator", it)).path("Records").size();
        }
        assertThat(records).isEqualTo(45);
    }

    @Test
    void errorsNameTheProblem() {
        assertThatThrownBy(() -> call("DescribeStream", req().put("StreamName", "nope")))
                .hasMessage("Stream nope under account 000000000000 not found.");
        call("CreateStream", req().put("StreamName", "r").put("ShardCount", 1));
        assertThatThrownBy(() -> call("GetRecords", req().put("ShardIterator", "garbage")))
                .hasMessage("Invalid ShardIterator.");
    }
}
