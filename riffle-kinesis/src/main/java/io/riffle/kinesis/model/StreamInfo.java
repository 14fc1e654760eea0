package io.riffle.kinesis.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a stream is at one moment. Immutable: every change makes a new one, so data-plane threads
 * read a consistent stream without locks.
 *
 * @param incarnation  unique over the store's life: a stream deleted and created again gets a new one
 * @param statusSinceMs when the current status began (CREATING and DELETING end after a delay)
 */
public record StreamInfo(String name, long incarnation, StreamStatus status, long statusSinceMs, String mode,
                         long createdAtMs, int retentionHours, List<ShardInfo> shards, Map<String, String> tags,
                         Set<String> shardLevelMetrics, int maxRecordSizeKiB) {

    public enum StreamStatus { CREATING, ACTIVE, UPDATING, DELETING }

    public StreamInfo withStatus(StreamStatus s, long sinceMs) {
        return new StreamInfo(name, incarnation, s, sinceMs, mode, createdAtMs, retentionHours, shards, tags,
                shardLevelMetrics, maxRecordSizeKiB);
    }

    public StreamInfo withRetentionHours(int hours) {
        return new StreamInfo(name, incarnation, status, statusSinceMs, mode, createdAtMs, hours, shards, tags,
                shardLevelMetrics, maxRecordSizeKiB);
    }

    public StreamInfo withTags(Map<String, String> newTags) {
        return new StreamInfo(name, incarnation, status, statusSinceMs, mode, createdAtMs, retentionHours, shards,
                Map.copyOf(newTags), shardLevelMetrics, maxRecordSizeKiB);
    }

    public StreamInfo withShardLevelMetrics(Set<String> metrics) {
        return new StreamInfo(name, incarnation, status, statusSinceMs, mode, createdAtMs, retentionHours, shards,
                tags, Set.copyOf(metrics), maxRecordSizeKiB);
    }

    public StreamInfo withMode(String newMode) {
        return new StreamInfo(name, incarnation, status, statusSinceMs, newMode, createdAtMs, retentionHours, shards,
                tags, shardLevelMetrics, maxRecordSizeKiB);
    }

    public StreamInfo withShards(List<ShardInfo> newShards) {
        return new StreamInfo(name, incarnation, status, statusSinceMs, mode, createdAtMs, retentionHours, newShards,
                tags, shardLevelMetrics, maxRecordSizeKiB);
    }

    /** The next free shard index. */
    public int nextShardIndex() {
        int max = -1;
        for (ShardInfo s : shards) {
            max = Math.max(max, s.index());
        }
        return max + 1;
    }

    public StreamInfo withMaxRecordSizeKiB(int kib) {
        return new StreamInfo(name, incarnation, status, statusSinceMs, mode, createdAtMs, retentionHours, shards,
                tags, shardLevelMetrics, kib);
    }

    /** Reads and writes are served while ACTIVE or UPDATING, as in Kinesis. */
    public boolean isServing() {
        return status == StreamStatus.ACTIVE || status == StreamStatus.UPDATING;
    }

    public long openShardCount() {
        return shards.stream().filter(s -> !s.isClosed()).count();
    }

    public ShardInfo shard(int index) {
        for (ShardInfo s : shards) {
            if (s.index() == index) {
                return s;
            }
        }
        return null;
    }
}
