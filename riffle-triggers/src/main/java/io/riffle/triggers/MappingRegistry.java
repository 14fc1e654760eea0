package io.riffle.triggers;

import io.riffle.metadata.EventContext;
import io.riffle.metadata.StateMachine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The event source mappings and their checkpoints, rebuilt from {@link MappingEvent}s. Changed only on the event
 * log's thread ({@link #apply}); read from any thread through immutable copies published after each change, so
 * the API's reads and the pollers never wait for the log.
 *
 * <p>Transitional states end by timed transitions scheduled here: Creating, Enabling, Updating and Disabling turn
 * into Enabled or Disabled (as the mapping's {@code Enabled} asks), Deleting into the mapping's removal,
 * {@code transitionDelayMs} after they began (scheduled again, replacing the pending one, by every change).
 */
public final class MappingRegistry implements StateMachine<MappingRegistry.Snapshot, MappingEvent> {

    /** The whole state, as a snapshot stores it. */
    public record Snapshot(List<Mapping> mappings, List<MappingEvent.ShardCheckpointed> checkpoints) {
    }

    private final long transitionDelayMs;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    // owned by the log's thread
    private final Map<String, Mapping> mappings = new LinkedHashMap<>();
    private final Map<String, Map<String, MappingEvent.ShardCheckpointed>> checkpoints = new LinkedHashMap<>();
    // published copies
    private volatile List<Mapping> published = List.of();
    private volatile Map<String, Map<String, MappingEvent.ShardCheckpointed>> publishedCheckpoints = Map.of();

    public MappingRegistry(long transitionDelayMs) {
        this.transitionDelayMs = transitionDelayMs;
    }

    /** Calls {@code listener} on the log's thread after every change applied (not during replay). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Stops calling {@code listener} (its owner closed: it would run against a closed executor). */
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    @Override
    public void apply(MappingEvent event, EventContext<MappingEvent> context) {
        switch (event) {
            case MappingEvent.MappingChanged changed -> {
                Mapping m = changed.mapping();
                mappings.put(m.uuid(), m);
                String timer = "state:" + m.uuid();
                if (m.state().equals(Mapping.DELETING)) {
                    context.schedule(timer, context.timestampMs() + transitionDelayMs,
                            new MappingEvent.MappingDeleted(m.uuid()));
                } else if (m.isInTransition()) {
                    long at = context.timestampMs() + transitionDelayMs;
                    context.schedule(timer, at, new MappingEvent.MappingChanged(
                            m.withState(m.settledState(), m.stateTransitionReason(), at)));
                } else {
                    context.cancel(timer);
                }
            }
            case MappingEvent.MappingDeleted deleted -> {
                mappings.remove(deleted.uuid());
                checkpoints.remove(deleted.uuid());
                context.cancel("state:" + deleted.uuid());
            }
            case MappingEvent.ShardCheckpointed checkpoint -> {
                if (mappings.containsKey(checkpoint.uuid())) {
                    checkpoints.computeIfAbsent(checkpoint.uuid(), u -> new LinkedHashMap<>())
                            .put(shardKey(checkpoint.incarnation(), checkpoint.shardId()), checkpoint);
                }
            }
        }
        publish();
        if (!context.isReplay()) {
            listeners.forEach(Runnable::run);
        }
    }

    private void publish() {
        published = List.copyOf(mappings.values());
        Map<String, Map<String, MappingEvent.ShardCheckpointed>> copy = new LinkedHashMap<>();
        checkpoints.forEach((uuid, shards) -> copy.put(uuid, Map.copyOf(shards)));
        publishedCheckpoints = Map.copyOf(copy);
    }

    static String shardKey(long incarnation, String shardId) {
        return incarnation + "/" + shardId;
    }

    /** Every mapping, in creation order. Any thread. */
    public List<Mapping> all() {
        return published;
    }

    public Optional<Mapping> byUuid(String uuid) {
        return published.stream().filter(m -> m.uuid().equals(uuid)).findFirst();
    }

    /** The mapping's checkpoint of a shard, if any. Any thread. */
    public Optional<MappingEvent.ShardCheckpointed> checkpoint(String uuid, long incarnation, String shardId) {
        Map<String, MappingEvent.ShardCheckpointed> shards = publishedCheckpoints.get(uuid);
        return Optional.ofNullable(shards == null ? null : shards.get(shardKey(incarnation, shardId)));
    }

    /** Every checkpoint of a mapping. Any thread. */
    public Collection<MappingEvent.ShardCheckpointed> checkpoints(String uuid) {
        return publishedCheckpoints.getOrDefault(uuid, Map.of()).values();
    }

    @Override
    public Snapshot snapshot() {
        List<MappingEvent.ShardCheckpointed> all = new ArrayList<>();
        checkpoints.values().forEach(shards -> all.addAll(shards.values()));
        return new Snapshot(List.copyOf(mappings.values()), all);
    }

    @Override
    public void restore(Snapshot snapshot) {
        mappings.clear();
        checkpoints.clear();
        snapshot.mappings().forEach(m -> mappings.put(m.uuid(), m));
        snapshot.checkpoints().forEach(c -> checkpoints.computeIfAbsent(c.uuid(), u -> new LinkedHashMap<>())
                .put(shardKey(c.incarnation(), c.shardId()), c));
        publish();
    }

    @Override
    public Class<Snapshot> snapshotType() {
        return Snapshot.class;
    }
}
