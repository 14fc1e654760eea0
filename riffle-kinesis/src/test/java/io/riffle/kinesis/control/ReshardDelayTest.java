package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.TreeCalls;
import io.riffle.kinesis.protocol.TreeCalls.TreeOperation;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reshards take time, on a manual clock: SplitShard, MergeShards and UpdateShardCount keep the
 * stream UPDATING for the reshard delay with the parents open and no children, refuse another
 * reshard meanwhile, then the parents close and the children open in one step; a restart while
 * UPDATING (from the log, or from a snapshot) finishes the reshard when it is due.
 */
class ReshardDelayTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long DELAY_MS = 60_000;
    private static final String HALF = "170141183460469231731687303715884105728";

    @TempDir
    Path temp;
    /** Ahead of the wall clock, so the log's own wake-ups never come during a test: the clock is moved by hand. */
    private final AtomicLong clock = new AtomicLong(1_900_000_000_000L);
    private final KinesisSettings settings = KinesisSettings.defaults().withDelays(0, 0).withReshardDelayMs(DELAY_MS);
    private SnapshotPolicy snapshots = SnapshotPolicy.NEVER;
    private LogStore store;
    private ControlPlane control;
    private final Map<String, TreeOperation> ops = new HashMap<>();

    private void open() throws Exception {
        store = LogStore.open(StoreConfig.at(temp.resolve("data")).clockMs(clock::get));
        control = new ControlPlane(store, settings, clock::get, snapshots);
        ops.clear();
        ops.putAll(TreeCalls.byName(new StreamOperations(control).operations()));
        ops.putAll(TreeCalls.byName(new ReshardOperations(control).operations()));
    }

    @AfterEach
    void close() {
        if (control != null) {
            control.close();
            store.close();
            control = null;
        }
    }

    private ObjectNode call(String op, ObjectNode request) throws Exception {
        try {
            return ops.get(op).invoke(request).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static ObjectNode stream(String name) {
        return JSON.objectNode().put("StreamName", name);
    }

    private void advance(long ms) {
        clock.addAndGet(ms);
        control.fireDueTransitions().join();
    }

    private StreamInfo info(String name) throws Exception {
        return control.metadataLog().read(m -> control.registry().byName(name)).get(10, TimeUnit.SECONDS);
    }

    /** The cut-over runs once storage has fenced the parents; waits for the state through the log's thread. */
    private StreamInfo await(String name, Predicate<StreamInfo> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            StreamInfo s = info(name);
            if (done.test(s)) {
                return s;
            }
            Thread.sleep(5); // a probe loop: polls for a state the cut-over reaches
        }
        throw new AssertionError("stream " + name + " never reached the state: " + info(name));
    }

    private static List<String> shardIds(StreamInfo s) {
        return s.shards().stream().map(ShardInfo::shardId).toList();
    }

    private void createActive(String name, int shards) throws Exception {
        call("CreateStream", stream(name).put("ShardCount", shards));
        advance(0);
        assertThat(info(name).status()).isEqualTo(StreamInfo.StreamStatus.ACTIVE);
    }

    @Test
    void aSplitStaysUpdatingWithItsParentOpenThenCutsOverAtOnce() throws Exception {
        open();
        createActive("s", 1);
        call("SplitShard", stream("s").put("ShardToSplit", "shardId-000000000000").put("NewStartingHashKey", HALF));

        StreamInfo updating = info("s");
        assertThat(updating.status()).isEqualTo(StreamInfo.StreamStatus.UPDATING);
        assertThat(shardIds(updating)).containsExactly("shardId-000000000000");
        assertThat(updating.shards().get(0).isClosed()).isFalse();
        // the children's storage exists already, so the cut-over cannot fail for want of it
        assertThat(store.get(ShardInfo.logId(updating.incarnation(), 1))).isPresent();
        // Kinesis refuses another reshard of an UPDATING stream (kinesalite's recorded text)
        for (ObjectNode second : List.of(
                stream("s").put("ShardToSplit", "shardId-000000000000").put("NewStartingHashKey", "12345"),
                stream("s").put("TargetShardCount", 2).put("ScalingType", "UNIFORM_SCALING"))) {
            String op = second.has("TargetShardCount") ? "UpdateShardCount" : "SplitShard";
            assertThatThrownBy(() -> call(op, second)).isInstanceOf(KinesisException.class)
                    .hasMessage("Stream s under account 000000000000 not ACTIVE, instead in state UPDATING");
        }

        advance(DELAY_MS - 1);
        assertThat(info("s").status()).isEqualTo(StreamInfo.StreamStatus.UPDATING);
        assertThat(shardIds(info("s"))).hasSize(1);
        advance(1);
        StreamInfo active = await("s", s -> s.status() == StreamInfo.StreamStatus.ACTIVE);
        assertThat(shardIds(active)).containsExactly("shardId-000000000000", "shardId-000000000001",
                "shardId-000000000002");
        assertThat(active.shards().get(0).isClosed()).isTrue();
        assertThat(control.registry().pendingReshard(active.incarnation())).isEmpty();
    }

    @Test
    void aRestartWhileUpdatingKeepsThePlanAndFinishesTheReshardWhenDue() throws Exception {
        open();
        createActive("m", 2);
        call("MergeShards", stream("m").put("ShardToMerge", "shardId-000000000000")
                .put("AdjacentShardToMerge", "shardId-000000000001"));
        long incarnation = info("m").incarnation();
        advance(DELAY_MS / 2);
        close();
        open(); // replays the plan and re-arms its timer; the child's log is not an orphan
        assertThat(info("m").status()).isEqualTo(StreamInfo.StreamStatus.UPDATING);
        assertThat(shardIds(info("m"))).containsExactly("shardId-000000000000", "shardId-000000000001");
        assertThat(store.get(ShardInfo.logId(incarnation, 2))).isPresent();
        assertThat(control.metadataLog().pendingTimers().join())
                .containsEntry(StreamRegistry.streamTimer(incarnation), clock.get() + DELAY_MS / 2);

        advance(DELAY_MS / 2);
        StreamInfo merged = await("m", s -> s.status() == StreamInfo.StreamStatus.ACTIVE);
        assertThat(merged.shards()).hasSize(3);
        assertThat(merged.openShardCount()).isEqualTo(1);
        assertThat(merged.shard(2).parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(merged.shard(2).adjacentParentShardId()).isEqualTo("shardId-000000000001");
    }

    @Test
    void aRestartPastTheDueTimeFromASnapshotCutsOverAtStart() throws Exception {
        snapshots = new SnapshotPolicy(1, 0); // a snapshot after every event: the plan comes back from one
        open();
        createActive("u", 2);
        call("UpdateShardCount", stream("u").put("TargetShardCount", 4).put("ScalingType", "UNIFORM_SCALING"));
        assertThat(info("u").status()).isEqualTo(StreamInfo.StreamStatus.UPDATING);
        assertThat(info("u").openShardCount()).isEqualTo(2);
        close();
        clock.addAndGet(DELAY_MS); // due while the server was down
        open();
        StreamInfo scaled = await("u", s -> s.status() == StreamInfo.StreamStatus.ACTIVE);
        assertThat(scaled.openShardCount()).isEqualTo(4);
    }

    @Test
    void deletingAStreamWhileUpdatingDropsItsReshard() throws Exception {
        open();
        createActive("d", 1);
        call("SplitShard", stream("d").put("ShardToSplit", "0").put("NewStartingHashKey", HALF));
        long incarnation = info("d").incarnation();
        call("DeleteStream", stream("d"));
        advance(DELAY_MS);
        assertThat(control.registry().pendingReshard(incarnation)).isEmpty();
        JsonNode list = call("ListStreams", JSON.objectNode());
        assertThat(list.path("StreamNames")).isEmpty();
    }
}
