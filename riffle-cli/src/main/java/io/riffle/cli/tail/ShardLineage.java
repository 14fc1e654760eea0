package io.riffle.cli.tail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Which shards a reader of a whole stream reads, in the order resharding made them (pure, over a
 * ListShards answer): it starts at the roots and starts a child once every parent it read has
 * ended, as the KCL does, so records of one partition key come out in order across a split or merge.
 */
public final class ShardLineage {

    private ShardLineage() {}

    /**
     * The shards to start with: {@code onlyShard} when given; for LATEST the open shards; otherwise
     * the shards whose parents are gone (past the retention period) or never were.
     */
    public static List<Shard> roots(List<Shard> shards, ShardIteratorType type, String onlyShard) {
        List<Shard> roots = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        shards.forEach(s -> ids.add(s.shardId()));
        for (Shard shard : shards) {
            if (onlyShard != null) {
                if (shard.shardId().equals(onlyShard)) {
                    roots.add(shard);
                }
            } else if (type == ShardIteratorType.LATEST) {
                if (isOpen(shard)) {
                    roots.add(shard);
                }
            } else if (!ids.contains(shard.parentShardId()) && !ids.contains(shard.adjacentParentShardId())) {
                roots.add(shard);
            }
        }
        return roots;
    }

    /** Shards not started yet, with a parent that was started, whose started parents have all ended. */
    public static List<Shard> readyChildren(List<Shard> shards, Set<String> started, Set<String> ended) {
        List<Shard> ready = new ArrayList<>();
        for (Shard shard : shards) {
            if (started.contains(shard.shardId())) {
                continue;
            }
            boolean hasReadParent = false;
            boolean isBlocked = false;
            for (String parent : new String[] {shard.parentShardId(), shard.adjacentParentShardId()}) {
                if (parent != null && started.contains(parent)) {
                    hasReadParent = true;
                    isBlocked |= !ended.contains(parent);
                }
            }
            if (hasReadParent && !isBlocked) {
                ready.add(shard);
            }
        }
        return ready;
    }

    public static boolean isOpen(Shard shard) {
        return shard.sequenceNumberRange() == null || shard.sequenceNumberRange().endingSequenceNumber() == null;
    }
}
