package io.riffle.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.memory.InMemoryLogStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The mappings' durable state: timed state transitions, checkpoints, replay and snapshots. */
class MappingRegistryTest {
    private static final long DELAY_MS = 1_000;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final InMemoryLogStore store = InMemoryLogStore.open();

    static Mapping mapping(String uuid, String state, boolean isEnabled) {
        return new Mapping(uuid, "arn:aws:kinesis:us-east-1:000000000000:stream/s",
                "arn:aws:lambda:us-east-1:000000000000:function:f", isEnabled, state, "USER_INITIATED",
                1_700_000_000_000L, 100, 0, 1, "TRIM_HORIZON", null, -1, false, -1, List.of(), 0, List.of(), null);
    }

    private static void write(MappingStore s, MappingEvent... events) throws Exception {
        assertThat(s.append(List.of(events)).get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void transitionalStatesSettleAfterTheDelay() throws Exception {
        try (MappingStore s = MappingStore.open(store, DELAY_MS, clock)) {
            write(s, new MappingEvent.MappingChanged(mapping("u1", Mapping.CREATING, true)),
                    new MappingEvent.MappingChanged(mapping("u2", Mapping.CREATING, false)));
            assertThat(s.fireDueTimers().get(10, TimeUnit.SECONDS)).isZero();
            assertThat(s.registry().byUuid("u1").orElseThrow().state()).isEqualTo(Mapping.CREATING);

            clock.advanceMs(DELAY_MS);
            assertThat(s.fireDueTimers().get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(s.registry().byUuid("u1").orElseThrow().state()).isEqualTo(Mapping.ENABLED);
            assertThat(s.registry().byUuid("u2").orElseThrow().state()).isEqualTo(Mapping.DISABLED);

            write(s, new MappingEvent.MappingChanged(mapping("u1", Mapping.DELETING, true)));
            clock.advanceMs(DELAY_MS);
            s.fireDueTimers().get(10, TimeUnit.SECONDS);
            assertThat(s.registry().byUuid("u1")).isEmpty();
            assertThat(s.registry().all()).extracting(Mapping::uuid).containsExactly("u2");
        }
    }

    @Test
    void aRestartReplaysMappingsCheckpointsAndPendingTransitions() throws Exception {
        try (MappingStore s = MappingStore.open(store, DELAY_MS, clock)) {
            write(s, new MappingEvent.MappingChanged(mapping("u1", Mapping.ENABLED, true)),
                    new MappingEvent.ShardCheckpointed("u1", 7, "shardId-000000000000", 42, false),
                    new MappingEvent.ShardCheckpointed("u1", 7, "shardId-000000000000", 50, false),
                    new MappingEvent.ShardCheckpointed("u1", 7, "shardId-000000000001", 9, true),
                    new MappingEvent.MappingChanged(mapping("u2", Mapping.DELETING, true)));
        }
        try (MappingStore s = MappingStore.open(store, DELAY_MS, clock)) {
            assertThat(s.registry().all()).extracting(Mapping::uuid).containsExactly("u1", "u2");
            assertThat(s.registry().checkpoint("u1", 7, "shardId-000000000000").orElseThrow().position()).isEqualTo(50);
            assertThat(s.registry().checkpoint("u1", 7, "shardId-000000000001").orElseThrow().isShardDone()).isTrue();
            assertThat(s.registry().checkpoint("u1", 8, "shardId-000000000000")).isEmpty();
            clock.advanceMs(DELAY_MS);
            s.fireDueTimers().get(10, TimeUnit.SECONDS);
            assertThat(s.registry().byUuid("u2")).as("the pending Deleting ended after the restart").isEmpty();
        }
    }

    @Test
    void aDeletedMappingTakesItsCheckpointsAndIgnoresLateOnes() throws Exception {
        try (MappingStore s = MappingStore.open(store, 0, clock)) {
            write(s, new MappingEvent.MappingChanged(mapping("u1", Mapping.ENABLED, true)),
                    new MappingEvent.ShardCheckpointed("u1", 1, "shardId-000000000000", 5, false),
                    new MappingEvent.MappingDeleted("u1"),
                    new MappingEvent.ShardCheckpointed("u1", 1, "shardId-000000000000", 6, false));
            assertThat(s.registry().checkpoints("u1")).isEmpty();
        }
    }
}
