package io.riffle.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.memory.InMemoryLogStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "At T, apply E unless superseded", with an injected clock; pending timers survive restarts and snapshots. */
class TimedTransitionTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final InMemoryLogStore store = InMemoryLogStore.open();

    private EventLog<Counters.State, CounterEvent> open(Counters counters) throws Exception {
        return EventLog.open(store, "ctl", CounterEvent.CODEC, counters, SnapshotPolicy.NEVER, clock);
    }

    @Test
    void firesAtItsTimeNotBefore() throws Exception {
        Counters counters = new Counters();
        try (var log = open(counters)) {
            long t0 = clock.millis();
            log.append(List.of(new CounterEvent.Added("tmp-a", 1))).join();
            assertThat(log.pendingTimers().join()).isEqualTo(Map.of("expire:tmp-a", t0 + Counters.TTL_MS));

            clock.advanceMs(Counters.TTL_MS - 1);
            assertThat(log.fireDueTimers().join()).isZero();
            assertThat(counters.counters).containsKey("tmp-a");

            clock.advanceMs(1);
            assertThat(log.fireDueTimers().join()).isEqualTo(1);
            assertThat(counters.counters).doesNotContainKey("tmp-a");
            assertThat(log.pendingTimers().join()).isEmpty();
        }
        // The fired event is in the log, and replaying it does not re-arm the timer.
        Counters again = new Counters();
        try (var log = open(again)) {
            assertThat(log.openReport().eventsReplayed()).isEqualTo(2);
            assertThat(log.pendingTimers().join()).isEmpty();
            assertThat(again.counters).isEmpty();
        }
    }

    @Test
    void aTimerDueWhenASubmittedWriteIsAppliedFiresBeforeTheWriteCompletes() throws Exception {
        Counters counters = new Counters();
        try (var log = open(counters)) {
            log.append(List.of(new CounterEvent.Added("tmp-a", 1))).join();
            clock.advanceMs(Counters.TTL_MS); // due; the log's own wake-up is a second of wall time away
            log.append(List.of(new CounterEvent.Added("b", 1))).join();
            // the caller sees the transition done (as a stream with no CREATING delay is ACTIVE when created)
            assertThat(counters.counters).isEqualTo(Map.of("b", 1L));
            assertThat(log.pendingTimers().join()).isEmpty();
        }
    }

    @Test
    void aSupersededTimerDoesNotFire() throws Exception {
        Counters counters = new Counters();
        try (var log = open(counters)) {
            long t0 = clock.millis();
            log.append(List.of(new CounterEvent.Added("tmp-a", 1), new CounterEvent.Added("tmp-b", 1))).join();
            log.append(List.of(new CounterEvent.Removed("tmp-a"))).join(); // cancels expire:tmp-a
            clock.advanceMs(500);
            log.append(List.of(new CounterEvent.Added("tmp-b", 1))).join(); // re-arms expire:tmp-b later
            assertThat(log.pendingTimers().join()).isEqualTo(Map.of("expire:tmp-b", t0 + 500 + Counters.TTL_MS));

            clock.advanceMs(Counters.TTL_MS - 1);
            assertThat(log.fireDueTimers().join()).isZero();
            assertThat(counters.counters).isEqualTo(Map.of("tmp-b", 2L));
            clock.advanceMs(1);
            assertThat(log.fireDueTimers().join()).isEqualTo(1);
            assertThat(counters.counters).isEmpty();
        }
    }

    @Test
    void replayReArmsPendingTimersAndOnesDueWhileDownFireAtOpen() throws Exception {
        Counters counters = new Counters();
        try (var log = open(counters)) {
            log.append(List.of(new CounterEvent.Added("tmp-a", 1))).join();
            clock.advanceMs(600);
            log.append(List.of(new CounterEvent.Added("tmp-b", 1))).join();
        }
        clock.advanceMs(500); // tmp-a was due while the log was closed; tmp-b is due in 500 ms
        Counters again = new Counters();
        try (var log = open(again)) {
            assertThat(log.openReport().timersPending()).isEqualTo(2);
            log.fireDueTimers().join(); // the open's own wake-up may have fired it first: either way it is gone
            assertThat(again.counters).isEqualTo(Map.of("tmp-b", 1L));
            assertThat(log.pendingTimers().join()).containsOnlyKeys("expire:tmp-b");
            clock.advanceMs(499);
            assertThat(log.fireDueTimers().join()).isZero();
            clock.advanceMs(1);
            assertThat(log.fireDueTimers().join()).isEqualTo(1);
            assertThat(again.counters).isEmpty();
        }
    }

    @Test
    void pendingTimersAreKeptInSnapshots() throws Exception {
        Counters counters = new Counters();
        long t0 = clock.millis();
        try (var log = open(counters)) {
            log.append(List.of(new CounterEvent.Added("tmp-a", 1), new CounterEvent.Added("keep", 1))).join();
            log.snapshotNow().join();
        }
        assertThat(store.logIds()).containsExactly("ctl.1");
        Counters again = new Counters();
        try (var log = open(again)) {
            assertThat(log.openReport()).isEqualTo(new OpenReport(1, true, 0, 1, List.of()));
            assertThat(log.pendingTimers().join()).isEqualTo(Map.of("expire:tmp-a", t0 + Counters.TTL_MS));
            clock.advanceMs(Counters.TTL_MS);
            assertThat(log.fireDueTimers().join()).isEqualTo(1);
            assertThat(again.counters).isEqualTo(Map.of("keep", 1L));
        }
    }
}
