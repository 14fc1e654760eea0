package io.riffle.storage;

import static io.riffle.storage.TestRecords.appendOk;
import static io.riffle.storage.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link LogStore} and its {@link ShardLog}s keep, run on every implementation
 * and setting {@link StoreUnderTest#all} lists: the embedded engine on the real and the simulated
 * disk under every durability setting, reopened after a clean close, recovered after a crash, and
 * the in-memory store. Restarts are checked where a store survives them.
 */
class ShardLogContractTest {
    @TempDir
    static Path temp;
    private static int run;
    private StoreUnderTest fixture;

    static Stream<StoreUnderTest> stores() {
        return StoreUnderTest.all(temp.resolve("run-" + run++)).stream();
    }

    private LogStore open(StoreUnderTest sut) throws Exception {
        fixture = sut;
        return fixture.open();
    }

    @AfterEach
    void closeStore() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void appendsGetConsecutivePositionsAndReadBackIntact(StoreUnderTest sut) throws Exception {
        LogStore store = open(sut);
        ShardLog log = store.create("s1");
        assertThat(log.endPosition()).isZero();
        assertThat(log.read(0, 10, 1000).records()).isEmpty();
        appendOk(log, 0, 1, 1000);
        appendOk(log, 1, 500, 1001);
        appendOk(log, 501, 7, 1002);
        assertThat(log.endPosition()).isEqualTo(508);
        List<StoredRecord> all = readAll(log);
        assertThat(all).hasSize(508);
        assertThat(all.get(0).arrivalTimestampMs()).isEqualTo(1000);
        assertThat(all.get(507).arrivalTimestampMs()).isEqualTo(1002);
        assertThat(all.get(5).writerEpoch()).isEqualTo(store.writerEpoch());
        assertThat(log.lastTimestampMs()).isEqualTo(1002);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void readHonoursRecordAndByteBudgetsButAlwaysReturnsOneRecord(StoreUnderTest sut)
            throws Exception {
        ShardLog log = open(sut).create("budget");
        appendOk(log, 0, 100, 5);
        ReadResult r = log.read(10, 7, Long.MAX_VALUE);
        assertThat(r.records()).extracting(StoredRecord::position).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L);
        assertThat(r.nextPosition()).isEqualTo(17);

        long budget = 0;
        for (long p = 20; p < 25; p++) {
            budget += TestRecords.key("budget", p).length + TestRecords.data("budget", p).length;
        }
        r = log.read(20, 1000, budget);
        assertThat(r.records()).hasSize(5);
        r = log.read(20, 1000, budget - 1);
        assertThat(r.records()).hasSize(4);
        r = log.read(20, 1000, 1);
        assertThat(r.records()).hasSize(1);

        byte[] big = new byte[AppendRecord.MAX_DATA_BYTES];
        big[big.length - 1] = 42;
        AppendResult result = log.append(List.of(AppendRecord.of("big".getBytes(StandardCharsets.UTF_8), big, 6)))
                .get(30, TimeUnit.SECONDS);
        assertThat(result.isOk()).isTrue();
        r = log.read(100, 10, 1024);
        assertThat(r.records()).hasSize(1);
        assertThat(r.records().get(0).data().remaining()).isEqualTo(big.length);
        assertThat(r.records().get(0).data().get(big.length - 1)).isEqualTo((byte) 42);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void readsOutsideTheLogSaySo(StoreUnderTest sut) throws Exception {
        ShardLog log = open(sut).create("edges");
        appendOk(log, 0, 3, 1);
        assertThat(log.read(3, 10, 100).records()).isEmpty();
        assertThat(log.read(3, 10, 100).status()).isEqualTo(ReadResult.Status.OK);
        ReadResult beyond = log.read(4, 10, 100);
        assertThat(beyond.status()).isEqualTo(ReadResult.Status.BEYOND_END);
        assertThat(beyond.nextPosition()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void arrivalTimestampsNeverGoBackwards(StoreUnderTest sut) throws Exception {
        ShardLog log = open(sut).create("clock");
        assertThat(appendOk(log, 0, 2, 5_000).firstTimestampMs()).isEqualTo(5_000);
        // the clock stepped back: the append reports the time it stored, which a read reports too
        assertThat(appendOk(log, 2, 2, 4_000).firstTimestampMs()).isEqualTo(5_000);
        assertThat(appendOk(log, 4, 1, 6_000).firstTimestampMs()).isEqualTo(6_000);
        List<StoredRecord> all = readAll(log);
        assertThat(all).extracting(StoredRecord::arrivalTimestampMs).containsExactly(5000L, 5000L, 5000L, 5000L, 6000L);
        assertThat(log.seekByTime(5_001)).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void seekByTimeFindsTheFirstRecordAtOrAfterTheTimeAcrossSegments(StoreUnderTest sut)
            throws Exception {
        fixture = sut.tune(c -> c.segmentMaxBytes(8 * 1024).indexIntervalBytes(512));
        ShardLog log = fixture.open().create("time");
        for (int i = 0; i < 200; i++) {
            appendOk(log, i * 3L, 3, 10_000 + i * 10L);
        }
        fixture.segmentFiles("time").ifPresent(segments -> assertThat(segments).as("segments").isGreaterThan(3));
        assertThat(log.seekByTime(0)).isZero();
        assertThat(log.seekByTime(10_000)).isZero();
        assertThat(log.seekByTime(10_001)).isEqualTo(3);
        assertThat(log.seekByTime(10_995)).isEqualTo(300);
        assertThat(log.seekByTime(11_990)).isEqualTo(597);
        assertThat(log.seekByTime(11_991)).isEqualTo(600);
        assertThat(log.seekByTime(99_999)).isEqualTo(600);
        if (!fixture.survivesRestart()) {
            return;
        }
        log = fixture.reopen().get("time").orElseThrow();
        assertThat(log.seekByTime(10_995)).isEqualTo(300);
        assertThat(readAll(log)).hasSize(600);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void manyShardsWrittenConcurrentlyStayOrderedAndComplete(StoreUnderTest sut)
            throws Exception {
        LogStore store = open(sut);
        int shards = 12;
        List<ShardLog> logs = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            logs.add(store.create("c" + i));
        }
        ExecutorService producers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ShardLog log : logs) {
                done.add(producers.submit(() -> {
                    List<CompletableFuture<AppendResult>> inFlight = new ArrayList<>();
                    for (int b = 0; b < 40; b++) {
                        inFlight.add(log.append(TestRecords.batch(log.id(), b * 5L, 5, 100 + b)));
                    }
                    for (int b = 0; b < inFlight.size(); b++) {
                        AppendResult r = inFlight.get(b).join();
                        assertThat(r.isOk()).isTrue();
                        assertThat(r.firstPosition()).isEqualTo(b * 5L);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            producers.shutdownNow();
        }
        for (ShardLog log : logs) {
            assertThat(readAll(log)).hasSize(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void everythingSurvivesCleanRestartAndAppendsContinue(StoreUnderTest sut)
            throws Exception {
        assumeTrue(sut.survivesRestart(), "a store that keeps nothing across a restart");
        fixture = sut.tune(c -> c.segmentMaxBytes(16 * 1024));
        LogStore store = fixture.open();
        ShardLog a = store.create("a");
        ShardLog b = store.create("b");
        store.create("empty");
        for (int i = 0; i < 30; i++) {
            appendOk(a, i * 10L, 10, 50 + i);
        }
        appendOk(b, 0, 1, 7);
        int epoch = store.writerEpoch();

        store = fixture.reopen();
        assertThat(store.logIds()).containsExactly("a", "b", "empty");
        assertThat(store.writerEpoch()).isGreaterThan(epoch);
        a = store.get("a").orElseThrow();
        assertThat(a.endPosition()).isEqualTo(300);
        assertThat(a.lastTimestampMs()).isEqualTo(79);
        assertThat(readAll(a)).hasSize(300);
        appendOk(a, 300, 5, 80);
        appendOk(store.get("empty").orElseThrow(), 0, 2, 80);
        assertThat(readAll(store.get("b").orElseThrow())).hasSize(1);

        store = fixture.crashAndReopen();
        assertThat(readAll(store.get("a").orElseThrow())).hasSize(305);
        assertThat(readAll(store.get("empty").orElseThrow())).hasSize(2);
        List<StoredRecord> after = store.get("a").orElseThrow().read(300, 10, 1 << 20).records();
        assertThat(after.get(0).writerEpoch()).isEqualTo(epoch + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void retentionHidesAndThenDeletesOldSegmentsAndQuietShardsStillRoll(StoreUnderTest sut)
            throws Exception {
        fixture = sut
                .tune(c -> c.segmentMaxBytes(8 * 1024).segmentMaxAgeMs(60_000).defaultRetentionMs(3_600_000));
        LogStore store = fixture.open();
        ShardLog log = store.create("r");
        long t0 = fixture.clock.get();
        for (int i = 0; i < 100; i++) {
            appendOk(log, i * 2L, 2, t0 + i * 1000L); // one batch per second of arrival time
        }
        assertThat(log.startPosition()).isZero();
        fixture.clock.set(t0 + 3_600_000 + 50_500); // records from the first 50.5 s are now too old
        store.maintain();
        store.get("r").orElseThrow().endPosition(); // maintenance runs on the owner thread; wait via an append
        appendOk(log, 200, 1, fixture.clock.get());
        long start = log.startPosition();
        assertThat(start).isEqualTo(102);
        ReadResult trimmed = log.read(0, 10, 1000);
        assertThat(trimmed.status()).isEqualTo(ReadResult.Status.BELOW_TRIM);
        assertThat(trimmed.nextPosition()).isEqualTo(102);
        assertThat(log.read(102, 1, 1000).records().get(0).position()).isEqualTo(102);
        OptionalLong segmentsBefore = fixture.segmentFiles("r");

        log.setRetentionMs(60_000); // shortened: everything but the last record is hidden at once
        assertThat(log.startPosition()).isEqualTo(200);

        fixture.advanceClock(120_000); // the active segment is now old: a quiet shard rolls, then trims
        store.maintain();
        appendOk(log, 201, 1, fixture.clock.get());
        store.maintain();
        appendOk(log, 202, 1, fixture.clock.get());
        if (segmentsBefore.isPresent()) {
            assertThat(fixture.segmentFiles("r").orElseThrow()).isLessThan(segmentsBefore.getAsLong());
        }
        assertThat(log.startPosition()).isEqualTo(201);
        assertThat(readAll(log)).extracting(StoredRecord::position).containsExactly(201L, 202L);
        if (!fixture.survivesRestart()) {
            return;
        }
        log = fixture.reopen().get("r").orElseThrow();
        assertThat(log.retentionMs()).isEqualTo(60_000);
        assertThat(log.startPosition()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void publishListenersAreToldOfEachAppendOnceItsRecordsAreReadable(StoreUnderTest sut) throws Exception {
        ShardLog log = open(sut).create("p");
        BlockingQueue<String> told = new LinkedBlockingQueue<>();
        AutoCloseable listening = log.onPublished(() -> {
            long end = log.endPosition();
            told.add(end + (log.read(end - 1, 1, 1000).records().isEmpty() ? " unreadable" : " readable"));
        });
        appendOk(log, 0, 2, 1);
        assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo("2 readable");
        appendOk(log, 2, 3, 1);
        assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo("5 readable");
        listening.close();
        // listeners are told in the order they came: once a later one heard of the next append, a closed one would have
        BlockingQueue<Long> later = new LinkedBlockingQueue<>();
        log.onPublished(() -> later.add(log.endPosition()));
        appendOk(log, 5, 1, 1);
        assertThat(later.poll(10, TimeUnit.SECONDS)).isEqualTo(6L);
        assertThat(told).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aListenerThatThrowsNeitherFailsTheAppendNorKeepsTheOthersFromBeingTold(StoreUnderTest sut) throws Exception {
        ShardLog log = open(sut).create("t");
        BlockingQueue<Long> told = new LinkedBlockingQueue<>();
        AutoCloseable failing = log.onPublished(() -> {
            throw new IllegalStateException("a broken listener");
        });
        AutoCloseable counting = log.onPublished(() -> told.add(log.endPosition()));
        appendOk(log, 0, 2, 1);
        assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(2L);
        appendOk(log, 2, 1, 1);
        assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(3L);
        failing.close();
        counting.close();
        assertThat(readAll(log)).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void fencedAndClosedLogsRefuseAppends(StoreUnderTest sut) throws Exception {
        LogStore store = open(sut);
        ShardLog log = store.create("f");
        appendOk(log, 0, 1, 1);
        log.fence(3);
        AppendResult r = log.append(TestRecords.batch("f", 1, 1, 1)).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(AppendResult.Status.FENCED);
        assertThat(readAll(log)).hasSize(1);
        store.close();
        r = log.append(TestRecords.batch("f", 1, 1, 1)).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isIn(AppendResult.Status.CLOSED, AppendResult.Status.FENCED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void fenceAndFlushEndsTheLogAfterEveryEarlierAppend(StoreUnderTest sut)
            throws Exception {
        ShardLog log = open(sut).create("ff");
        List<CompletableFuture<AppendResult>> before = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            before.add(log.append(TestRecords.batch("ff", i * 3L, 3, 1)));
        }
        long end = log.fenceAndFlush(1).get(30, TimeUnit.SECONDS);
        assertThat(before).allSatisfy(f -> assertThat(f).isCompletedWithValueMatching(AppendResult::isOk));
        assertThat(end).isEqualTo(60).isEqualTo(log.endPosition());
        assertThat(log.append(TestRecords.batch("ff", 60, 1, 1)).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(AppendResult.Status.FENCED);
        assertThat(readAll(log)).hasSize(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void deletedLogsAreGoneForGood(StoreUnderTest sut) throws Exception {
        assumeTrue(sut.survivesRestart(), "a store that keeps nothing across a restart");
        LogStore store = open(sut);
        appendOk(store.create("gone"), 0, 10, 1);
        appendOk(store.create("kept"), 0, 10, 1);
        store.delete("gone");
        assertThat(store.get("gone")).isEmpty();
        store = fixture.crashAndReopen();
        assertThat(store.logIds()).containsExactly("kept");
        ShardLog again = store.create("gone");
        assertThat(again.endPosition()).isZero();
        appendOk(again, 0, 1, 2);
        store = fixture.crashAndReopen();
        assertThat(readAll(store.get("gone").orElseThrow())).hasSize(1);
        assertThat(readAll(store.get("kept").orElseThrow())).hasSize(10);
    }
}
