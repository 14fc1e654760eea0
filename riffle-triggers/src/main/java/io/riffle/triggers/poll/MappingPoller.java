package io.riffle.triggers.poll;

import io.riffle.kinesis.source.StreamSource;
import io.riffle.triggers.Mapping;
import io.riffle.triggers.MappingEvent;
import io.riffle.triggers.MappingStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The pollers of one enabled mapping: one {@link ShardPoller} per shard whose parents are done (read to their end,
 * or gone past retention), so a key's records reach the function in order across a reshard. Looks for new shards
 * every idle-poll interval and when a shard finishes. A stream that is gone (deleted, or deleted and created
 * again) disables the mapping with the reason. Owned by the triggers thread.
 *
 * <p>Where a shard without a checkpoint starts: a child of a shard this mapping read starts at its trim horizon;
 * any other at the mapping's StartingPosition (LATEST skips closed shards: they get no new records).
 */
final class MappingPoller {
    private static final Logger log = LoggerFactory.getLogger(MappingPoller.class);

    private final PollerContext ctx;
    private final Mapping mapping;
    private final Map<String, List<ShardPoller>> shards = new HashMap<>();
    private final Map<String, Set<Integer>> lanesDone = new HashMap<>();
    private final Set<String> done = new HashSet<>();
    private long incarnation = -1;
    private boolean isStopped;
    private ScheduledFuture<?> refresher;

    MappingPoller(PollerContext ctx, Mapping mapping) {
        this.ctx = ctx;
        this.mapping = mapping;
    }

    Mapping mapping() {
        return mapping;
    }

