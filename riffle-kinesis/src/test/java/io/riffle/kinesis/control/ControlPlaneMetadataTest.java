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
import io.riffle.metadata.OpenReport;
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
 * The registry on the metadata kit, driven by a manual clock (no sleeps): timed transitions of
 * streams and consumers, kept across restarts; snapshots by the policy, after which a restart
 * replays only the newer events and the older generations are gone; daily quotas rebuilt from a
 * snapshot; reshards UPDATING for the reshard delay with their parents open and no children, another
 * reshard refused meanwhile, then cut over in one step, and finished after a restart while UPDATING
 * (from the log, or from a snapshot).
 */
class ControlPlaneMetadataTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long MINUTE_MS = 60_000;
    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/";

    @TempDir
    Path temp;
    /** The wall clock's wake-ups never come during a test: the delays are minutes of this clock. */
    private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    private KinesisSettings settings = KinesisSettings.defaults().withDelays(MINUTE_MS, 2 * MINUTE_MS);
    private SnapshotPolicy snapshots = SnapshotPolicy.NEVER;
    private LogStore store;
    private ControlPlane control;
    private final Map<String, TreeOperation> ops = new HashMap<>();

    private void open() throws Exception {
        store = LogStore.open(StoreConfig.at(temp.resolve("data")).clockMs(clock::get));
        control = new ControlPlane(store, settings, clock::get, snapshots);
        ops.clear();
        ops.putAll(TreeCalls.byName(new StreamOperations(control).operations()));
        ops.putAll(TreeCalls.byName(new ConsumerOperations(control).operations()));
        ops.putAll(TreeCalls.byName(new ReshardOperations(control).operations()));
    }

    @AfterEach
    void close() {
        if (control != null) {
            control.close();
            store.close();
        }
    }

    private void restart() throws Exception {
        close();
        open();
    }

    private ObjectNode call(String op, ObjectNode request) throws Exception {
        try {
            return ops.get(op).invoke(request).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static ObjectNode req() {
        return JSON.objectNode();
    }

    private String status(String stream) throws Exception {
        return call("DescribeStreamSummary", req().put("StreamName", stream)).path("StreamDescriptionSummary")
                .path("StreamStatus").asText();
    }

    private String consumerStatus(String stream, String consumer) throws Exception {
        return call("DescribeStreamConsumer", req().put("StreamARN", ARN + stream).put("ConsumerName", consumer))
                .path("ConsumerDescription").path("ConsumerStatus").asText();
    }

    /** Moves the clock and fires what is due, as the log's own wake-up would. */
    private void advance(long ms) {
        clock.addAndGet(ms);
        control.fireDueTransitions().join();
    }

    @Test
    void creatingAndDeletingEndByTheClockAndSurviveARestart() throws Exception {
        open();
        call("CreateStream", req().put("StreamName", "s").put("ShardCount", 2));
        assertThat(control.metadataLog().pendingTimers().join()).containsExactly(
                Map.entry("stream/1", clock.get() + MINUTE_MS));
        advance(MINUTE_MS - 1);
        assertThat(status("s")).isEqualTo("CREATING");
        advance(1);
        assertThat(status("s")).isEqualTo("ACTIVE");
        assertThat(control.metadataLog().pendingTimers().join()).isEmpty();

        call("RegisterStreamConsumer", req().put("StreamARN", ARN + "s").put("ConsumerName", "c"));
        call("CreateStream", req().put("StreamName", "t").put("ShardCount", 1));
        advance(MINUTE_MS / 2);
        restart(); // both transitions pending: replay schedules them again from the events' times
        assertThat(control.metadataLog().pendingTimers().join()).hasSize(2);
        assertThat(consumerStatus("s", "c")).isEqualTo("CREATING");
        assertThat(status("t")).isEqualTo("CREATING");
        advance(MINUTE_MS / 2);
        assertThat(consumerStatus("s", "c")).isEqualTo("ACTIVE");
        assertThat(status("t")).isEqualTo("ACTIVE");

        call("DeleteStream", req().put("StreamName", "s").put("EnforceConsumerDeletion", true));
        assertThat(status("s")).isEqualTo("DELETING");
        assertThat(consumerStatus("s", "c")).isEqualTo("DELETING");
        restart();
        advance(2 * MINUTE_MS - 1);
        assertThat(status("s")).isEqualTo("DELETING");
        assertThat(store.logIds()).contains("s1-0", "s1-1");
        advance(1);
        assertThatThrownBy(() -> status("s")).isInstanceOf(KinesisException.class)
                .hasMessage("Stream s under account 000000000000 not found.");
        assertThat(control.registry().allConsumers()).isEmpty();
        assertThat(store.logIds()).as("the deleted stream's shard logs go with it")
                .doesNotContain("s1-0", "s1-1").contains("s2-0");
        assertThat(control.metadataLog().pendingTimers().join()).isEmpty();
    }

    @Test
    void aStreamDeletedBeforeItWasActiveNeverBecomesActive() throws Exception {
        open();
        call("CreateStream", req().put("StreamName", "s").put("ShardCount", 1));
        call("DeleteStream", req().put("StreamName", "s"));
        assertThat(control.metadataLog().pendingTimers().join()).as("DELETING replaced CREATING's timer")
                .containsExactly(Map.entry("stream/1", clock.get() + 2 * MINUTE_MS));
        advance(MINUTE_MS);
        assertThat(status("s")).isEqualTo("DELETING");
        advance(MINUTE_MS);
        assertThat(control.registry().byName("s")).isNull();
    }

    @Test
    void aCapacityModeSwitchIsUpdatingForTheCreateDelayAcrossARestart() throws Exception {
        open();
        call("CreateStream", req().put("StreamName", "m").put("ShardCount", 1));
        advance(MINUTE_MS);
        ObjectNode update = req().put("StreamARN", ARN + "m"); // the model names the stream by ARN only here
        update.putObject("StreamModeDetails").put("StreamMode", "ON_DEMAND");
        call("UpdateStreamMode", update);
        assertThat(status("m")).isEqualTo("UPDATING");
        assertThat(control.registry().byName("m").mode()).isEqualTo("ON_DEMAND");
        assertThatThrownBy(() -> call("UpdateStreamMode", update)).isInstanceOf(KinesisException.class)
                .hasMessageContaining("UPDATING");
        restart(); // not taken for an interrupted reshard: the switch's timer ends it
        assertThat(status("m")).isEqualTo("UPDATING");
        advance(MINUTE_MS);
        assertThat(status("m")).isEqualTo("ACTIVE");
        assertThat(control.metadataLog().pendingTimers().join()).isEmpty();
    }

    @Test
    void snapshotsByThePolicyLeaveOnlyTheNewerEventsToReplay() throws Exception {
        snapshots = new SnapshotPolicy(5, 0);
        settings = settings.withDelays(0, 0);
        open();
        for (int i = 0; i < 4; i++) {
            call("CreateStream", req().put("StreamName", "s" + i).put("ShardCount", 1)); // create + ACTIVE: 2 events
        }
        control.fireDueTransitions().join();
        ObjectNode tags = req().put("StreamName", "s0");
        tags.putObject("Tags").put("k", "v");
        call("AddTagsToStream", tags);
        long generation = control.metadataLog().generation().join();
        assertThat(generation).isGreaterThanOrEqualTo(1);
        assertThat(store.logIds()).filteredOn(id -> id.startsWith("_meta"))
                .as("older generations deleted").containsExactly(ControlPlane.METADATA_LOG + "." + generation);

        restart();
        OpenReport report = control.metadataLog().openReport();
        assertThat(report.fromSnapshot()).isTrue();
        assertThat(report.eventsReplayed()).as("only the events after the snapshot").isLessThan(5);
        assertThat(control.registry().streams()).hasSize(4).allMatch(s -> s.status().name().equals("ACTIVE"));
        assertThat(call("ListTagsForStream", req().put("StreamName", "s0")).path("Tags").get(0).path("Key").asText())
                .isEqualTo("k");
        assertThat(control.registry().nextIncarnation()).isEqualTo(5);
    }

    private static final String M_ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/m";

    @Test
    void theDailyQuotasSurviveASnapshotAndARestart() throws Exception {
        snapshots = new SnapshotPolicy(1, 0); // a snapshot after every event
        settings = settings.withDelays(0, 0).withUpdateShardCountPerDay(1);
        open();
        call("CreateStream", req().put("StreamName", "m").put("ShardCount", 1));
        control.fireDueTransitions().join();
        for (String mode : new String[] {"ON_DEMAND", "PROVISIONED"}) {
            ObjectNode update = req().put("StreamARN", M_ARN); // the model's only name for the stream here
            update.putObject("StreamModeDetails").put("StreamMode", mode);
            call("UpdateStreamMode", update);
        }
        call("UpdateShardCount", req().put("StreamName", "m").put("TargetShardCount", 2)
                .put("ScalingType", "UNIFORM_SCALING"));
        awaitActiveWithTwoShards();
        restart();
        assertThat(control.metadataLog().openReport().fromSnapshot()).isTrue();
        assertThat(control.metadataLog().openReport().eventsReplayed()).isZero();
        ObjectNode third = req().put("StreamARN", M_ARN);
        third.putObject("StreamModeDetails").put("StreamMode", "ON_DEMAND");
        assertThatThrownBy(() -> call("UpdateStreamMode", third)).isInstanceOf(KinesisException.class)
                .hasMessage("Stream m under account 000000000000 has switched capacity mode 2 times in the last 24 hours;"
                        + " the limit is 2.");
        ObjectNode again = req().put("StreamName", "m").put("TargetShardCount", 1).put("ScalingType", "UNIFORM_SCALING");
        assertThatThrownBy(() -> call("UpdateShardCount", again)).isInstanceOf(KinesisException.class)
                .hasMessage("UpdateShardCount of stream m under account 000000000000 was called 1 times in the last 24"
                        + " hours; the limit is 1.");

        // a day later (by event time) both quotas are free again
        clock.addAndGet(24 * 60 * MINUTE_MS + 1);
        assertThat(call("UpdateStreamMode", third)).isNotNull();
    }

    /** UpdateShardCount's steps run after its answer; waits on the registry's state through the log's thread. */
    private void awaitActiveWithTwoShards() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean done = control.metadataLog().read(m -> {
                var s = control.registry().byName("m");
                return s.status().name().equals("ACTIVE") && s.openShardCount() == 2;
            }).get(10, TimeUnit.SECONDS);
            if (done) {
                return;
            }
            Thread.sleep(5); // polls for a state the cut-over reaches once storage has fenced the parent
        }
        JsonNode d = call("DescribeStreamSummary", req().put("StreamName", "m"));
        throw new AssertionError("UpdateShardCount did not finish: " + d);
    }

    // ---- reshards take time: UPDATING for the reshard delay, then one cut-over, across restarts ----------

    private static final long RESHARD_DELAY_MS = 60_000;
    private static final KinesisSettings RESHARDING = KinesisSettings.defaults().withDelays(0, 0)
            .withReshardDelayMs(RESHARD_DELAY_MS);
    private static final String HALF = "170141183460469231731687303715884105728";

    private static ObjectNode stream(String name) {
        return JSON.objectNode().put("StreamName", name);
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
        settings = RESHARDING;
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

        advance(RESHARD_DELAY_MS - 1);
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
        settings = RESHARDING;
        open();
        createActive("m", 2);
        call("MergeShards", stream("m").put("ShardToMerge", "shardId-000000000000")
                .put("AdjacentShardToMerge", "shardId-000000000001"));
        long incarnation = info("m").incarnation();
        advance(RESHARD_DELAY_MS / 2);
        close();
        open(); // replays the plan and re-arms its timer; the child's log is not an orphan
        assertThat(info("m").status()).isEqualTo(StreamInfo.StreamStatus.UPDATING);
        assertThat(shardIds(info("m"))).containsExactly("shardId-000000000000", "shardId-000000000001");
        assertThat(store.get(ShardInfo.logId(incarnation, 2))).isPresent();
        assertThat(control.metadataLog().pendingTimers().join())
                .containsEntry(StreamRegistry.streamTimer(incarnation), clock.get() + RESHARD_DELAY_MS / 2);

        advance(RESHARD_DELAY_MS / 2);
        StreamInfo merged = await("m", s -> s.status() == StreamInfo.StreamStatus.ACTIVE);
        assertThat(merged.shards()).hasSize(3);
        assertThat(merged.openShardCount()).isEqualTo(1);
        assertThat(merged.shard(2).parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(merged.shard(2).adjacentParentShardId()).isEqualTo("shardId-000000000001");
    }

    @Test
    void aRestartPastTheDueTimeFromASnapshotCutsOverAtStart() throws Exception {
        settings = RESHARDING;
        snapshots = new SnapshotPolicy(1, 0); // a snapshot after every event: the plan comes back from one
        open();
        createActive("u", 2);
        call("UpdateShardCount", stream("u").put("TargetShardCount", 4).put("ScalingType", "UNIFORM_SCALING"));
        assertThat(info("u").status()).isEqualTo(StreamInfo.StreamStatus.UPDATING);
        assertThat(info("u").openShardCount()).isEqualTo(2);
        close();
        clock.addAndGet(RESHARD_DELAY_MS); // due while the server was down
        open();
        StreamInfo scaled = await("u", s -> s.status() == StreamInfo.StreamStatus.ACTIVE);
        assertThat(scaled.openShardCount()).isEqualTo(4);
    }

    @Test
    void deletingAStreamWhileUpdatingDropsItsReshard() throws Exception {
        settings = RESHARDING;
        open();
        createActive("d", 1);
        call("SplitShard", stream("d").put("ShardToSplit", "0").put("NewStartingHashKey", HALF));
        long incarnation = info("d").incarnation();
        call("DeleteStream", stream("d"));
        advance(RESHARD_DELAY_MS);
        assertThat(control.registry().pendingReshard(incarnation)).isEmpty();
        JsonNode list = call("ListStreams", JSON.objectNode());
        assertThat(list.path("StreamNames")).isEmpty();
    }
}
