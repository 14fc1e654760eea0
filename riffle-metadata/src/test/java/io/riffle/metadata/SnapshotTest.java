package io.riffle.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.LogCapture;
import io.riffle.storage.LogStore;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Automatic snapshots on the embedded store: a restart replays only later events, older ones are deleted. */
class SnapshotTest {
    @RegisterExtension
    final LogCapture logs = LogCapture.of(EventLog.class).expect(Level.WARN, "incomplete snapshot")
            .expect(Level.WARN, "snapshot failed, keeping generation 0");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private EventLog<Counters.State, CounterEvent> open(LogStore store, Counters counters, SnapshotPolicy policy)
            throws Exception {
        return EventLog.open(store, "ctl", CounterEvent.CODEC, counters, policy, clock);
    }

    private LogStore store() throws Exception {
        return LogStore.open(StoreConfig.at(dir));
    }

    @Test
    void snapshotEveryNEventsDeletesOlderGenerationsAndShortensReplay() throws Exception {
        SnapshotPolicy every10 = new SnapshotPolicy(10, 0);
        try (LogStore store = store()) {
            Counters counters = new Counters();
            try (var log = open(store, counters, every10)) {
                for (int i = 0; i < 25; i++) {
                    log.append(List.of(new CounterEvent.Added("c" + (i % 3), 1))).join();
                }
                assertThat(log.snapshotsTaken().join()).isEqualTo(2);
                assertThat(log.generation().join()).isEqualTo(2);
            }
            assertThat(store.logIds()).containsExactly("ctl.2");
        }
        // The older generations' segments are gone from disk, not just hidden.
        assertThat(Files.exists(dir.resolve("logs").resolve("ctl"))).isFalse();
        assertThat(Files.exists(dir.resolve("logs").resolve("ctl.1"))).isFalse();
        assertThat(Files.isDirectory(dir.resolve("logs").resolve("ctl.2"))).isTrue();

        try (LogStore store = store()) {
            Counters again = new Counters();
            try (var log = open(store, again, every10)) {
                assertThat(log.openReport()).isEqualTo(new OpenReport(2, true, 5, 0, List.of()));
                assertThat(again.replayed).isEqualTo(5);
                assertThat(again.counters).isEqualTo(Map.of("c0", 9L, "c1", 8L, "c2", 8L));
                // The count since the snapshot carries over: 5 more events make the next one.
                for (int i = 0; i < 5; i++) {
                    log.append(List.of(new CounterEvent.Added("c0", 1))).join();
                }
                assertThat(log.generation().join()).isEqualTo(3);
            }
        }
    }

    @Test
    void aSnapshotStorageRefusesLeavesNothingBehindAndIsTriedAgainLater() throws Exception {
        try (FailingLogStore store = new FailingLogStore(store())) {
            store.diskFullFor = id -> id.equals("ctl.1");
            Counters counters = new Counters();
            try (var log = open(store, counters, new SnapshotPolicy(2, 0))) {
                log.append(List.of(new CounterEvent.Added("a", 1))).join();
                assertThat(log.append(List.of(new CounterEvent.Added("a", 1))).join().isOk()).isTrue();
                assertThat(log.snapshotsTaken().join()).isZero();
                assertThat(store.logIds()).containsExactly("ctl"); // the half-made generation is gone
                assertThat(counters.counters).containsEntry("a", 2L);

                store.diskFullFor = id -> false;
                log.append(List.of(new CounterEvent.Added("a", 1))).join();
                assertThat(log.snapshotsTaken().join()).isZero(); // tried again after another 2 events
                log.append(List.of(new CounterEvent.Added("a", 1))).join();
                assertThat(log.snapshotsTaken().join()).isEqualTo(1);
            }
            assertThat(store.logIds()).containsExactly("ctl.1");
            Counters again = new Counters();
            try (var log = open(store, again, SnapshotPolicy.NEVER)) {
                assertThat(log.openReport().eventsReplayed()).isZero();
                assertThat(again.counters).containsEntry("a", 4L);
            }
        }
        assertThat(logs.messages(Level.WARN)).singleElement().asString()
                .contains("snapshot failed, keeping generation 0").contains("DISK_FULL");
    }

    @Test
    void snapshotByBytes() throws Exception {
        try (LogStore store = store()) {
            Counters counters = new Counters();
            int eventBytes = CounterEvent.CODEC.encode(new CounterEvent.Added("c", 1)).length;
            try (var log = open(store, counters, new SnapshotPolicy(0, 4L * eventBytes))) {
                for (int i = 0; i < 3; i++) {
                    log.append(List.of(new CounterEvent.Added("c", 1))).join();
                }
                assertThat(log.snapshotsTaken().join()).isZero();
                log.append(List.of(new CounterEvent.Added("c", 1))).join();
                assertThat(log.snapshotsTaken().join()).isEqualTo(1);
            }
        }
    }

    @Test
    void aSnapshotLargerThanOneRecordIsChunked() throws Exception {
        try (LogStore store = store()) {
            Counters counters = new Counters();
            try (var log = open(store, counters, SnapshotPolicy.NEVER)) {
                for (int i = 0; i < 75; i++) {
                    log.append(List.of(new CounterEvent.Added(big(i), i))).join();
                }
                log.snapshotNow().join();
            }
            assertThat(store.get("ctl.1").orElseThrow().endPosition()).isEqualTo(3); // 3 MB of state: 3 chunks
            Counters again = new Counters();
            try (var log = open(store, again, SnapshotPolicy.NEVER)) {
                assertThat(log.openReport().fromSnapshot()).isTrue();
                assertThat(again.counters).hasSize(75).containsEntry(big(74), 74L);
            }
        }
    }

    private static String big(int i) {
        return "x".repeat(40_000) + i;
    }

    @Test
    void openCleansUpAfterACrashDuringOrAfterASnapshot() throws Exception {
        try (LogStore store = store()) {
            Counters counters = new Counters();
            try (var log = open(store, counters, SnapshotPolicy.NEVER)) {
                log.append(List.of(new CounterEvent.Added("a", 1))).join();
                log.snapshotNow().join();
                log.append(List.of(new CounterEvent.Added("a", 2))).join();
            }
            // A crash after writing generation 1 but before deleting generation 0 ...
            ShardLog leftover = store.create("ctl");
            leftover.append(List.of(AppendRecord.of(new byte[] {'e'},
                    CounterEvent.CODEC.encode(new CounterEvent.Added("stale", 1)), clock.millis()))).join();
            // ... and one in the middle of writing generation 2's two-chunk snapshot.
            ShardLog torn = store.create("ctl.2");
            torn.append(List.of(AppendRecord.of("s:0/2".getBytes(StandardCharsets.UTF_8), "{\"form".getBytes(
                    StandardCharsets.UTF_8), clock.millis()))).join();

            Counters again = new Counters();
            try (var log = open(store, again, SnapshotPolicy.NEVER)) {
                assertThat(log.openReport()).isEqualTo(new OpenReport(1, true, 1, 0, List.of("ctl.2", "ctl")));
                assertThat(again.counters).isEqualTo(Map.of("a", 3L));
            }
            assertThat(store.logIds()).containsExactly("ctl.1");
        }
        assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("ctl.2 holds an incomplete snapshot");
    }
}
