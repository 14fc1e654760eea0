package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.Operation;
import java.util.concurrent.CompletableFuture;

/**
 * ListShards: pages of a stream's shards, by NextToken or ExclusiveStartShardId, narrowed by a
 * ShardFilter. Open shards match every filter; closed shards (after resharding) match
 * FROM_TRIM_HORIZON, AT_TRIM_HORIZON and the timestamp filters while their records are retained.
 */
public final class ListShardsOperation implements Operation {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final int DEFAULT_MAX_RESULTS = 1000;

    private final ControlPlane control;

    public ListShardsOperation(ControlPlane control) {
        this.control = control;
    }

    @Override
    public CompletableFuture<ObjectNode> invoke(ObjectNode r) {
        try {
            return CompletableFuture.completedFuture(list(r));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ObjectNode list(ObjectNode r) {
        String after = r.path("ExclusiveStartShardId").asText(null);
        ObjectNode request = r;
        if (r.hasNonNull("NextToken")) {
            if (r.hasNonNull("StreamName") || r.hasNonNull("StreamARN")) {
                throw KinesisError.INVALID_ARGUMENT.exception("NextToken and StreamName cannot be provided together.");
            }
            String continued = ListTokens.decode(r.path("NextToken").asText(), "shards", control.nowMs());
            int slash = continued.indexOf('\n');
            request = JSON.objectNode().put("StreamName", continued.substring(0, slash));
            after = continued.substring(slash + 1);
            request.set("ShardFilter", r.get("ShardFilter"));
        }
        StreamInfo s = control.resolve(request);
        control.checkCreationTimestamp(s, r);
        String filterType = r.path("ShardFilter").path("Type").asText(null);
        if ("AFTER_SHARD_ID".equals(filterType)) {
            if (!r.path("ShardFilter").hasNonNull("ShardId")) {
                throw KinesisError.INVALID_ARGUMENT.exception("ShardId must be provided when using ShardFilter type "
                        + "AFTER_SHARD_ID.");
            }
            String filterShard = r.path("ShardFilter").path("ShardId").asText();
            after = after == null || filterShard.compareTo(after) > 0 ? filterShard : after;
        }
        if (("AT_TIMESTAMP".equals(filterType) || "FROM_TIMESTAMP".equals(filterType))
                && !r.path("ShardFilter").hasNonNull("Timestamp")) {
            throw KinesisError.INVALID_ARGUMENT.exception("Timestamp must be provided when using ShardFilter type "
                    + filterType + ".");
        }
        int max = r.path("MaxResults").asInt(DEFAULT_MAX_RESULTS);
        long now = control.nowMs();
        ObjectNode out = JSON.objectNode();
        ArrayNode shards = out.putArray("Shards");
        String last = null;
        boolean more = false;
        for (ShardInfo shard : s.shards()) {
            if (after != null && shard.shardId().compareTo(after) <= 0) {
                continue;
            }
            if (StreamOperations.isExpired(s, shard, now) || !matches(s, shard, r.path("ShardFilter"), now)) {
                continue;
            }
            if (shards.size() == max) {
                more = true;
                break;
            }
            shards.add(StreamOperations.shardJson(s, shard));
            last = shard.shardId();
        }
        if (more) {
            out.put("NextToken", ListTokens.encode(s.name() + "\n" + last, "shards", control.nowMs()));
        }
        return out;
    }

    /**
     * Kinesis' shard filters: AT_LATEST the open shards; AT_TRIM_HORIZON / AT_TIMESTAMP the shards
     * open at that moment; FROM_TRIM_HORIZON / FROM_TIMESTAMP those open at or after it;
     * AFTER_SHARD_ID (applied as a start above) and no filter every retained shard.
     */
    private static boolean matches(StreamInfo s, ShardInfo shard, com.fasterxml.jackson.databind.JsonNode filter,
                                   long nowMs) {
        String type = filter.path("Type").asText(null);
        if (type == null || type.equals("AFTER_SHARD_ID")) {
            return true;
        }
        long trimHorizon = Math.max(s.createdAtMs(), nowMs - s.retentionHours() * 3_600_000L);
        long at = type.endsWith("TIMESTAMP") ? Math.max(filter.path("Timestamp").asLong(), s.createdAtMs()) : trimHorizon;
        return switch (type) {
            case "AT_LATEST" -> !shard.isClosed();
            case "AT_TRIM_HORIZON", "AT_TIMESTAMP" -> shard.wasOpenAt(at);
            case "FROM_TRIM_HORIZON", "FROM_TIMESTAMP" -> !shard.isClosed() || shard.closedAtMs() > at;
            default -> true;
        };
    }
}
