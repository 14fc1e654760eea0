package io.riffle.kinesis.control;

import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.ListShardsInput;
import io.riffle.kinesis.api.ListShardsOutput;
import io.riffle.kinesis.api.Shard;
import io.riffle.kinesis.api.ShardFilter;
import io.riffle.kinesis.model.ShardIds;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.kinesis.protocol.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListShards: pages of a stream's shards, by NextToken or ExclusiveStartShardId, narrowed by a
 * ShardFilter. Open shards match every filter; closed shards (after resharding) match
 * FROM_TRIM_HORIZON, AT_TRIM_HORIZON and the timestamp filters while their records are retained.
 */
public final class ListShardsOperation implements Operation<ListShardsInput, ListShardsOutput> {
    static final int DEFAULT_MAX_RESULTS = 1000;

    private final ControlPlane control;

    public ListShardsOperation(ControlPlane control) {
        this.control = control;
    }

    /** This operation as the API registers it. */
    public Registration<ListShardsInput, ListShardsOutput> registration() {
        return Registration.of(KinesisOperations.LIST_SHARDS, this);
    }

    @Override
    public CompletableFuture<ListShardsOutput> invoke(ListShardsInput r) {
        try {
            return CompletableFuture.completedFuture(list(r));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The stream a ListShards NextToken pages, or null when it is not such a token: a request with only
     * a NextToken is authorized on that stream.
     */
    public static String streamOfToken(String token) {
        String continued = token == null ? null : ListTokens.peek(token, "shards");
        return continued == null || continued.indexOf('\n') < 0 ? null : continued.substring(0, continued.indexOf('\n'));
    }

    private ListShardsOutput list(ListShardsInput r) {
        String after = canonical(r.exclusiveStartShardId());
        String streamName = r.streamName();
        String streamArn = r.streamARN();
        if (r.nextToken() != null) {
            if (r.streamName() != null || r.streamARN() != null) {
                throw KinesisError.INVALID_ARGUMENT.exception("NextToken and StreamName cannot be provided together.");
            }
            String continued = ListTokens.decode(r.nextToken(), "shards", control.nowMs());
            int slash = continued.indexOf('\n');
            streamName = continued.substring(0, slash);
            streamArn = null;
            after = continued.substring(slash + 1);
        }
        StreamInfo s = control.resolve(streamName, streamArn);
        control.checkCreationTimestamp(s, r.streamCreationTimestamp());
        if (s.status() == StreamInfo.StreamStatus.CREATING || s.status() == StreamInfo.StreamStatus.DELETING) {
            throw control.notActive(s, "ACTIVE or UPDATING"); // the model lists ResourceInUseException for this
        }
        ShardFilter filter = r.shardFilter();
        String filterType = filter == null ? null : filter.typeAsString();
        if ("AFTER_SHARD_ID".equals(filterType)) {
            if (filter.shardId() == null) {
                throw KinesisError.INVALID_ARGUMENT.exception("ShardId must be provided when using ShardFilter type "
                        + "AFTER_SHARD_ID.");
            }
            String filterShard = canonical(filter.shardId());
            after = after == null || filterShard.compareTo(after) > 0 ? filterShard : after;
        }
        if (("AT_TIMESTAMP".equals(filterType) || "FROM_TIMESTAMP".equals(filterType)) && filter.timestamp() == null) {
            throw KinesisError.INVALID_ARGUMENT.exception("Timestamp must be provided when using ShardFilter type "
                    + filterType + ".");
        }
        int max = r.maxResults() == null ? DEFAULT_MAX_RESULTS : r.maxResults();
        long now = control.nowMs();
        List<Shard> shards = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (ShardInfo shard : s.shards()) {
            if (after != null && shard.shardId().compareTo(after) <= 0) {
                continue;
            }
            if (StreamOperations.isExpired(s, shard, now) || !matches(s, shard, filter, now)) {
                continue;
            }
            if (shards.size() == max) {
                more = true;
                break;
            }
            shards.add(StreamOperations.shardOf(s, shard));
            last = shard.shardId();
        }
        return new ListShardsOutput(shards, more ? ListTokens.encode(s.name() + "\n" + last, "shards", control.nowMs())
                : null);
    }

    /** A shard id argument as Kinesis reads it: shard-5 and 5 are shardId-000000000005. */
    private static String canonical(String shardId) {
        return shardId == null ? null : ShardIds.canonical(shardId);
    }

    /**
     * Kinesis' shard filters: AT_LATEST the open shards; AT_TRIM_HORIZON / AT_TIMESTAMP the shards
     * open at that moment; FROM_TRIM_HORIZON / FROM_TIMESTAMP those open at or after it;
     * AFTER_SHARD_ID (applied as a start above) and no filter every retained shard.
     */
    private static boolean matches(StreamInfo s, ShardInfo shard, ShardFilter filter, long nowMs) {
        String type = filter == null ? null : filter.typeAsString();
        if (type == null || type.equals("AFTER_SHARD_ID")) {
            return true;
        }
        long trimHorizon = Math.max(s.createdAtMs(), nowMs - s.retentionHours() * 3_600_000L);
        long filterMs = filter.timestamp() == null ? 0 : filter.timestamp().toEpochMilli();
        long at = type.endsWith("TIMESTAMP") ? Math.max(filterMs, s.createdAtMs()) : trimHorizon;
        return switch (type) {
            case "AT_LATEST" -> !shard.isClosed();
            case "AT_TRIM_HORIZON", "AT_TIMESTAMP" -> shard.wasOpenAt(at);
            case "FROM_TRIM_HORIZON", "FROM_TIMESTAMP" -> !shard.isClosed() || shard.closedAtMs() > at;
            default -> true;
        };
    }
}
