package io.riffle.triggers.poll;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.functions.FunctionInvoker;
import io.riffle.functions.InvokeResult;
import io.riffle.kinesis.source.StreamSink;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.storage.LogCapture;
import io.riffle.storage.memory.InMemoryLogStore;
import io.riffle.triggers.ManualClock;
import io.riffle.triggers.Mapping;
import io.riffle.triggers.MappingEvent;
import io.riffle.triggers.MappingStore;
import io.riffle.triggers.TriggerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pollers' decisions in process, over a stream held in the test (shards, parents, arrival times on a manual
 * clock) and an invoker double that records each event and answers as the test says (the real invoker has its own
 * tests against a real HTTP function server; TriggersIT runs the whole path).
 */
class PollersTest {
    /** These tests' mappings send failures to buckets only. */
    private static final StreamSink NO_FAILURE_STREAMS = (arn, key, data) ->
            CompletableFuture.failedFuture(new IllegalStateException("no failure streams in this test"));

    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final LogCapture logs = LogCapture.of(ShardPoller.class)
            .expect(Level.WARN, ".*discarded .*").expect(Level.WARN, ".*is unavailable .*");

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final HeldStream stream = new HeldStream();
    private final RecordingInvoker invoker = new RecordingInvoker();
    private final InMemoryLogStore logStore = InMemoryLogStore.open();
    private MappingStore store;
    /** The OnFailure destination of the next mapping, and the invocation records written to it (bucket/key, JSON). */
    private String onFailure;
    private final Map<String, JsonNode> failures = new ConcurrentHashMap<>();
    private TriggerPollers pollers;

    @BeforeEach
    void open() throws IOException {
        store = MappingStore.open(logStore, 0, clock);
        pollers = new TriggerPollers(store, stream, invoker, new TriggerSettings("us-east-1", "000000000000", 0, 20, 1, 5),
                clock, new MetricsRegistry(), this::keepFailure, NO_FAILURE_STREAMS);
        pollers.start();
    }

    @AfterEach
    void close() {
        pollers.close();
        invoker.close();
        store.close();
        assertThat(logs.unexpected()).isEmpty();
    }

    private void map(String start, int batchSize, int maxAgeS, boolean bisect, int maxRetries) throws Exception {
        map(start, batchSize, maxAgeS, bisect, maxRetries, 1);
    }

    private void map(String start, int batchSize, int maxAgeS, boolean bisect, int maxRetries, int parallelization)
            throws Exception {
        map(start, batchSize, maxAgeS, bisect, maxRetries, parallelization, List.of(), 0);
    }

    private void map(String start, int batchSize, int maxAgeS, boolean bisect, int maxRetries, int parallelization,
                     List<String> filterPatterns, int windowSeconds) throws Exception {
        map(ARN, start, batchSize, maxAgeS, bisect, maxRetries, parallelization, filterPatterns, windowSeconds);
    }

    private void map(String sourceArn, String start, int batchSize, int maxAgeS, boolean bisect, int maxRetries,
                     int parallelization, List<String> filterPatterns, int windowSeconds) throws Exception {
        Mapping m = new Mapping("u1", sourceArn, "arn:aws:lambda:us-east-1:000000000000:function:f", true, Mapping.ENABLED,
                "USER_INITIATED", clock.millis(), batchSize, 0, parallelization, start, null, maxAgeS, bisect, maxRetries,
                List.of(), windowSeconds, filterPatterns, onFailure);
        store.append(List.of(new MappingEvent.MappingChanged(m))).get(10, TimeUnit.SECONDS);
    }

