package io.riffle.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ShardLog;
import io.riffle.storage.memory.InMemoryLogStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Appending, applying only what is durable, and replay at open. */
class EventLogTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private EventLog<Counters.State, CounterEvent> open(LogStore store, Counters counters) throws Exception {
        return EventLog.open(store, "ctl", CounterEvent.CODEC, counters, SnapshotPolicy.NEVER, clock);
    }

    @Test
    void appendedEventsAreAppliedAndReplayedInOrder() throws Exception {
        InMemoryLogStore store = InMemoryLogStore.open();
        Counters counters = new Counters();
        try (var log = open(store, counters)) {
            assertThat(log.openReport()).isEqualTo(new OpenReport(0, false, 0, 0, List.of()));
            AppendResult r = log.append(List.of(new CounterEvent.Added("a", 2), new CounterEvent.Added("b", 1))).join();
            assertThat(r.isOk()).isTrue();
            assertThat(counters.counters).containsExactly(java.util.Map.entry("a", 2L), java.util.Map.entry("b", 1L));
            log.append(List.of(new CounterEvent.Added("a", 3))).join();
            log.append(List.of(new CounterEvent.Removed("b"))).join();
        }
        assertThat(store.logIds()).containsExactly("ctl");

        Counters again = new Counters();
        try (var log = open(store, again)) {
            assertThat(log.openReport().eventsReplayed()).isEqualTo(4);
            assertThat(again.replayed).isEqualTo(4);
            assertThat(again.counters).containsExactly(java.util.Map.entry("a", 5L));
        }
    }

    @Test
    void submitDecidesOnTheCurrentStateWithoutRaces() throws Exception {
        InMemoryLogStore store = InMemoryLogStore.open();
        Counters counters = new Counters();
        try (var log = open(store, counters)) {
            // 50 concurrent "create if absent" commands: exactly one appends.
            List<CompletableFuture<AppendResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(log.submit(() -> counters.counters.containsKey("x")
                        ? List.of() : List.of(new CounterEvent.Added("x", 1))));
            }
            assertThat(results.stream().mapToInt(f -> f.join().count()).sum()).isEqualTo(1);
            assertThat(counters.counters).containsEntry("x", 1L);

            CompletableFuture<AppendResult> refused = log.submit(() -> {
                throw new IllegalArgumentException("stream x already exists");
            });
            assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(log.read(c -> ((Counters) c).applied).join()).isEqualTo(1);
        }
    }

    @Test
    void aFailedAppendIsNeverApplied() throws Exception {
        FailingLogStore store = new FailingLogStore(InMemoryLogStore.open());
        Counters counters = new Counters();
        try (var log = open(store, counters)) {
            log.append(List.of(new CounterEvent.Added("a", 1))).join();
            store.diskFull = true;
            AppendResult r = log.append(List.of(new CounterEvent.Added("a", 10))).join();
            assertThat(r.status()).isEqualTo(AppendResult.Status.DISK_FULL);
            assertThat(counters.counters).containsEntry("a", 1L);
            store.diskFull = false;
            log.append(List.of(new CounterEvent.Added("a", 100))).join();
        }
        Counters again = new Counters();
        try (var log = open(store, again)) {
            assertThat(log.openReport().eventsReplayed()).isEqualTo(2);
            assertThat(again.counters).containsEntry("a", 101L);
        }
    }

    @Test
    void submitsThenRunsOnTheLogThreadBeforeTheNextOperationWithTheOutcome() throws Exception {
        FailingLogStore store = new FailingLogStore(InMemoryLogStore.open());
        Counters counters = new Counters();
        try (var log = open(store, counters)) {
            List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            CompletableFuture<String> stored = log.submit(() -> List.of(new CounterEvent.Added("a", 1)),
                    r -> {
                        seen.add("then " + r.status() + " a=" + counters.counters.get("a") + " on "
                                + Thread.currentThread().getName());
                        return "answer";
                    });
            CompletableFuture<AppendResult> next = log.submit(() -> {
                seen.add("next");
                return List.of();
            });
            assertThat(stored.join()).isEqualTo("answer");
            next.join();
            assertThat(seen).containsExactly("then OK a=1 on riffle-metadata-ctl", "next");

            store.diskFull = true;
            CompletableFuture<String> refused = log.submit(() -> List.of(new CounterEvent.Added("a", 5)), r -> {
                if (!r.isOk()) {
                    throw new IllegalStateException("not stored: " + r.status());
                }
                return "stored";
            });
            assertThatThrownBy(refused::join).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not stored: DISK_FULL");
            assertThat(counters.counters).containsEntry("a", 1L);
        }
    }

    @Test
    void pipelinedWritesAreDecidedBeforeTheLastIsDurableAndAnsweredOnlyOnceDurable() throws Exception {
        FailingLogStore store = new FailingLogStore(InMemoryLogStore.open());
        Counters counters = new Counters();
        try (var log = open(store, counters)) {
            store.fsync = new CompletableFuture<>(); // every append waits for this "fsync"
            List<CompletableFuture<AppendResult>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // create-if-absent, then increments: each decided on the state the earlier ones made
                writes.add(log.submitPipelined(() -> counters.counters.containsKey("x")
                        ? List.of(new CounterEvent.Added("x", 1)) : List.of(new CounterEvent.Added("x", 100))));
            }
            CompletableFuture<AppendResult> refused = log.submitPipelined(() -> {
                throw new IllegalArgumentException("condition failed");
            });
            CompletableFuture<Long> read = log.read(c -> ((Counters) c).counters.get("x"));
            // every write was decided and applied though no append is durable yet
            CompletableFuture<Integer> appliedWhenDecided = new CompletableFuture<>();
            log.submitPipelined(() -> {
                appliedWhenDecided.complete(counters.applied);
                return List.of();
            });
            assertThat(appliedWhenDecided.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(10);
            assertThat(writes).noneMatch(CompletableFuture::isDone);
            assertThat(refused.isDone()).isFalse();
            assertThat(read.isDone()).isFalse();

            store.fsync.complete(null);
            store.fsync = null;
            assertThat(writes.stream().map(CompletableFuture::join).allMatch(AppendResult::isOk)).isTrue();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(read.join()).isEqualTo(109L);
        }
        Counters again = new Counters();
        try (var log = open(store, again)) {
            assertThat(log.openReport().eventsReplayed()).isEqualTo(10);
            assertThat(again.counters).containsEntry("x", 109L);
        }
    }

    @Test
    void aDueSnapshotIsTakenUnderAStreamOfPipelinedWrites() throws Exception {
        FailingLogStore store = new FailingLogStore(InMemoryLogStore.open());
        Counters counters = new Counters();
        SnapshotPolicy every5 = new SnapshotPolicy(5, 0);
        try (var log = EventLog.open(store, "ctl", CounterEvent.CODEC, counters, every5, clock)) {
            store.fsync = new CompletableFuture<>(); // the writes stay in flight until released
            List<CompletableFuture<AppendResult>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                writes.add(log.submitPipelined(() -> List.of(new CounterEvent.Added("x", 1))));
            }
            CompletableFuture<Integer> appliedWhenDecided = new CompletableFuture<>();
            log.submitPipelined(() -> {
                appliedWhenDecided.complete(counters.applied);
                return List.of();
            });
            store.fsync.complete(null);
            store.fsync = null;
            writes.forEach(CompletableFuture::join);
            assertThat(appliedWhenDecided.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(20);
            // the sixth write waited for the five in flight, whose completion took a snapshot, and so on
            assertThat(log.snapshotsTaken().join()).isGreaterThanOrEqualTo(3);
        }
        Counters again = new Counters();
        try (var log = EventLog.open(store, "ctl", CounterEvent.CODEC, again, every5, clock)) {
            assertThat(log.openReport().fromSnapshot()).isTrue();
            assertThat(again.counters).containsEntry("x", 20L);
        }
    }

    @Test
    void aFailedPipelinedWriteStopsTheLogUntilItIsOpenedAgain() throws Exception {
        FailingLogStore store = new FailingLogStore(InMemoryLogStore.open());
        Counters counters = new Counters();
        try (var log = open(store, counters)) {
            log.submitPipelined(() -> List.of(new CounterEvent.Added("a", 1))).join();
            store.diskFull = true;
            assertThat(log.submitPipelined(() -> List.of(new CounterEvent.Added("a", 10))).join().status())
                    .isEqualTo(AppendResult.Status.DISK_FULL);
            store.diskFull = false;
            // the state holds a=11, the store a=1: nothing more is decided or shown on it
            assertThatThrownBy(() -> log.submitPipelined(() -> List.of(new CounterEvent.Added("a", 100))).join())
                    .hasMessageContaining("refuses work until it is opened again");
            assertThatThrownBy(() -> log.read(c -> ((Counters) c).counters.get("a")).join())
                    .hasMessageContaining("refuses work until it is opened again");
        }
        Counters again = new Counters();
        try (var log = open(store, again)) {
            assertThat(log.openReport().eventsReplayed()).isEqualTo(1);
            assertThat(again.counters).containsEntry("a", 1L);
        }
    }

    @Test
    void anEventFromANewerBuildRefusesTheOpen() throws Exception {
        InMemoryLogStore store = InMemoryLogStore.open();
        ShardLog raw = store.create("ctl");
        byte[] newer = "{\"type\":\"Added\",\"v\":9,\"data\":{\"name\":\"a\",\"amount\":1}}".getBytes(StandardCharsets.UTF_8);
        raw.append(List.of(AppendRecord.of(new byte[] {'e'}, newer, clock.millis()))).join();
        assertThatThrownBy(() -> open(store, new Counters()))
                .isInstanceOf(UnsupportedEventException.class)
                .hasMessageContaining("event Added version 9 is newer than this build reads");
    }
}
