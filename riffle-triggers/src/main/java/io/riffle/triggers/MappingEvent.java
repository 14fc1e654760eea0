package io.riffle.triggers;

import io.riffle.metadata.EventCodec;

/** What changes the triggers' durable state: mappings and their per-shard checkpoints. */
public sealed interface MappingEvent {

    /** A mapping created, or changed in any way (configuration, state): the whole new value. */
    record MappingChanged(Mapping mapping) implements MappingEvent {
    }

    /** A mapping gone (its Deleting state ended), with its checkpoints. */
    record MappingDeleted(String uuid) implements MappingEvent {
    }

    /**
     * A shard's records before {@code position} are done (processed, or given up on) for the mapping; the poller
     * resumes there after a restart. {@code isShardDone}: the shard is closed and read to its end, so its
     * children may start. With TumblingWindowInSeconds, the open window's start and the state the function last
     * returned for it (JSON), kept with the position they go with, so a restart resumes the window's state; null
     * when no window is open (and in events written before windows existed).
     */
    record ShardCheckpointed(String uuid, long incarnation, String shardId, long position, boolean isShardDone,
                             Long windowStartMs, String windowState) implements MappingEvent {
        public ShardCheckpointed(String uuid, long incarnation, String shardId, long position, boolean isShardDone) {
            this(uuid, incarnation, shardId, position, isShardDone, null, null);
        }
    }

    static EventCodec<MappingEvent> codec() {
        return EventCodec.builder(MappingEvent.class)
                .event(MappingChanged.class)
                .event(MappingDeleted.class)
                .event(ShardCheckpointed.class)
                .build();
    }
}