    private void keepFailure(String bucket, String key, byte[] body) throws IOException {
        failures.put(bucket + "/" + key, JSON.readTree(body));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aConsumerSourceReadsItsStreamAndIsDisabledWhenTheConsumerIsDeregistered() throws Exception {
        String consumerArn = ARN + "/consumer/c:1700000000";
        stream.consumers.put(consumerArn, new StreamSource.Consumer(consumerArn, "c", ARN, "ACTIVE"));
        stream.shard("shardId-000000000000", null, false);
        stream.append("shardId-000000000000", "a", clock.millis());
        map(consumerArn, "TRIM_HORIZON", 10, -1, false, -1, 1, List.of(), 0);

        await("the first record", () -> invoker.data().contains("a"));
        assertThat(invoker.events.get(0).get("Records").get(0).get("eventSourceARN").asText()).isEqualTo(ARN);
        stream.append("shardId-000000000000", "b", clock.millis());
        await("the second record, woken by the append", () -> invoker.data().contains("b"));

        stream.consumers.put(consumerArn, new StreamSource.Consumer(consumerArn, "c", ARN, "DELETING"));
        await("the mapping disabled", () -> !store.registry().byUuid("u1").orElseThrow().isEnabled());
        assertThat(store.registry().byUuid("u1").orElseThrow().stateTransitionReason())
                .isEqualTo("PROBLEM: the stream consumer " + consumerArn + " was deregistered");
    }

    @Test
    void aBatchingWindowGathersRecordsUntilTheBatchIsFullOrItsOldestHasWaitedTheWindow() throws Exception {
        long t0 = clock.millis(); // the test's clock moves only where it says: the poller's waits are its decisions
        stream.shard("shardId-000000000000", null, false);
        stream.append("shardId-000000000000", "a", t0);
        Mapping m = new Mapping("u1", ARN, "arn:aws:lambda:us-east-1:000000000000:function:f", true, Mapping.ENABLED,
                "USER_INITIATED", t0, 3, 60, 1, "TRIM_HORIZON", null, -1, false, -1, List.of(), 0, List.of(), null);
        store.append(List.of(new MappingEvent.MappingChanged(m))).get(10, TimeUnit.SECONDS);
        await("the poller has read \"a\"", () -> stream.readsServed.get() >= 1);
        stream.append("shardId-000000000000", "b", t0);
        stream.append("shardId-000000000000", "c", t0); // BatchSize 3 reached within the window
        await("the full batch", () -> invoker.events.size() == 1);
        assertThat(data(invoker.events.get(0))).as("one invocation of three, not one per record")
                .containsExactly("a", "b", "c");

        clock.advanceMs(60_000);
        stream.append("shardId-000000000000", "d", t0); // alone, but it has waited the 60 s window
        await("the window's batch", () -> invoker.events.size() == 2);
        assertThat(data(invoker.events.get(1))).containsExactly("d");
    }

    @Test
    void recordsPastTheMaximumAgeAreDiscardedBeforeTheInvocation() throws Exception {
        stream.shard("shardId-000000000000", null, false);
        stream.append("shardId-000000000000", "old-1", clock.millis() - 120_000);
        stream.append("shardId-000000000000", "old-2", clock.millis() - 61_000);
        stream.append("shardId-000000000000", "fresh", clock.millis() - 1_000);
        map("TRIM_HORIZON", 10, 60, false, -1);

        await("the fresh record", () -> invoker.data().contains("fresh"));
        assertThat(invoker.data()).containsExactly("fresh");
        assertThat(logs.messages(Level.WARN)).singleElement().asString()
                .startsWith("mapping u1: discarded 2 records of " + ARN + " shardId-000000000000, sequence numbers 0 to 1: "
                        + "the records are older than MaximumRecordAgeInSeconds (60)");
    }

    @Test
    void recordsNoFilterMatchesAreCheckpointedPastAndNeverInvoked() throws Exception {
        stream.shard("shardId-000000000000", null, false);
        for (String data : List.of("skip-1", "{\"score\": 5}", "skip-2", "{\"score\": 50}", "skip-3", "skip-4")) {
            stream.append("shardId-000000000000", data, clock.millis());
        }
        map("TRIM_HORIZON", 2, -1, false, -1, 1, List.of("{\"data\": {\"score\": [{\"numeric\": [\">\", 1]}]}}"), 0);

        await("the checkpoint past the filtered tail",
                () -> store.registry().checkpoint("u1", 1, "shardId-000000000000").map(c -> c.position() == 6).orElse(false));
        assertThat(invoker.data()).containsExactly("{\"score\": 5}", "{\"score\": 50}");
    }

    @Test
    void aClosedPollersStopsFollowingTheStoreSoAnotherCanTakeItOver() throws Exception {
        pollers.close(); // its listener on the store must go with it: a change would run on its closed thread
        pollers = new TriggerPollers(store, stream, invoker, new TriggerSettings("us-east-1", "000000000000", 0, 20, 1, 5),
                clock, new MetricsRegistry(), this::keepFailure, NO_FAILURE_STREAMS);
        pollers.start();
        stream.shard("shardId-000000000000", null, false);
        stream.append("shardId-000000000000", "after-takeover", clock.millis());
        map("TRIM_HORIZON", 10, -1, false, -1);

        await("the record", () -> invoker.data().contains("after-takeover"));
    }

    /** A function counting a window's records in its state, as Lambda's tumbling-window examples do. */
    private static InvokeResult countInState(JsonNode event) {
        int count = event.path("state").path("count").asInt(0) + event.path("Records").size();
        return new InvokeResult(InvokeResult.Status.SUCCESS, 200, null,
                ("{\"state\": {\"count\": " + count + "}}").getBytes(StandardCharsets.UTF_8), "");
    }

    @Test
    void tumblingWindowsCarryTheStateBetweenInvocationsAndEndWithAFinalOne() throws Exception {
        long windowA = clock.millis() - Math.floorMod(clock.millis(), 60_000L);
        stream.shard("shardId-000000000000", null, false);
        stream.append("shardId-000000000000", "a1", windowA + 1_000);
        stream.append("shardId-000000000000", "a2", windowA + 2_000);
        stream.append("shardId-000000000000", "a3", windowA + 3_000);
        stream.append("shardId-000000000000", "b1", windowA + 60_000);
        clock.advanceMs(windowA + 61_000 - clock.millis());
        invoker.answer = PollersTest::countInState;
        map("TRIM_HORIZON", 2, -1, false, -1, 1, List.of(), 60);

        await("window B's first batch", () -> invoker.data().contains("b1"));
        List<JsonNode> events = List.copyOf(invoker.events);
        assertThat(events).hasSize(4);
        assertThat(events.stream().map(PollersTest::data).toList())
                .containsExactly(List.of("a1", "a2"), List.of("a3"), List.of(), List.of("b1"));
        assertThat(events.stream().map(e -> e.path("state").path("count").asInt(0)).toList()).containsExactly(0, 2, 3, 0);
        assertThat(events.stream().map(e -> e.path("isFinalInvokeForWindow").asBoolean()).toList())
                .containsExactly(false, false, true, false);
        assertThat(events.get(0).path("window").path("start").asText())
                .isEqualTo(java.time.Instant.ofEpochMilli(windowA).toString());
        assertThat(events.get(3).path("window").path("end").asText())
                .isEqualTo(java.time.Instant.ofEpochMilli(windowA + 120_000).toString());
        assertThat(events.get(0).path("shardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(events.get(0).path("eventSourceARN").asText()).isEqualTo(ARN);
        assertThat(events.get(0).path("isWindowTerminatedEarly").asBoolean(true)).isFalse();
        await("window B's state kept with the checkpoint", () -> store.registry()
                .checkpoint("u1", 1, "shardId-000000000000")
                .map(c -> "{\"count\":1}".equals(c.windowState()) && c.windowStartMs() == windowA + 60_000)
                .orElse(false));

        // a restart (the state rebuilt from the log) resumes window B's state; its end brings the final invocation
        pollers.close();
        store.close();
        invoker.events.clear();
        store = MappingStore.open(logStore, 0, clock);
        pollers = new TriggerPollers(store, stream, invoker, new TriggerSettings("us-east-1", "000000000000", 0, 20, 1, 5),
                clock, new MetricsRegistry(), this::keepFailure, NO_FAILURE_STREAMS);
        pollers.start();
        stream.append("shardId-000000000000", "b2", windowA + 61_000);
        await("b2", () -> invoker.data().contains("b2"));
        assertThat(invoker.events.get(0).path("state").path("count").asInt()).isEqualTo(1);
        clock.advanceMs(60_000);
        await("window B's final invocation", () -> invoker.events.stream()
                .anyMatch(e -> e.path("isFinalInvokeForWindow").asBoolean()));
        JsonNode last = invoker.events.get(invoker.events.size() - 1);
        assertThat(last.path("state").path("count").asInt()).isEqualTo(2);
        assertThat(last.path("Records")).isEmpty();
    }

    @Test
    void aWindowAnswerWithoutStateIsAFailedInvocation() throws Exception {
        stream.shard("shardId-000000000000", null, false);
        stream.append("shardId-000000000000", "x", clock.millis());
        map("TRIM_HORIZON", 10, -1, false, 1, 1, List.of(), 60); // ok() answers {} with no state

        await("the discard after one retry", () -> !logs.messages(Level.WARN).isEmpty());
        assertThat(invoker.events).hasSize(2);
        assertThat(logs.messages(Level.WARN).get(0)).contains("no state object");
    }

    @Test
    void aChildShardWaitsForItsParentsToBeReadToTheEnd() throws Exception {
        stream.shard("shardId-000000000000", null, true);
        stream.shard("shardId-000000000001", "shardId-000000000000", false);
        stream.append("shardId-000000000001", "child-0", clock.millis());
        stream.append("shardId-000000000000", "parent-0", clock.millis());
        stream.append("shardId-000000000000", "parent-1", clock.millis());
        map("TRIM_HORIZON", 1, -1, false, -1);

        await("all three", () -> invoker.data().size() == 3);
        assertThat(invoker.data()).containsExactly("parent-0", "parent-1", "child-0");
        assertThat(store.registry().checkpoint("u1", 1, "shardId-000000000000").orElseThrow().isShardDone()).isTrue();
    }

    @Test
    void latestStartsAfterTheNewestRecordAndSkipsClosedShards() throws Exception {
        stream.shard("shardId-000000000000", null, true);
        stream.shard("shardId-000000000001", "shardId-000000000000", false);
        stream.append("shardId-000000000000", "closed-old", clock.millis());
        stream.append("shardId-000000000001", "open-old", clock.millis());
        map("LATEST", 10, -1, false, -1);
        await("LATEST pinned by a checkpoint", () -> store.registry().checkpoint("u1", 1, "shardId-000000000001").isPresent());

        stream.append("shardId-000000000001", "new", clock.millis());
        await("the new record", () -> invoker.data().contains("new"));
        assertThat(invoker.data()).containsExactly("new");
    }

    @Test
    void aFailingBatchIsRetriedThenDiscardedAndTheShardMovesOn() throws Exception {
        stream.shard("shardId-000000000000", null, false);
        stream.append("shardId-000000000000", "bad", clock.millis());
        stream.append("shardId-000000000000", "also-in-batch", clock.millis());
        invoker.answer = event -> data(event).contains("bad") ? new InvokeResult(InvokeResult.Status.FUNCTION_ERROR, 200,
                "Unhandled", "{}".getBytes(StandardCharsets.UTF_8), "failed") : ok();
        onFailure = "arn:aws:s3:::dlq";
        map("TRIM_HORIZON", 2, -1, false, 2);

        await("the discard", () -> !logs.messages(Level.WARN).isEmpty());
        await("the invocation record", () -> !failures.isEmpty());
        Map.Entry<String, JsonNode> failure = failures.entrySet().iterator().next();
        assertThat(failure.getKey()).matches("dlq/aws/lambda/u1/shardId-000000000000/2023/11/14/"
                + "2023-11-14T22\\.13\\.20-[0-9a-f-]{36}");
        JsonNode record = failure.getValue();
        assertThat(record.path("requestContext").path("functionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:f");
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.path("responseContext").toString())
                .isEqualTo("{\"statusCode\":200,\"executedVersion\":\"$LATEST\",\"functionError\":\"Unhandled\"}");
        assertThat(record.path("version").asText()).isEqualTo("1.0");
        assertThat(record.path("timestamp").asText()).isEqualTo("2023-11-14T22:13:20.000Z");
        JsonNode info = record.path("KinesisBatchInfo");
        assertThat(info.path("shardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(info.path("startSequenceNumber").asText()).isEqualTo("0");
        assertThat(info.path("endSequenceNumber").asText()).isEqualTo("1");
        assertThat(info.path("approximateArrivalOfFirstRecord").asText()).isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(info.path("batchSize").asInt()).isEqualTo(2);
        assertThat(info.path("streamArn").asText()).isEqualTo(ARN);
        assertThat(JSON.readTree(record.path("payload").asText()).path("Records")).hasSize(2);
        stream.append("shardId-000000000000", "next", clock.millis());
        await("the next record", () -> invoker.data().contains("next"));
        assertThat(invoker.events).hasSize(4); // the first try, 2 retries, then "next"
        assertThat(invoker.data()).containsExactly("bad", "also-in-batch", "bad", "also-in-batch", "bad",
                "also-in-batch", "next");
        assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("discarded 2 records")
                .contains("retries exhausted (MaximumRetryAttempts 2)");
    }

    @Test
    void anUnavailableFunctionIsRetriedWithoutLimitAndNotCounted() throws Exception {
        stream.shard("shardId-000000000000", null, false);
        stream.append("shardId-000000000000", "r", clock.millis());
        int[] calls = {0};
        invoker.answer = event -> ++calls[0] <= 5
                ? new InvokeResult(InvokeResult.Status.UNAVAILABLE, 0, null, new byte[0], "cannot connect") : ok();
        map("TRIM_HORIZON", 2, -1, false, 0);

        await("delivered", () -> invoker.events.size() == 6);
        assertThat(invoker.data()).containsOnly("r");
        // the poller notes the result after the invocation returns, so the sixth call can be seen before it
        await("the result noted", () -> "OK".equals(pollers.lastProcessingResult("u1")));
        assertThat(logs.messages(Level.WARN)).as("one line per spell, not one per retry").singleElement().asString()
                .contains("is unavailable (cannot connect)");
    }

    @Test
    void parallelizationRunsLanesAtOnceAndKeepsEachKeysOrder() throws Exception {
        stream.shard("shardId-000000000000", null, true);
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 8; k++) {
                stream.append("shardId-000000000000", "key" + k, "key" + k + ":" + i, clock.millis());
            }
        }
        java.util.concurrent.CountDownLatch twoInFlight = new java.util.concurrent.CountDownLatch(2);
        invoker.answer = event -> {
            twoInFlight.countDown();
            try {
                assertThat(twoInFlight.await(20, TimeUnit.SECONDS)).as("a second lane's batch while the first is in flight")
                        .isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ok();
        };
        map("TRIM_HORIZON", 3, -1, false, -1, 4);

        await("all 40 records and the shard done", () -> invoker.data().size() == 40 && store.registry()
                .checkpoints("u1").stream().filter(MappingEvent.ShardCheckpointed::isShardDone).count() == 4);
        Map<String, List<Integer>> byKey = new java.util.TreeMap<>();
        for (String d : invoker.data()) {
            byKey.computeIfAbsent(d.substring(0, d.indexOf(':')), k -> new ArrayList<>())
                    .add(Integer.parseInt(d.substring(d.indexOf(':') + 1)));
        }
        assertThat(byKey).hasSize(8);
        byKey.forEach((key, order) -> assertThat(order).as(key).containsExactly(0, 1, 2, 3, 4));
        for (JsonNode event : invoker.events) {
            List<Integer> lanesOfBatch = new ArrayList<>();
            event.path("Records").forEach(r -> lanesOfBatch.add(ShardPoller.laneOf(
                    r.path("kinesis").path("partitionKey").asText(), 4)));
            assertThat(lanesOfBatch).as("one lane per batch").hasSizeLessThanOrEqualTo(3).containsOnly(lanesOfBatch.get(0));
        }
    }

    private static InvokeResult ok() {
        return new InvokeResult(InvokeResult.Status.SUCCESS, 200, null, "{}".getBytes(StandardCharsets.UTF_8), "");
    }

    private static List<String> data(JsonNode event) {
        List<String> out = new ArrayList<>();
        event.path("Records").forEach(r -> out.add(new String(Base64.getDecoder().decode(
                r.path("kinesis").path("data").asText()), StandardCharsets.UTF_8)));
        return out;
    }

    /** The invoker double: records each event, answers by {@link #answer}. */
    private static final class RecordingInvoker implements FunctionInvoker {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        volatile Function<JsonNode, InvokeResult> answer = event -> ok();
        private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

        List<String> data() {
            List<String> out = new ArrayList<>();
            events.forEach(e -> out.addAll(PollersTest.data(e)));
            return out;
        }

        @Override
        public boolean isResolvable(String function) {
            return true;
        }

        @Override
        public CompletableFuture<InvokeResult> invoke(String function, byte[] payload) {
            try {
                JsonNode event = JSON.readTree(payload);
                events.add(event);
                return CompletableFuture.supplyAsync(() -> answer.apply(event), threads);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            threads.shutdownNow();
        }
    }

    /** A stream held in the test: shards with parents, records at positions 0, 1, ... */
    private static final class HeldStream implements StreamSource {
        /** Reads answered so far: a test appends after the poller has read what was there. */
        final java.util.concurrent.atomic.AtomicInteger readsServed = new java.util.concurrent.atomic.AtomicInteger();
        private record HeldShard(Shard shard, List<Record> records) {
        }

        private final Map<String, HeldShard> shards = new ConcurrentHashMap<>();
        private final List<String> order = new CopyOnWriteArrayList<>();
        private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
        final Map<String, Consumer> consumers = new ConcurrentHashMap<>();

        void shard(String id, String parent, boolean isClosed) {
            shards.put(id, new HeldShard(new Shard(id, parent, null, isClosed), new CopyOnWriteArrayList<>()));
            order.add(id);
        }

        void append(String shardId, String data, long arrivalMs) {
            append(shardId, "k", data, arrivalMs);
        }

        void append(String shardId, String key, String data, long arrivalMs) {
            List<Record> records = shards.get(shardId).records();
            int position = records.size();
            records.add(new Record(Integer.toString(position), key, data.getBytes(StandardCharsets.UTF_8), arrivalMs,
                    position + 1));
            listeners.getOrDefault(shardId, List.of()).forEach(Runnable::run);
        }

        @Override
        public Optional<Stream> stream(String streamArn) {
            List<Shard> list = new ArrayList<>();
            order.forEach(id -> list.add(shards.get(id).shard()));
            return streamArn.equals(ARN) ? Optional.of(new Stream(ARN, "s", 1, list)) : Optional.empty();
        }

        @Override
        public Optional<Consumer> consumer(String consumerArn) {
            return Optional.ofNullable(consumers.get(consumerArn));
        }

        @Override
        public Optional<Long> startPosition(String streamArn, long incarnation, String shardId, Start start, long timestampMs) {
            HeldShard held = shards.get(shardId);
            return Optional.ofNullable(held).map(h -> start == Start.LATEST ? (long) h.records().size() : 0L);
        }

        @Override
        public CompletableFuture<Batch> read(String streamArn, long incarnation, String shardId, long position,
                                             int maxRecords, long maxBytes) {
            HeldShard held = shards.get(shardId);
            if (held == null) {
                return CompletableFuture.failedFuture(new NoSuchElementException(shardId));
            }
            List<Record> all = List.copyOf(held.records());
            int from = (int) Math.min(position, all.size());
            List<Record> batch = all.subList(from, Math.min(all.size(), from + maxRecords));
            long next = from + batch.size();
            readsServed.incrementAndGet();
            return CompletableFuture.completedFuture(new Batch(batch, next, held.shard().isClosed() && next >= all.size(), 0));
        }

        @Override
        public AutoCloseable onRecords(long incarnation, String shardId, Runnable listener) {
            listeners.computeIfAbsent(shardId, k -> new CopyOnWriteArrayList<>()).add(listener);
            return () -> listeners.get(shardId).remove(listener);
        }
    }
}
