package io.riffle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.control.StreamOperations;
import io.riffle.kinesis.data.DataOperations;
import io.riffle.kinesis.data.ShardIterators;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.io.SimulatedDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store whose write queues are full (here: the journal's, bounded to one batch, while the
 * simulated disk holds its fsync): PutRecord answers 503 ServiceUnavailable, a PutRecords entry
 * InternalFailure, both saying the queues are full, and nothing of them is written; metadata
 * writes (the exempt metadata log) still go in; once the disk syncs again everything works.
 */
class StorageBusyInProcessTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String BUSY =
            ": Riffle's write queues are full (writes arrive faster than its disk takes them). Retry.";

    private final SimulatedDisk disk = new SimulatedDisk();
    private final Map<String, Operation> ops = new HashMap<>();
    private LogStore store;
    private ControlPlane control;
    private ExecutorService reads;

    @AfterEach
    void stop() {
        disk.holdSyncs(false);
        if (control != null) {
            control.close();
            reads.shutdownNow();
            store.close();
        }
    }

    private void open() throws Exception {
        store = LogStore.open(StoreConfig.at(Path.of("/sim/data")).fileIO(disk).ownerThreads(2)
                .checkpointIntervalMs(3_600_000).journalQueueMaxBytes(1).unboundedLogIds(Set.of(ControlPlane.METADATA_LOG)));
        control = new ControlPlane(store, KinesisSettings.defaults().withDelays(0, 0), System::currentTimeMillis);
        reads = Executors.newFixedThreadPool(2);
        ops.putAll(new StreamOperations(control).operations());
        ops.putAll(new DataOperations(control, new ShardIterators(new byte[32]), reads).operations());
    }

    private CompletableFuture<JsonNode> invoke(String op, ObjectNode request) {
        try {
            return ops.get(op).invoke(request).thenApply(answer -> (JsonNode) answer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String op, ObjectNode request) {
        try {
            return invoke(op, request).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (bounded) until the stream turns ACTIVE, which the control plane does by itself. */
    private void awaitActive(String stream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!call("DescribeStreamSummary", JSON.objectNode().put("StreamName", stream))
                .path("StreamDescriptionSummary").path("StreamStatus").asText().equals("ACTIVE")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(stream + " did not turn ACTIVE");
            }
            Thread.sleep(5);
        }
    }

    private static ObjectNode put(String stream, String data) {
        return JSON.objectNode().put("StreamName", stream).put("PartitionKey", "key")
                .put("Data", data.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> readAll(String stream) throws IOException {
        String it = call("GetShardIterator", JSON.objectNode().put("StreamName", stream)
                .put("ShardId", "shardId-000000000000").put("ShardIteratorType", "TRIM_HORIZON"))
                .path("ShardIterator").asText();
        List<String> out = new ArrayList<>();
        while (true) {
            JsonNode got = call("GetRecords", JSON.objectNode().put("ShardIterator", it));
            if (got.path("Records").isEmpty()) {
                return out;
            }
            for (JsonNode r : got.path("Records")) {
                out.add(new String(r.path("Data").binaryValue(), StandardCharsets.UTF_8));
            }
            it = got.path("NextShardIterator").asText();
        }
    }

    @Test
    void aBusyStoreAnswers503OrInternalFailureWritesNothingAndRecovers() throws Exception {
        open();
        call("CreateStream", JSON.objectNode().put("StreamName", "s").put("ShardCount", 1));
        awaitActive("s");
        call("PutRecord", put("s", "before"));

        disk.holdSyncs(true);
        CompletableFuture<JsonNode> held = invoke("PutRecord", put("s", "held"));
        disk.awaitHeldSync(); // its batch fills the journal queue until the disk syncs

        assertThatThrownBy(() -> call("PutRecord", put("s", "refused"))).isInstanceOfSatisfying(KinesisException.class, e -> {
            assertThat(e.error()).isEqualTo(KinesisError.SERVICE_UNAVAILABLE);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.type()).isEqualTo("ServiceUnavailable");
            assertThat(e.getMessage()).isEqualTo("The record was not stored" + BUSY);
        });
        JsonNode entries = call("PutRecords", JSON.objectNode().put("StreamName", "s").set("Records", JSON.arrayNode()
                .add(JSON.objectNode().put("PartitionKey", "a").put("Data", "refused 1".getBytes(StandardCharsets.UTF_8)))
                .add(JSON.objectNode().put("PartitionKey", "b").put("Data", "refused 2".getBytes(StandardCharsets.UTF_8)))));
        assertThat(entries.path("FailedRecordCount").asInt()).isEqualTo(2);
        for (JsonNode entry : entries.path("Records")) {
            assertThat(entry.path("ErrorCode").asText()).isEqualTo("InternalFailure");
            assertThat(entry.path("ErrorMessage").asText()).isEqualTo("The record was not stored" + BUSY);
        }
        // a metadata write is never refused busy: it waits for the disk like any acknowledged write
        CompletableFuture<JsonNode> created = invoke("CreateStream", JSON.objectNode().put("StreamName", "t")
                .put("ShardCount", 1));

        disk.holdSyncs(false);
        assertThat(held.get(30, TimeUnit.SECONDS).path("SequenceNumber").asText()).isNotEmpty();
        created.get(30, TimeUnit.SECONDS);
        // t's turn to ACTIVE is a metadata write of its own: with a journal queue of one batch, a
        // record put while it is in flight would be refused busy, as it should
        awaitActive("t");
        call("PutRecord", put("s", "after"));
        assertThat(readAll("s")).containsExactly("before", "held", "after");
        call("PutRecord", put("t", "t works"));
        assertThat(readAll("t")).containsExactly("t works");
    }
}
