package io.riffle.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.LogStore;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log written before the service moved onto the kit (main's MetadataLog: plain JSON events
 * under the key "meta", no envelope) keeps loading through a legacy decoder, and continues in the
 * kit's format: new events are appended in the envelope, and the first snapshot retires the old log.
 */
class LegacyLogTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private static final EventCodec<CounterEvent> WITH_LEGACY = EventCodec.builder(CounterEvent.class)
            .event(CounterEvent.Added.class)
            .event(CounterEvent.Removed.class)
            .event(CounterEvent.Expired.class)
            .legacy(LegacyLogTest::decodeOld)
            .build();

    /** The old format: {"type": "add"|"remove", "name": ..., "n": ...}. */
    private static CounterEvent decodeOld(JsonNode e) throws IOException {
        return switch (e.path("type").asText()) {
            case "add" -> new CounterEvent.Added(e.path("name").asText(), e.path("n").asLong());
            case "remove" -> new CounterEvent.Removed(e.path("name").asText());
            default -> throw new IOException("unknown old event " + e);
        };
    }

    @Test
    void anOldLogLoadsAndContinuesInTheNewFormat() throws Exception {
        try (LogStore store = LogStore.open(StoreConfig.at(dir))) {
            ShardLog old = store.create("_meta");
            old.setRetentionMs(Long.MAX_VALUE / 4); // as main's MetadataLog does
            long t = clock.millis();
            byte[] key = "meta".getBytes(StandardCharsets.UTF_8);
            old.append(List.of(
                    AppendRecord.of(key, "{\"type\":\"add\",\"name\":\"a\",\"n\":2}".getBytes(StandardCharsets.UTF_8), t),
                    AppendRecord.of(key, "{\"type\":\"add\",\"name\":\"b\",\"n\":3}".getBytes(StandardCharsets.UTF_8), t),
                    AppendRecord.of(key, "{\"type\":\"remove\",\"name\":\"b\"}".getBytes(StandardCharsets.UTF_8), t)))
                    .join();
        }
        try (LogStore store = LogStore.open(StoreConfig.at(dir))) {
            Counters counters = new Counters();
            try (var log = EventLog.open(store, "_meta", WITH_LEGACY, counters, SnapshotPolicy.NEVER, clock)) {
                assertThat(log.openReport()).isEqualTo(new OpenReport(0, false, 3, 0, List.of()));
                assertThat(counters.counters).isEqualTo(Map.of("a", 2L));
                log.append(List.of(new CounterEvent.Added("a", 1))).join();
            }
            // Without the legacy decoder the old records are refused, not skipped.
            assertThatThrownBy(() -> EventLog.open(store, "_meta", CounterEvent.CODEC, new Counters(),
                    SnapshotPolicy.NEVER, clock)).hasMessageContaining("not a metadata event");
            Counters again = new Counters();
            try (var log = EventLog.open(store, "_meta", WITH_LEGACY, again, SnapshotPolicy.NEVER, clock)) {
                assertThat(again.counters).isEqualTo(Map.of("a", 3L));
                log.snapshotNow().join();
            }
            assertThat(store.logIds()).containsExactly("_meta.1");
            Counters fromSnapshot = new Counters();
            try (var log = EventLog.open(store, "_meta", WITH_LEGACY, fromSnapshot, SnapshotPolicy.NEVER, clock)) {
                assertThat(log.openReport().eventsReplayed()).isZero();
                assertThat(fromSnapshot.counters).isEqualTo(Map.of("a", 3L));
            }
        }
    }
}
