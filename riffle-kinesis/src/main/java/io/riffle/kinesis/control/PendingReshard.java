package io.riffle.kinesis.control;

import java.util.List;

/**
 * A reshard accepted and not yet cut over: the stream is UPDATING, its parents take writes and its
 * children do not exist yet. {@link StreamRegistry} keeps one per stream incarnation from the
 * UPDATING event until the stream is ACTIVE again, and snapshots it, so a restart mid-UPDATING
 * finishes the reshard instead of losing it.
 *
 * @param sinceMs          when the stream turned UPDATING
 * @param parents          SplitShard/MergeShards: the shard indexes that close (empty for UpdateShardCount)
 * @param opened           SplitShard/MergeShards: the shards that open (empty for UpdateShardCount)
 * @param targetShardCount UpdateShardCount: the open shards wanted (null for SplitShard/MergeShards)
 * @param isDue            the reshard delay has passed ({@link KinesisEvent.ReshardDue}): the cut-over runs
 */
public record PendingReshard(long sinceMs, List<Integer> parents, List<KinesisEvent.OpenedShard> opened,
                             Integer targetShardCount, boolean isDue) {

    static PendingReshard of(KinesisEvent.ReshardStarted started) {
        return new PendingReshard(started.atMs(), List.copyOf(started.parents()), List.copyOf(started.opened()), null,
                false);
    }

    static PendingReshard toShardCount(long sinceMs, int targetShardCount) {
        return new PendingReshard(sinceMs, List.of(), List.of(), targetShardCount, false);
    }

    PendingReshard due() {
        return new PendingReshard(sinceMs, parents, opened, targetShardCount, true);
    }

    /** Whether the reshard opens the shard of that index (its storage log exists before the cut-over). */
    boolean opens(int shardIndex) {
        return opened.stream().anyMatch(o -> o.index() == shardIndex);
    }
}
