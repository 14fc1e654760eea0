package io.riffle.kinesis.data.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.control.StreamOperations;
import io.riffle.kinesis.data.DataOperations;
import io.riffle.kinesis.data.ShardIterators;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.TreeCalls;
import io.riffle.kinesis.protocol.TreeCalls.TreeOperation;
import io.riffle.storage.memory.InMemoryLogStore;
import io.riffle.storage.LogStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limiter wired into PutRecord, PutRecords and GetRecords against the in-memory store, with the
 * limiter's clock stepped by hand: exact counts of admitted and throttled requests, the Kinesis
 * error type and messages, and that a throttled record is never written.
 */
class ThrottledOperationsTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long MS = 1_000_000L;
    private static final String ACCOUNT = "000000000000";

    private LogStore store;
    private ControlPlane control;
    private ExecutorService reads;
    private final AtomicLong clock = new AtomicLong(1_000_000 * MS);
    private final Map<String, TreeOperation> ops = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        store = InMemoryLogStore.open(); // the operations, not the disk, are under test
        control = new ControlPlane(store, KinesisSettings.defaults().withDelays(0, 0), System::currentTimeMillis);
        reads = Executors.newFixedThreadPool(2);
        ops.putAll(TreeCalls.byName(new StreamOperations(control).operations()));
        ops.putAll(TreeCalls.byName(new DataOperations(control, new ShardIterators(new byte[32]), reads,
                ThroughputLimiter.enforcing(ShardLimits.KINESIS, clock::get)).operations()));
        call("CreateStream", JSON.objectNode().put("StreamName", "s").put("ShardCount", 1));
        for (int i = 0; i < 500; i++) {
            JsonNode d = call("DescribeStreamSummary", JSON.objectNode().put("StreamName", "s"));
            if (d.path("StreamDescriptionSummary").path("StreamStatus").asText().equals("ACTIVE")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("stream s never became ACTIVE");
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
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode putRecords(int count, int dataBytes) {
        ObjectNode r = JSON.objectNode().put("StreamName", "s");
        ArrayNode records = r.putArray("Records");
        for (int i = 0; i < count; i++) {
            records.addObject().put("PartitionKey", "k" + i).put("Data", new byte[dataBytes]);
        }
        return r;
    }

    private static ObjectNode putRecord(int dataBytes) {
        return JSON.objectNode().put("StreamName", "s").put("PartitionKey", "k").put("Data", new byte[dataBytes]);
    }

    private String iterator() {
        return call("GetShardIterator", JSON.objectNode().put("StreamName", "s").put("ShardId", "shardId-000000000000")
                .put("ShardIteratorType", "TRIM_HORIZON")).path("ShardIterator").asText();
    }

    private static KinesisException throttled(Runnable call) {
        KinesisException e = catchThrowableOfType(KinesisException.class, call::run);
        assertThat(e).as("a ProvisionedThroughputExceededException").isNotNull();
        assertThat(e.error()).isEqualTo(KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED);
        return e;
    }

    @Test
    void putRecordsFailsExactlyTheEntriesBeyondTheShardsRecordBudget() {
        JsonNode first = call("PutRecords", putRecords(500, 10));
        assertThat(first.path("FailedRecordCount").asInt()).isZero();
        JsonNode second = call("PutRecords", putRecords(500, 10));
        assertThat(second.path("FailedRecordCount").asInt()).isZero();
        JsonNode third = call("PutRecords", putRecords(500, 10));
        assertThat(third.path("FailedRecordCount").asInt()).as("the budget of 1000 is spent").isEqualTo(500);
        JsonNode entry = third.path("Records").get(0);
        assertThat(entry.path("ErrorCode").asText()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(entry.path("ErrorMessage").asText())
                .isEqualTo("Rate exceeded for shard shardId-000000000000 in stream s under account " + ACCOUNT + ".");
        assertThat(entry.has("SequenceNumber")).isFalse();

        clock.addAndGet(100 * MS); // 100 records' worth
        JsonNode fourth = call("PutRecords", putRecords(500, 10));
        assertThat(fourth.path("FailedRecordCount").asInt()).isEqualTo(400);
        for (int i = 0; i < 500; i++) {
            JsonNode e = fourth.path("Records").get(i);
            assertThat(e.has("ErrorCode")).as("entry %d", i).isEqualTo(i >= 100);
            assertThat(e.has("SequenceNumber")).as("entry %d", i).isEqualTo(i < 100);
        }

        clock.addAndGet(10_000 * MS);
        JsonNode records = call("GetRecords", JSON.objectNode().put("ShardIterator", iterator()));
        assertThat(records.path("Records")).as("only admitted records were written").hasSize(1100);
    }

    @Test
    void putRecordsFailsTheEntriesBeyondTheByteBudgetAndStillTakesSmallerOnes() {
        // 3 x 400,000 bytes (+ 2-byte keys): the third does not fit in 1 MiB, the small fourth does
        ObjectNode r = JSON.objectNode().put("StreamName", "s");
        ArrayNode records = r.putArray("Records");
        for (int i = 0; i < 3; i++) {
            records.addObject().put("PartitionKey", "k" + i).put("Data", new byte[400_000]);
        }
        records.addObject().put("PartitionKey", "k3").put("Data", new byte[1000]);
        JsonNode out = call("PutRecords", r);
        assertThat(out.path("FailedRecordCount").asInt()).isEqualTo(1);
        assertThat(out.path("Records").get(2).path("ErrorCode").asText()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(out.path("Records").get(3).has("SequenceNumber")).isTrue();
    }

    @Test
    void putRecordThrowsOnceTheShardsByteBudgetIsSpent() {
        call("PutRecord", putRecord(1_048_575)); // 1 MiB with its 1-byte key
        KinesisException e = throttled(() -> call("PutRecord", putRecord(1)));
        assertThat(e.getMessage()).isEqualTo("Rate exceeded for shard shardId-000000000000 in stream s under account "
                + ACCOUNT + ".");
        clock.addAndGet(1000 * MS);
        assertThat(call("PutRecord", putRecord(1_048_575)).path("ShardId").asText()).isEqualTo("shardId-000000000000");
    }

    @Test
    void getRecordsThrowsOnTheSixthCallInASecond() {
        String it = iterator();
        for (int i = 0; i < 5; i++) {
            call("GetRecords", JSON.objectNode().put("ShardIterator", it));
        }
        KinesisException e = throttled(() -> call("GetRecords", JSON.objectNode().put("ShardIterator", it)));
        assertThat(e.getMessage()).isEqualTo("Rate exceeded for Shard - " + ACCOUNT + "/s/shardId-000000000000");
        clock.addAndGet(200 * MS);
        call("GetRecords", JSON.objectNode().put("ShardIterator", it));
        throttled(() -> call("GetRecords", JSON.objectNode().put("ShardIterator", it)));
    }

    @Test
    void aBigReadThrottlesTheReadsAfterItUntilPaidBack() {
        // 4 MiB of records written over 4 s of limiter time, then one read of all of it
        for (int i = 0; i < 4; i++) {
            call("PutRecords", putRecords(4, 262_142)); // 4 x 256 KiB with 2-byte keys = 1 MiB
            clock.addAndGet(1000 * MS);
        }
        JsonNode all = call("GetRecords", JSON.objectNode().put("ShardIterator", iterator()));
        assertThat(all.path("Records")).hasSize(16);
        String next = all.path("NextShardIterator").asText();
        // 4 MiB against a full 2 MiB budget: 2 MiB of debt, 1 s to pay back
        clock.addAndGet(999 * MS);
        throttled(() -> call("GetRecords", JSON.objectNode().put("ShardIterator", next)));
        clock.addAndGet(2 * MS);
        assertThat(call("GetRecords", JSON.objectNode().put("ShardIterator", next)).path("Records")).isEmpty();
    }
}