    void start() {
        Optional<StreamSource.Stream> stream = ctx.source().stream(mapping.streamArn());
        if (stream.isEmpty()) {
            streamGone("the stream " + mapping.streamArn() + " does not exist");
            return;
        }
        if (isConsumerGone()) {
            return;
        }
        incarnation = stream.get().incarnation();
        for (MappingEvent.ShardCheckpointed c : ctx.store().registry().checkpoints(mapping.uuid())) {
            if (c.incarnation() != incarnation) {
                streamGone("the stream " + mapping.streamArn() + " was deleted and created again");
                return;
            }
        }
        refresh();
        long everyMs = ctx.settings().idlePollMs();
        refresher = ctx.thread().scheduleWithFixedDelay(() -> {
            if (!isStopped) {
                refresh();
            }
        }, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    void stop() {
        isStopped = true;
        if (refresher != null) {
            refresher.cancel(false);
        }
        shards.values().forEach(lanes -> lanes.forEach(ShardPoller::stop));
        shards.clear();
    }

    /** A lane read its shard to the end; once every lane has, the shard is done and its children may start. */
    void laneDone(String shardId, int lane) {
        Set<Integer> finished = lanesDone.computeIfAbsent(shardId, id -> new HashSet<>());
        finished.add(lane);
        if (finished.size() < lanes()) {
            return;
        }
        List<ShardPoller> pollers = shards.remove(shardId);
        if (pollers != null) {
            pollers.forEach(ShardPoller::stop);
        }
        done.add(shardId);
        if (!isStopped) {
            refresh();
        }
    }

    private int lanes() {
        return Math.max(1, mapping.parallelizationFactor());
    }

    void readFailed(String shardId) {
        if (!isStopped && ctx.source().stream(mapping.streamArn())
                .map(s -> s.incarnation() != incarnation).orElse(true)) {
            streamGone("the stream " + mapping.streamArn() + " was deleted");
        }
    }

    private void refresh() {
        Optional<StreamSource.Stream> found = ctx.source().stream(mapping.streamArn());
        if (found.isEmpty() || found.get().incarnation() != incarnation) {
            streamGone("the stream " + mapping.streamArn() + " was deleted");
            return;
        }
        if (isConsumerGone()) {
            return;
        }
        StreamSource.Stream stream = found.get();
        for (StreamSource.Shard shard : stream.shards()) {
            String id = shard.shardId();
            if (shards.containsKey(id) || done.contains(id)) {
                continue;
            }
            int lanes = lanes();
            List<Optional<MappingEvent.ShardCheckpointed>> checkpoints = new java.util.ArrayList<>();
            boolean isAllDone = true;
            for (int lane = 0; lane < lanes; lane++) {
                Optional<MappingEvent.ShardCheckpointed> c = ctx.store().registry().checkpoint(mapping.uuid(),
                        incarnation, ShardPoller.checkpointId(id, lane, lanes));
                checkpoints.add(c);
                isAllDone &= c.map(MappingEvent.ShardCheckpointed::isShardDone).orElse(false);
            }
            if (isAllDone) {
                done.add(id);
                continue;
            }
            if (!isDoneOrGone(shard.parentShardId(), stream) || !isDoneOrGone(shard.adjacentParentShardId(), stream)) {
                continue; // its parents first
            }
            Optional<Long> earlier = earliestCheckpoint(id); // of another lane layout (ParallelizationFactor changed)
            Long fresh = null;
            if (checkpoints.stream().anyMatch(Optional::isEmpty) && earlier.isEmpty()) {
                boolean isChildOfRead = wasRead(shard.parentShardId()) || wasRead(shard.adjacentParentShardId());
                StreamSource.Start start = isChildOfRead ? StreamSource.Start.TRIM_HORIZON
                        : StreamSource.Start.valueOf(mapping.startingPosition());
                if (start == StreamSource.Start.LATEST && shard.isClosed()) {
                    done.add(id);
                    continue;
                }
                long atMs = mapping.startingPositionTimestampMs() == null ? 0 : mapping.startingPositionTimestampMs();
                Optional<Long> position = ctx.source().startPosition(mapping.streamArn(), incarnation, id, start,
                        atMs);
                if (position.isEmpty()) {
                    continue;
                }
                fresh = position.get();
            }
            List<ShardPoller> pollers = new java.util.ArrayList<>();
            shards.put(id, pollers);
            for (int lane = 0; lane < lanes; lane++) {
                Optional<MappingEvent.ShardCheckpointed> c = checkpoints.get(lane);
                if (c.map(MappingEvent.ShardCheckpointed::isShardDone).orElse(false)) {
                    lanesDone.computeIfAbsent(id, k -> new HashSet<>()).add(lane);
                    continue;
                }
                ShardPoller poller = new ShardPoller(ctx, mapping, incarnation, id, lane, this);
                pollers.add(poller);
                if (c.isPresent()) {
                    poller.start(c.get().position(), true);
                } else {
                    poller.start(fresh != null ? fresh : earlier.orElseThrow(), false);
                }
            }
        }
    }

    /** The lowest position any checkpoint of the shard holds, under any lane layout. */
    private Optional<Long> earliestCheckpoint(String shardId) {
        return ctx.store().registry().checkpoints(mapping.uuid()).stream()
                .filter(c -> c.incarnation() == incarnation
                        && (c.shardId().equals(shardId) || c.shardId().startsWith(shardId + "#")))
                .map(MappingEvent.ShardCheckpointed::position).min(Long::compare);
    }

    private boolean isDoneOrGone(String parent, StreamSource.Stream stream) {
        return parent == null || done.contains(parent) || stream.shard(parent).isEmpty();
    }

    private boolean wasRead(String parent) {
        return parent != null && earliestCheckpoint(parent).isPresent();
    }

    /**
     * An enhanced fan-out mapping whose consumer was deregistered (or is being) can read no more: disabled with the
     * reason, as for a deleted stream.
     */
    private boolean isConsumerGone() {
        if (!mapping.isConsumerSource()
                || ctx.source().consumer(mapping.eventSourceArn()).map(StreamSource.Consumer::isActive).orElse(false)) {
            return false;
        }
        streamGone("the stream consumer " + mapping.eventSourceArn() + " was deregistered");
        return true;
    }

    private void streamGone(String reason) {
        if (isStopped) {
            return;
        }
        stop();
        about(log.atWarn()).log("mapping {} disabled: {}", mapping.uuid(), reason);
        ctx.lastResults().put(mapping.uuid(), "PROBLEM: " + reason);
        MappingStore store = ctx.store();
        store.change(registry -> {
            Optional<Mapping> current = registry.byUuid(mapping.uuid());
            if (current.isEmpty() || !current.get().isEnabled()) {
                return MappingStore.Decision.of(Boolean.FALSE);
            }
            return new MappingStore.Decision<>(List.of(new MappingEvent.MappingChanged(
                    current.get().disabledBecause("PROBLEM: " + reason, ctx.clock().millis()))), Boolean.TRUE);
        }).exceptionally(failure -> {
            about(log.atWarn()).log("mapping {}: could not be disabled", mapping.uuid(), failure);
            return Boolean.FALSE;
        });
    }
    /** The mapping and its source as key-values of a log line (fields with {@code log-format=json}). */
    private LoggingEventBuilder about(LoggingEventBuilder line) {
        return line.addKeyValue("mapping", mapping.uuid()).addKeyValue("eventSourceArn", mapping.eventSourceArn());
    }
}
