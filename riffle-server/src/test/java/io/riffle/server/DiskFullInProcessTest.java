package io.riffle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.kinesis.control.ConsumerOperations;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.control.ListShardsOperation;
import io.riffle.kinesis.control.ReshardOperations;
import io.riffle.kinesis.control.StreamOperations;
import io.riffle.kinesis.data.DataOperations;
import io.riffle.kinesis.data.ShardIterators;
import io.riffle.kinesis.metrics.KinesisMetrics;
import io.riffle.server.metrics.StorageMetrics;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.storage.IoErrorKind;
import io.riffle.storage.LogCapture;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.LogStore;
import io.riffle.storage.io.SimulatedDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every write path on a full disk, in process over the simulated disk: each answers a retryable
 * 5xx that says the disk is full, changes nothing (registry, storage, temporary files), and works
 * again once space is freed; {@code /health} and {@code /metrics} say so meanwhile.
 */
class DiskFullInProcessTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Path DATA = Path.of("/sim/data");
    private static final String FULL = ": the disk of Riffle's data directory is full. Retry once space is freed.";

    @RegisterExtension
    final LogCapture logs = LogCapture.ofNames("io.riffle.storage.engine", "io.riffle.kinesis.control", "io.riffle.metadata")
            .expect(Level.WARN, "No space left on device")
            .expect(Level.ERROR, "No space left on device|simulated fsync failure")
            .expect(Level.WARN, "a reshard step could not be stored");

    private final SimulatedDisk disk = new SimulatedDisk();
    private MetricsRegistry metricsRegistry;
    private final Map<String, Operation> ops = new HashMap<>();
    private LogStore store;
    private ControlPlane control;
    private ExecutorService reads;

    private void open(long createDelayMs) throws Exception {
        // no timed checkpoint: a test that fails the next fsync means the journal's
        store = LogStore.open(StoreConfig.at(DATA).fileIO(disk).ownerThreads(2).checkpointIntervalMs(3_600_000));
        control = new ControlPlane(store, KinesisSettings.defaults().withDelays(createDelayMs, 0),
                System::currentTimeMillis);
        reads = Executors.newFixedThreadPool(2);
        ops.clear();
        ops.putAll(new StreamOperations(control).operations());
        ops.putAll(new DataOperations(control, new ShardIterators(new byte[32]), reads).operations());
        ops.put("ListShards", new ListShardsOperation(control));
        ops.putAll(new ReshardOperations(control).operations());
        ops.putAll(new ConsumerOperations(control).operations());
        metricsRegistry = new MetricsRegistry();
        StorageMetrics.register(metricsRegistry, store);
        new KinesisMetrics(metricsRegistry, control.registry()::all);
    }

    @AfterEach
    void stop() {
        if (control != null) {
            control.close();
            reads.shutdownNow();
            store.close();
        }
    }

    private JsonNode call(String op, ObjectNode request) {
        try {
            return ops.get(op).invoke(request).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode req(String stream) {
        return JSON.objectNode().put("StreamName", stream);
    }

    private String status(String stream) {
        return call("DescribeStreamSummary", req(stream)).path("StreamDescriptionSummary").path("StreamStatus").asText();
    }

    /** Waits (bounded) for a condition the server reaches by itself. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private void fillDisk() {
        disk.capacityBytes(disk.usedBytes());
    }

    private void freeSpace() {
        disk.capacityBytes(Long.MAX_VALUE);
    }

    /** Asserts the exact answer to a write refused for a full disk: 503 ServiceUnavailable and why. */
    private void assertDiskFull(Runnable call, String outcome) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KinesisException.class, e -> {
            assertThat(e.error()).isEqualTo(KinesisError.SERVICE_UNAVAILABLE);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.type()).isEqualTo("ServiceUnavailable");
            assertThat(e.getMessage()).isEqualTo(outcome + FULL);
        });
    }

    /** Every file of the simulated disk under {@code dir}. */
    private List<String> files(Path dir) {
        List<String> out = new ArrayList<>();
        for (String name : disk.list(dir)) {
            Path p = dir.resolve(name);
            if (disk.list(p).isEmpty() && !isDirectory(p)) {
                out.add(DATA.relativize(p).toString());
            } else {
                out.addAll(files(p));
            }
        }
        return out;
    }

    private boolean isDirectory(Path p) {
        try {
            disk.open(p, false).close();
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** The files of the shard logs (the journal's may change: a failed group abandons its file). */
    private List<String> logFiles() {
        return files(DATA.resolve("logs"));
    }

    private String putRecord(String stream, String key, String data) {
        return call("PutRecord", req(stream).put("PartitionKey", key)
                .put("Data", data.getBytes(StandardCharsets.UTF_8))).path("SequenceNumber").asText();
    }

    private List<String> readAll(String stream, String shardId) {
        String it = call("GetShardIterator", req(stream).put("ShardId", shardId).put("ShardIteratorType", "TRIM_HORIZON"))
                .path("ShardIterator").asText();
        List<String> out = new ArrayList<>();
        while (true) {
            JsonNode got = call("GetRecords", JSON.objectNode().put("ShardIterator", it));
            if (got.path("Records").isEmpty()) {
                return out;
            }
            for (JsonNode r : got.path("Records")) {
                try {
                    out.add(new String(r.path("Data").binaryValue(), StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (!got.hasNonNull("NextShardIterator")) {
                return out; // the end of a closed shard
            }
            it = got.path("NextShardIterator").asText();
        }
    }

    @Test
    void everyWriteOnAFullDiskAnswers503ChangesNothingAndWorksOnceSpaceIsFreed() throws Exception {
        open(0);
        call("CreateStream", req("kept").put("ShardCount", 2));
        await("kept is ACTIVE", () -> status("kept").equals("ACTIVE"));
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            putRecord("kept", "key", "record " + i);
            acknowledged.add("record " + i);
        }
        String shardOfKey = call("PutRecord", req("kept").put("PartitionKey", "key")
                .put("Data", "record 20".getBytes(StandardCharsets.UTF_8))).path("ShardId").asText();
        acknowledged.add("record 20");
        List<String> filesBefore = logFiles();
        long errorsBefore = store.health().ioErrors(IoErrorKind.DISK_FULL);
        StorageHealthCheck health = new StorageHealthCheck(store.health());
        assertThat(health.problem()).isNull();

        fillDisk();
        assertDiskFull(() -> call("CreateStream", req("new").put("ShardCount", 2)), "The shards were not created");
        assertThat(health.problem()).startsWith("disk full since ")
                .contains(": retention file of log s2-0: No space left on device");
        assertDiskFull(() -> putRecord("kept", "key", "lost"), "The record was not stored");
        JsonNode entries = call("PutRecords", req("kept").set("Records", JSON.arrayNode()
                .add(JSON.objectNode().put("PartitionKey", "key").put("Data", new byte[] {1}))));
        assertThat(entries.path("FailedRecordCount").asInt()).isEqualTo(1);
        assertThat(entries.path("Records").get(0).path("ErrorCode").asText()).isEqualTo("InternalFailure");
        assertThat(entries.path("Records").get(0).path("ErrorMessage").asText())
                .isEqualTo("The record was not stored" + FULL);
        String changeRefused = "The change was not made";
        assertDiskFull(() -> call("AddTagsToStream", req("kept").set("Tags", JSON.objectNode().put("team", "a"))),
                changeRefused);
        assertDiskFull(() -> call("IncreaseStreamRetentionPeriod", req("kept").put("RetentionPeriodHours", 48)),
                "The retention period was not changed");
        assertDiskFull(() -> call("DecreaseStreamRetentionPeriod", req("kept").put("RetentionPeriodHours", 24)),
                changeRefused);
        assertDiskFull(() -> call("RegisterStreamConsumer", JSON.objectNode().put("StreamARN",
                "arn:aws:kinesis:us-east-1:000000000000:stream/kept").put("ConsumerName", "c")), changeRefused);
        assertDiskFull(() -> call("SplitShard", req("kept").put("ShardToSplit", "shardId-000000000001")
                .put("NewStartingHashKey", "200000000000000000000000000000000000000")), "The shards were not created");
        assertDiskFull(() -> call("UpdateShardCount", req("kept").put("TargetShardCount", 4)
                .put("ScalingType", "UNIFORM_SCALING")), changeRefused);
        assertDiskFull(() -> call("EnableEnhancedMonitoring", req("kept").set("ShardLevelMetrics",
                JSON.arrayNode().add("ALL"))), changeRefused);
        assertDiskFull(() -> call("DeleteStream", req("kept")), changeRefused);

        // nothing changed: not the registry, not the storage, no temporary file
        JsonNode summary = call("DescribeStreamSummary", req("kept")).path("StreamDescriptionSummary");
        assertThat(summary.path("StreamStatus").asText()).isEqualTo("ACTIVE");
        assertThat(summary.path("RetentionPeriodHours").asInt()).isEqualTo(24);
        assertThat(summary.path("OpenShardCount").asInt()).isEqualTo(2);
        assertThat(summary.path("ConsumerCount").asInt()).isZero();
        assertThat(summary.path("EnhancedMonitoring").get(0).path("ShardLevelMetrics")).isEmpty();
        assertThat(call("ListTagsForStream", req("kept")).path("Tags")).isEmpty();
        assertThat(call("ListStreams", JSON.objectNode()).path("StreamNames").toString()).isEqualTo("[\"kept\"]");
        assertThat(logFiles()).as("the same log files as before, none left over")
                .containsExactlyInAnyOrderElementsOf(filesBefore);
        assertThat(files(DATA)).noneMatch(f -> f.endsWith(".tmp"));
        assertThat(store.logIds()).containsExactlyInAnyOrder("_meta", "s1-0", "s1-1");
        assertThat(readAll("kept", shardOfKey)).isEqualTo(acknowledged);

        // /metrics says so too
        long errors = store.health().ioErrors(IoErrorKind.DISK_FULL);
        assertThat(errors).isGreaterThan(errorsBefore);
        assertThat(metricsRegistry.render()).contains("riffle_storage_io_errors_total{kind=\"disk_full\"} " + errors + "\n",
                "riffle_storage_io_errors_total{kind=\"io_error\"} 0\n",
                "riffle_storage_write_failing{kind=\"disk_full\"} 1\n",
                "riffle_storage_free_bytes " + disk.usableBytes(DATA) + "\n");
        assertThat(disk.usableBytes(DATA)).isZero();

        freeSpace();
        call("CreateStream", req("new").put("ShardCount", 2));
        putRecord("kept", "key", "record 21");
        acknowledged.add("record 21");
        assertThat(health.problem()).as("healthy once writes succeed").isNull();
        assertThat(metricsRegistry.render()).contains("riffle_storage_write_failing{kind=\"disk_full\"} 0\n");
        call("AddTagsToStream", req("kept").set("Tags", JSON.objectNode().put("team", "a")));
        call("IncreaseStreamRetentionPeriod", req("kept").put("RetentionPeriodHours", 48));
        assertThat(store.get("s1-0").orElseThrow().retentionMs()).isEqualTo(48 * 3_600_000L);
        await("new is ACTIVE", () -> status("new").equals("ACTIVE"));
        assertThat(files(DATA)).noneMatch(f -> f.endsWith(".tmp"));

        // and it all survives a power loss
        control.close();
        reads.shutdownNow();
        disk.powerLoss(SimulatedDisk.TailFate.DROP, new java.util.Random(1));
        store.closeAbruptly();
        disk.powerOn();
        open(0);
        assertThat(call("ListStreams", JSON.objectNode()).path("StreamNames").toString())
                .isEqualTo("[\"kept\",\"new\"]");
        assertThat(readAll("kept", shardOfKey)).isEqualTo(acknowledged);
        assertThat(call("ListTagsForStream", req("kept")).path("Tags").toString())
                .isEqualTo("[{\"Key\":\"team\",\"Value\":\"a\"}]");
        assertThat(logs.unexpected()).isEmpty();
    }

    @Test
    void anotherIoErrorAnswers500InternalFailureWithTheReasonAndChangesNothing() throws Exception {
        open(0);
        call("CreateStream", req("io").put("ShardCount", 1));
        await("io is ACTIVE", () -> status("io").equals("ACTIVE"));
        putRecord("io", "k", "kept");
        String ioError = ": Riffle could not write to its data directory (I/O error; see the server log). Retry.";

        disk.failNextSyncs(1); // the journal's fdatasync of the change
        assertThatThrownBy(() -> call("AddTagsToStream", req("io").set("Tags", JSON.objectNode().put("t", "1"))))
                .isInstanceOfSatisfying(KinesisException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.type()).isEqualTo("InternalFailure");
                    assertThat(e.getMessage()).isEqualTo("The change was not made" + ioError);
                });
        assertThat(call("ListTagsForStream", req("io")).path("Tags")).isEmpty();
        assertThat(new StorageHealthCheck(store.health()).problem()).startsWith("I/O error since ")
                .contains("Input/output error (simulated fsync failure");
        disk.failNextSyncs(1);
        assertThatThrownBy(() -> putRecord("io", "k", "lost")).isInstanceOfSatisfying(KinesisException.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.getMessage()).isEqualTo("The record was not stored" + ioError);
        });
        assertThat(store.health().ioErrors(IoErrorKind.IO_ERROR)).isEqualTo(2);
        assertThat(store.health().journalSyncFailures()).isEqualTo(2);

        call("AddTagsToStream", req("io").set("Tags", JSON.objectNode().put("t", "1")));
        putRecord("io", "k", "after");
        assertThat(new StorageHealthCheck(store.health()).problem()).isNull();
        assertThat(readAll("io", "shardId-000000000000")).containsExactly("kept", "after");
    }

    @Test
    void aStreamDueToTurnActiveOnAFullDiskTurnsActiveOnceSpaceIsFreed() throws Exception {
        open(2_000);
        call("CreateStream", req("slow").put("ShardCount", 1));
        long errors = store.health().ioErrors(IoErrorKind.DISK_FULL);
        fillDisk();
        await("the CREATING -> ACTIVE event was refused", () -> store.health().ioErrors(IoErrorKind.DISK_FULL) > errors);
        assertThat(status("slow")).isEqualTo("CREATING");
        freeSpace();
        await("slow is ACTIVE", () -> status("slow").equals("ACTIVE"));
    }

    @Test
    void aSplitWhoseCutOverHitsAFullDiskCompletesOnceSpaceIsFreed() throws Exception {
        open(0);
        call("CreateStream", req("rs").put("ShardCount", 1));
        await("rs is ACTIVE", () -> status("rs").equals("ACTIVE"));
        putRecord("rs", "a", "before");
        // Hold the control thread twice: the split runs between the holds, and its cut-over's
        // event queues behind the second, while the disk fills.
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        control.submit(() -> hold(first));
        var split = ops.get("SplitShard").invoke(req("rs").put("ShardToSplit", "shardId-000000000000")
                .put("NewStartingHashKey", "170141183460469231731687303715884105728"));
        control.submit(() -> hold(second));
        first.countDown();
        split.get(10, TimeUnit.SECONDS); // answered: UPDATING is recorded
        long errors = store.health().ioErrors(IoErrorKind.DISK_FULL);
        fillDisk();
        second.countDown();
        await("the cut-over was refused", () -> store.health().ioErrors(IoErrorKind.DISK_FULL) > errors);
        assertThat(status("rs")).isEqualTo("UPDATING");
        assertThat(call("ListShards", req("rs")).path("Shards")).hasSize(1);

        freeSpace();
        await("rs is ACTIVE", () -> status("rs").equals("ACTIVE"));
        JsonNode shards = call("ListShards", req("rs")).path("Shards");
        assertThat(shards).hasSize(3);
        assertThat(shards.get(0).path("SequenceNumberRange").has("EndingSequenceNumber")).isTrue();
        assertThat(readAll("rs", "shardId-000000000000")).containsExactly("before");
    }

    private static ControlPlane.Change<Void> hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ControlPlane.Change.of(null);
    }
}
