package io.riffle.kinesis.data.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.SubscribeToShardEvent;
import io.riffle.kinesis.data.RecordsAnswer;
import io.riffle.kinesis.api.SubscribeToShardInput;
import io.riffle.kinesis.control.ListShardsOperation;
import io.riffle.kinesis.control.ReshardOperations;
import io.riffle.kinesis.control.StreamOperations;
import io.riffle.kinesis.data.DataOperations;
import io.riffle.kinesis.data.ShardIterators;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.protocol.EventSink;
import io.riffle.kinesis.protocol.EventSource;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.TreeCalls;
import io.riffle.kinesis.protocol.TreeCalls.TreeOperation;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.LogStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SubscribeToShard's cursor against a real store, without HTTP: pushes, continuation, heartbeats,
 * lifetime, the call rules (on a manual clock), flow control and the end of a closed shard.
 */
class SubscribeToShardInProcessTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String CONSUMER = "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1";
    private static final String OTHER_CONSUMER = "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/d:1";
    private static final long HEARTBEAT_MS = 200;
    private static final long LIFETIME_MS = 60_000;

    @TempDir
    Path temp;
    /** Starts at the real time: the store stamps and retains records by it (24 h retention). */
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private LogStore store;
    private ControlPlane control;
    private ExecutorService reads;
    private SubscribeToShardOperation subscribe;
    private final Map<String, TreeOperation> ops = new HashMap<>();
    private volatile boolean isConsumerRegistered = true;
    private volatile boolean isConsumerActive = true;
    private final MetricsRegistry metrics = new MetricsRegistry();

    @BeforeEach
    void start() throws Exception {
        store = LogStore.open(StoreConfig.at(temp.resolve("data")));
        control = new ControlPlane(store, KinesisSettings.defaults().withDelays(0, 0), clock::get);
        reads = Executors.newFixedThreadPool(2);
        ops.putAll(TreeCalls.byName(new StreamOperations(control).operations()));
        ops.putAll(TreeCalls.byName(new DataOperations(control, new ShardIterators(new byte[32]), reads).operations()));
        ops.put("ListShards", TreeCalls.of(new ListShardsOperation(control).registration()));
        ops.putAll(TreeCalls.byName(new ReshardOperations(control).operations()));
        subscribe = new SubscribeToShardOperation(control, reads,
                new SubscriptionSettings(LIFETIME_MS, HEARTBEAT_MS, 0, 5_000, 1_000), this::consumer, metrics);
        call("CreateStream", JSON.objectNode().put("StreamName", "s").put("ShardCount", 1));
        awaitActive();
    }

    @AfterEach
    void stop() {
        subscribe.close();
        control.close();
        reads.shutdownNow();
        store.close();
    }

    private Optional<ConsumerLookup.Consumer> consumer(String arn) {
        long incarnation = control.registry().byName("s") == null ? -1 : control.registry().byName("s").incarnation();
        if (!isConsumerRegistered || !(arn.equals(CONSUMER) || arn.equals(OTHER_CONSUMER))) {
            return Optional.empty();
        }
        return Optional.of(new ConsumerLookup.Consumer(arn, arn.equals(CONSUMER) ? "c" : "d", incarnation,
                isConsumerActive));
    }

    private JsonNode call(String op, ObjectNode request) {
        try {
            return ops.get(op).invoke(request).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitActive() throws InterruptedException {
        await("the stream ACTIVE", 5_000, () -> call("DescribeStreamSummary", JSON.objectNode().put("StreamName", "s"))
                .path("StreamDescriptionSummary").path("StreamStatus").asText().equals("ACTIVE"));
    }

    private String put(String data) {
        return call("PutRecord", JSON.objectNode().put("StreamName", "s").put("PartitionKey", "k")
                .put("Data", data.getBytes(StandardCharsets.UTF_8))).path("SequenceNumber").asText();
    }

    private static SubscribeToShardInput request(ObjectNode tree) {
        return TreeCalls.read(tree, KinesisCodec::readSubscribeToShardInput);
    }

    private EventSource<RecordsAnswer<SubscribeToShardEvent>> open(String shardId, ObjectNode startingPosition) {
        return open(CONSUMER, shardId, startingPosition);
    }

    private EventSource<RecordsAnswer<SubscribeToShardEvent>> open(String consumerArn, String shardId,
                                                                   ObjectNode startingPosition) {
        try {
            return subscribe.open(request(JSON.objectNode().put("ConsumerARN", consumerArn).put("ShardId", shardId)
                    .set("StartingPosition", startingPosition))).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RecordingEventSink subscribe(String shardId, ObjectNode startingPosition, long limitBytes) {
        RecordingEventSink sink = new RecordingEventSink(limitBytes);
        open(shardId, startingPosition).start(sink);
        return sink;
    }

    private static ObjectNode at(String type) {
        return JSON.objectNode().put("Type", type);
    }

    private static ObjectNode at(String type, String sequenceNumber) {
        return at(type).put("SequenceNumber", sequenceNumber);
    }

    private static String text(JsonNode record) throws Exception {
        return new String(record.path("Data").binaryValue(), StandardCharsets.UTF_8);
    }

    /** Lets the call-rate and takeover windows pass on the manual clock. */
    private void later(long ms) {
        clock.addAndGet(ms);
    }

    @Test
    void theStartingPositionIsResolvedOnTheReadPoolNotOnTheCallersThread() throws Exception {
        Queue<Runnable> readPool = new ConcurrentLinkedQueue<>();
        try (SubscribeToShardOperation queued = new SubscribeToShardOperation(control, readPool::add,
                SubscriptionSettings.defaults(), this::consumer, new MetricsRegistry())) {
            CompletableFuture<EventSource<RecordsAnswer<SubscribeToShardEvent>>> opened = queued.open(request(JSON.objectNode()
                    .put("ConsumerARN", CONSUMER).put("ShardId", "shardId-000000000000")
                    .set("StartingPosition", at("TRIM_HORIZON"))));
            assertThat(opened).as("nothing done on the caller's thread").isNotDone();
            assertThat(readPool).hasSize(1);
            readPool.remove().run();
            assertThat(opened.get(10, TimeUnit.SECONDS)).isInstanceOf(Subscription.class);
        }
    }

    @Test
    void pushesRecordsAsTheyAreAcknowledgedWithTheirContinuation() throws Exception {
        RecordingEventSink sink = subscribe("shardId-000000000000", at("LATEST"), Long.MAX_VALUE);
        ObjectNode first = sink.take(); // sent at once, before any record
        assertThat(first.path("Records")).isEmpty();
        String boundary = first.path("ContinuationSequenceNumber").asText();
        assertThat(boundary).hasSize(56);

        String[] sequenceNumbers = new String[50];
        for (int i = 0; i < 50; i++) {
            sequenceNumbers[i] = put("r" + i);
        }
        List<ObjectNode> records = sink.takeRecords(50);
        for (int i = 0; i < 50; i++) {
            assertThat(text(records.get(i))).isEqualTo("r" + i);
            assertThat(records.get(i).path("SequenceNumber").asText()).isEqualTo(sequenceNumbers[i]);
        }
        assertThat(boundary).isLessThan(sequenceNumbers[0]);
        assertThat(sink.error).isNull();
    }

    @Test
    void aSecondConsumerAtTheSamePlaceSendsTheEventTheFirstFramedAndBothGoOnAlike() throws Exception {
        for (int i = 0; i < 50; i++) {
            put("r" + i);
        }
        // the second consumer's client takes nothing yet: its cursor waits at the shard's start
        RecordingEventSink second = new RecordingEventSink(0);
        open(OTHER_CONSUMER, "shardId-000000000000", at("TRIM_HORIZON")).start(second);
        second.awaitHeldBack();
        RecordingEventSink first = subscribe("shardId-000000000000", at("TRIM_HORIZON"), Long.MAX_VALUE);
        ObjectNode framed = first.take();
        assertThat(framed.path("Records")).hasSize(50);

        second.allow(Long.MAX_VALUE);
        assertThat(second.take()).as("the same event, continuation and MillisBehindLatest included").isEqualTo(framed);
        assertThat(metrics.render()).contains("riffle_kinesis_subscribe_to_shard_shared_events_total{stream=\"s\"} 1");

        // past the shared event each goes on from where it left off
        String last = null;
        for (int i = 50; i < 60; i++) {
            last = put("r" + i);
        }
        for (RecordingEventSink sink : List.of(first, second)) {
            List<ObjectNode> records = sink.takeRecords(10);
            assertThat(records).extracting(r -> text(r)).containsExactly("r50", "r51", "r52", "r53", "r54", "r55",
                    "r56", "r57", "r58", "r59");
            assertThat(records.get(9).path("SequenceNumber").asText()).isEqualTo(last);
            assertThat(sink.error).isNull();
        }
    }

    @Test
    void aContinuationResumesWithoutLossOrRepeatEvenFromAnEmptyShard() throws Exception {
        RecordingEventSink before = subscribe("shardId-000000000000", at("TRIM_HORIZON"), Long.MAX_VALUE);
        String emptyContinuation = before.take().path("ContinuationSequenceNumber").asText();
        put("a");
        put("b");
        String afterB = before.takeRecords(2).get(1).path("SequenceNumber").asText();

        later(6_000);
        RecordingEventSink fromEmpty = subscribe("shardId-000000000000",
                at("AFTER_SEQUENCE_NUMBER", emptyContinuation), Long.MAX_VALUE);
        assertThat(before.error).isNotNull(); // taken over
        assertThat(fromEmpty.takeRecords(2)).extracting(r -> text(r)).containsExactly("a", "b");

        later(6_000);
        put("c");
        RecordingEventSink fromB = subscribe("shardId-000000000000", at("AFTER_SEQUENCE_NUMBER", afterB), Long.MAX_VALUE);
        ObjectNode event = fromB.take();
        assertThat(event.path("Records")).extracting(r -> text(r)).containsExactly("c");
        assertThat(event.path("ContinuationSequenceNumber").asText())
                .isEqualTo(event.path("Records").get(0).path("SequenceNumber").asText());
    }

    @Test
    void anIdleShardGetsHeartbeatsCarryingTheContinuation() throws Exception {
        put("only");
        RecordingEventSink sink = subscribe("shardId-000000000000", at("TRIM_HORIZON"), Long.MAX_VALUE);
        String last = sink.takeRecords(1).get(0).path("SequenceNumber").asText();
        for (int i = 0; i < 3; i++) {
            later(HEARTBEAT_MS);
            ObjectNode heartbeat = sink.take();
            assertThat(heartbeat.path("Records")).isEmpty();
            assertThat(heartbeat.path("ContinuationSequenceNumber").asText()).isEqualTo(last);
            assertThat(heartbeat.path("MillisBehindLatest").asLong()).isZero();
        }
    }

    @Test
    void theSubscriptionCompletesAfterItsLifetime() throws Exception {
        RecordingEventSink sink = subscribe("shardId-000000000000", at("LATEST"), Long.MAX_VALUE);
        sink.take();
        // SubscribeToShardEvent.MillisBehindLatest by stream and consumer while the subscription is open
        assertThat(metrics.render())
                .contains("riffle_kinesis_subscribe_to_shard_event_millis_behind_latest{stream=\"s\",consumer=\"c\"} 0\n");
        later(LIFETIME_MS);
        awaitEnded(sink);
        assertThat(sink.error).isNull();
        // the series goes once the subscription has ended
        await("the MillisBehindLatest series gone", 5_000, () -> !metrics.render()
                .contains("riffle_kinesis_subscribe_to_shard_event_millis_behind_latest{"));
    }

    @Test
    void callRulesPerConsumerAndShard() throws Exception {
        RecordingEventSink first = subscribe("shardId-000000000000", at("LATEST"), Long.MAX_VALUE);
        later(500);
        assertThatThrownBy(() -> open("shardId-000000000000", at("LATEST")))
                .isInstanceOf(KinesisException.class)
                .satisfies(e -> assertThat(((KinesisException) e).type()).isEqualTo("LimitExceededException"));
        later(1_000);
        assertThatThrownBy(() -> open("shardId-000000000000", at("LATEST")))
                .isInstanceOf(KinesisException.class)
                .hasMessage("Another active subscription exists for this consumer: 000000000000:s:shardId-000000000000:c")
                .satisfies(e -> assertThat(((KinesisException) e).type()).isEqualTo("ResourceInUseException"));
        assertThat(first.isEnded).isFalse();

        later(5_000);
        RecordingEventSink second = subscribe("shardId-000000000000", at("LATEST"), Long.MAX_VALUE);
        awaitEnded(first);
        assertThat(first.error.type()).isEqualTo("ResourceInUseException");
        put("x");
        assertThat(second.takeRecords(1)).extracting(r -> text(r)).containsExactly("x");
    }

    @Test
    void unknownOrInactiveConsumerShardOrPositionIsRefused() {
        isConsumerRegistered = false;
        assertThatThrownBy(() -> open("shardId-000000000000", at("LATEST")))
                .satisfies(e -> assertThat(((KinesisException) e).type()).isEqualTo("ResourceNotFoundException"));
        isConsumerRegistered = true;
        isConsumerActive = false;
        assertThatThrownBy(() -> open("shardId-000000000000", at("LATEST")))
                .hasMessage("Consumer c with creation timestamp 1 under stream: s , account 000000000000 is not in "
                        + "ACTIVE status.")
                .satisfies(e -> assertThat(((KinesisException) e).type()).isEqualTo("ResourceInUseException"));
        isConsumerActive = true;
        assertThatThrownBy(() -> open("shardId-000000000007", at("LATEST")))
                .satisfies(e -> assertThat(((KinesisException) e).type()).isEqualTo("ResourceNotFoundException"));
        later(2_000);
        assertThatThrownBy(() -> open("shardId-000000000000", at("AT_SEQUENCE_NUMBER")))
                .satisfies(e -> assertThat(((KinesisException) e).type()).isEqualTo("InvalidArgumentException"));
    }

    @Test
    void aDeregisteredConsumerLosesItsSubscription() throws Exception {
        RecordingEventSink sink = subscribe("shardId-000000000000", at("LATEST"), Long.MAX_VALUE);
        sink.take();
        isConsumerRegistered = false;
        later(HEARTBEAT_MS);
        awaitEnded(sink);
        assertThat(sink.error.type()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void aSlowClientHoldsTheCursorBackWithBoundedBuffering() throws Exception {
        byte[] data = new byte[10_000];
        for (int i = 0; i < 400; i++) { // 4 MB
            call("PutRecord", JSON.objectNode().put("StreamName", "s").put("PartitionKey", "k" + i).put("Data", data));
        }
        long limit = 64 * 1024;
        RecordingEventSink sink = subscribe("shardId-000000000000", at("TRIM_HORIZON"), limit);
        sink.awaitHeldBack(); // the cursor ran as far as the sink let it, then parked
        assertThat(sink.bufferedBytes()).isLessThanOrEqualTo(limit + Subscription.MAX_EVENT_BYTES);
        int received = 0;
        while (received < 400) {
            received += sink.take().path("Records").size();
        }
        assertThat(sink.peakBufferedBytes()).isLessThanOrEqualTo(limit + Subscription.MAX_EVENT_BYTES);
    }

    @Test
    void theEndOfAClosedShardCarriesItsChildrenAndNoContinuation() throws Exception {
        put("before-split");
        call("SplitShard", JSON.objectNode().put("StreamName", "s").put("ShardToSplit", "shardId-000000000000")
                .put("NewStartingHashKey", BigInteger.TWO.pow(127).toString()));
        awaitActive();
        RecordingEventSink sink = subscribe("shardId-000000000000", at("TRIM_HORIZON"), Long.MAX_VALUE);
        ObjectNode last = null;
        int records = 0;
        while (!sink.isEnded || sink.hasPending()) {
            last = sink.take();
            records += last.path("Records").size();
            if (last.has("ChildShards")) {
                break;
            }
        }
        assertThat(records).isEqualTo(1);
        assertThat(last.has("ContinuationSequenceNumber")).isFalse();
        assertThat(last.path("ChildShards")).extracting(c -> c.path("ShardId").asText())
                .containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
        assertThat(last.path("ChildShards").get(0).path("ParentShards").get(0).asText()).isEqualTo("shardId-000000000000");
        awaitEnded(sink);

        later(6_000); // subscribing again at the end gets that event again
        RecordingEventSink again = subscribe("shardId-000000000000",
                at("AFTER_SEQUENCE_NUMBER", call("ListShards", JSON.objectNode().put("StreamName", "s"))
                        .path("Shards").get(0).path("SequenceNumberRange").path("EndingSequenceNumber").asText()),
                Long.MAX_VALUE);
        ObjectNode end = again.take();
        assertThat(end.path("Records")).isEmpty();
        assertThat(end.path("ChildShards")).hasSize(2);
        awaitEnded(again);
    }

    @Test
    void aSubscriberAtTheEndOfAShardBeingSplitIsToldItsChildren() throws Exception {
        RecordingEventSink sink = subscribe("shardId-000000000000", at("LATEST"), Long.MAX_VALUE);
        sink.take();
        put("last");
        assertThat(sink.takeRecords(1)).hasSize(1);
        call("SplitShard", JSON.objectNode().put("StreamName", "s").put("ShardToSplit", "shardId-000000000000")
                .put("NewStartingHashKey", BigInteger.TWO.pow(127).toString()));
        ObjectNode end = sink.take(); // woken by the cut-over, not by a heartbeat (the clock stands still)
        assertThat(end.path("ChildShards")).hasSize(2);
        awaitEnded(sink);
    }

    /**
     * Subscriptions whose clients keep up take turns on the read pool, one event each, instead of one of
     * them holding a thread while it has records. The pool here is a queue the test runs task by task.
     */
    @Test
    void subscriptionsTakeTurnsOnTheReadPool() throws Exception {
        String half = BigInteger.TWO.pow(127).toString();
        call("SplitShard", JSON.objectNode().put("StreamName", "s").put("ShardToSplit", "shardId-000000000000")
                .put("NewStartingHashKey", half));
        awaitActive();
        byte[] large = new byte[600 * 1024]; // two do not fit in one event's 1 MiB
        for (int i = 0; i < 3; i++) {
            for (String hashKey : List.of("0", half)) {
                call("PutRecord", JSON.objectNode().put("StreamName", "s").put("PartitionKey", "k")
                        .put("ExplicitHashKey", hashKey).put("Data", large));
            }
        }
        Queue<Runnable> readPool = new ConcurrentLinkedQueue<>();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (SubscribeToShardOperation queued = new SubscribeToShardOperation(control, readPool::add,
                SubscriptionSettings.defaults(), this::consumer, new MetricsRegistry())) {
            Map<String, EventSource<RecordsAnswer<SubscribeToShardEvent>>> subscriptions = new LinkedHashMap<>();
            for (String shardId : List.of("shardId-000000000001", "shardId-000000000002")) {
                CompletableFuture<EventSource<RecordsAnswer<SubscribeToShardEvent>>> opened = queued.open(request(JSON.objectNode()
                        .put("ConsumerARN", CONSUMER).put("ShardId", shardId).set("StartingPosition", at("TRIM_HORIZON"))));
                readPool.remove().run();
                subscriptions.put(shardId, opened.get(10, TimeUnit.SECONDS));
            }
            subscriptions.forEach((shardId, subscription) -> subscription.start(new OrderSink(shardId, order)));
            for (int task = 0; task < 50 && order.size() < 6; task++) {
                Runnable next = readPool.poll();
                if (next == null) {
                    break;
                }
                next.run();
            }
        }
        assertThat(order).containsExactly("shardId-000000000001", "shardId-000000000002", "shardId-000000000001",
                "shardId-000000000002", "shardId-000000000001", "shardId-000000000002");
    }

    /** Always writable; notes which shard each event with records came from. */
    private record OrderSink(String shardId, List<String> order) implements EventSink<RecordsAnswer<SubscribeToShardEvent>> {
        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void whenWritable(Runnable task) {
            task.run();
        }

        @Override
        public void event(RecordsAnswer<SubscribeToShardEvent> event) {
            if (!event.records().isEmpty()) {
                order.add(shardId);
            }
        }

        @Override
        public ByteBuf frame(RecordsAnswer<SubscribeToShardEvent> event) {
            throw new AssertionError("one subscription per shard here: no event is shared");
        }

        @Override
        public Object framing() {
            return this;
        }

        @Override
        public void send(ByteBuf frame) {
            throw new AssertionError("one subscription per shard here: no event is shared");
        }

        @Override
        public void fail(KinesisException error) {
            throw new AssertionError("subscription to " + shardId + " failed", error);
        }

        @Override
        public void end() {
        }

        @Override
        public long bufferedBytes() {
            return 0;
        }
    }

    private static void awaitEnded(RecordingEventSink sink) throws InterruptedException {
        await("the subscription ended", 10_000, () -> sink.isEnded);
    }

    /** Probes {@code condition} every 10 ms until it holds; fails naming {@code what} after {@code timeoutMs}. */
    private static void await(String what, long timeoutMs, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
