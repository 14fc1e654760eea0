package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.SequenceNumber;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The stream-level operations: create, delete, describe, list, retention, tags, limits, enhanced
 * monitoring, record size, account settings. Changes go through {@link ControlPlane#submit};
 * queries read the registry directly.
 */
public final class StreamOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final List<String> ALL_METRICS = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes",
            "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded",
            "IteratorAgeMilliseconds");

    private final ControlPlane control;
    private final KinesisSettings settings;

    public StreamOperations(ControlPlane control) {
        this.control = control;
        this.settings = control.settings();
    }

    /** Every operation this class serves, by name. */
    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new TreeMap<>();
        ops.put("CreateStream", this::createStream);
        ops.put("DeleteStream", this::deleteStream);
        ops.put("DescribeStream", Operation.immediate(this::describeStream));
        ops.put("DescribeStreamSummary", Operation.immediate(this::describeStreamSummary));
        ops.put("ListStreams", Operation.immediate(this::listStreams));
        ops.put("IncreaseStreamRetentionPeriod", r -> changeRetention(r, true));
        ops.put("DecreaseStreamRetentionPeriod", r -> changeRetention(r, false));
        ops.put("AddTagsToStream", r -> addTags(r, control.resolve(r), r.path("Tags")));
        ops.put("TagResource", r -> addTags(r, streamOfArn(r), r.path("Tags")));
        ops.put("RemoveTagsFromStream", r -> removeTags(control.resolve(r), r.path("TagKeys")));
        ops.put("UntagResource", r -> removeTags(streamOfArn(r), r.path("TagKeys")));
        ops.put("ListTagsForStream", Operation.immediate(this::listTagsForStream));
        ops.put("ListTagsForResource", Operation.immediate(this::listTagsForResource));
        ops.put("DescribeLimits", Operation.immediate(r -> describeLimits()));
        ops.put("EnableEnhancedMonitoring", r -> monitoring(r, true));
        ops.put("DisableEnhancedMonitoring", r -> monitoring(r, false));
        ops.put("UpdateMaxRecordSize", this::updateMaxRecordSize);
        ops.put("UpdateStreamMode", this::updateStreamMode);
        ops.put("DescribeAccountSettings", Operation.immediate(r -> describeAccountSettings()));
        ops.put("UpdateAccountSettings", this::updateAccountSettings);
        return ops;
    }

    // ---- create and delete ---------------------------------------------------------------------

    private CompletableFuture<ObjectNode> createStream(ObjectNode r) {
        String name = r.path("StreamName").asText();
        String mode = r.path("StreamModeDetails").path("StreamMode").asText("PROVISIONED");
        boolean onDemand = mode.equals("ON_DEMAND");
        if (!onDemand && !r.has("ShardCount")) {
            return fail(KinesisError.INVALID_ARGUMENT, "ShardCount is required for a PROVISIONED stream.");
        }
        int shards = onDemand ? 4 : r.path("ShardCount").asInt();
        if (shards < 1) {
            return fail(KinesisError.INVALID_ARGUMENT, "ShardCount must be at least 1.");
        }
        int maxRecordKiB = r.path("MaxRecordSizeInKiB").asInt(settings.maxRecordSizeKiB());
        Map<String, String> tags = tagMap(r.path("Tags"));
        return control.submit(() -> {
            StreamRegistry registry = control.registry();
            if (registry.byName(name) != null) {
                throw KinesisErrors.streamExists(name, settings.accountId());
            }
            control.checkShardLimit(shards);
            if (onDemand && registry.onDemandStreamCount() >= settings.onDemandStreamLimit()) {
                throw KinesisErrors.onDemandStreamLimit(settings.onDemandStreamLimit(), settings.accountId());
            }
            if (tags.size() > settings.maxTagsPerStream()) {
                throw tooManyTags(name);
            }
            long incarnation = registry.nextIncarnation();
            int retentionHours = settings.minRetentionHours();
            List<String> logs = control.createShardLogs(incarnation, 0, shards, retentionHours * 3_600_000L);
            KinesisEvent created = StreamRegistry.createEvent(name, incarnation, mode, shards, control.nowMs(),
                    retentionHours, maxRecordKiB);
            ControlPlane.Change<ObjectNode> change;
            if (tags.isEmpty()) {
                change = ControlPlane.Change.of(JSON.objectNode(), created);
            } else {
                // the tags event names the incarnation the create event introduces
                change = ControlPlane.Change.of(JSON.objectNode(), created,
                        new KinesisEvent.TagsSet(name, incarnation, tags));
            }
            return change.undoneBy(() -> control.deleteShardLogs(logs));
        });
    }

    /**
     * A stream with registered consumers is deleted only with EnforceConsumerDeletion true; its
     * consumers then turn DELETING with it and go when it goes. Consumers already DELETING (being
     * deregistered) do not hold the stream back.
     */
    private CompletableFuture<ObjectNode> deleteStream(ObjectNode r) {
        boolean enforceConsumerDeletion = r.path("EnforceConsumerDeletion").asBoolean(false);
        return control.submit(() -> {
            StreamInfo s = control.resolve(r);
            if (s.status() == StreamInfo.StreamStatus.DELETING) {
                return ControlPlane.Change.of(JSON.objectNode());
            }
            List<ConsumerInfo> consumers = ConsumerOperations.blockingDeletion(control.registry(), s);
            if (!consumers.isEmpty() && !enforceConsumerDeletion) {
                // Kinesis' wording, typographic apostrophe included
                throw KinesisError.RESOURCE_IN_USE.exception("DeleteStream can\u2019t delete " + settings.accountId()
                        + ":" + s.name() + " because there are consumers associated with this data stream. To delete "
                        + s.name() + " anyway, set the EnforceConsumerDeletion parameter to true to force the deletion "
                        + "of all the consumers that are associated with it.");
            }
            long now = control.nowMs();
            List<KinesisEvent> events = new ArrayList<>();
            for (ConsumerInfo c : consumers) {
                events.add(StreamRegistry.consumerStatusEvent(c, ConsumerInfo.ConsumerStatus.DELETING, now));
            }
            events.add(StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.DELETING, now));
            return new ControlPlane.Change<>(events, JSON.objectNode());
        });
    }

    // ---- describe and list ---------------------------------------------------------------------

    private ObjectNode describeStream(ObjectNode r) {
        StreamInfo s = control.resolve(r);
        int limit = Math.min(r.path("Limit").asInt(100), 100);
        String after = r.path("ExclusiveStartShardId").asText(null);
        List<ShardInfo> shards = new ArrayList<>();
        boolean more = false;
        for (ShardInfo shard : s.shards()) {
            if (after != null && shard.shardId().compareTo(after) <= 0 || isExpired(s, shard, control.nowMs())) {
                continue;
            }
            if (shards.size() == limit) {
                more = true;
                break;
            }
            shards.add(shard);
        }
        ObjectNode d = JSON.objectNode();
        ObjectNode desc = d.putObject("StreamDescription");
        common(desc, s);
        ArrayNode list = desc.putArray("Shards");
        shards.forEach(shard -> list.add(shardJson(s, shard)));
        desc.put("HasMoreShards", more);
        return d;
    }

    private ObjectNode describeStreamSummary(ObjectNode r) {
        StreamInfo s = control.resolve(r);
        ObjectNode d = JSON.objectNode();
        ObjectNode desc = d.putObject("StreamDescriptionSummary");
        common(desc, s);
        desc.put("OpenShardCount", s.openShardCount());
        desc.put("ConsumerCount", control.registry().consumers(s.incarnation()).size());
        desc.put("MaxRecordSizeInKiB", s.maxRecordSizeKiB());
        return d;
    }

    private void common(ObjectNode desc, StreamInfo s) {
        desc.put("StreamName", s.name());
        desc.put("StreamARN", settings.streamArn(s.name()));
        desc.put("StreamStatus", s.status().name());
        desc.putObject("StreamModeDetails").put("StreamMode", s.mode());
        desc.put("RetentionPeriodHours", s.retentionHours());
        desc.put("StreamCreationTimestamp", s.createdAtMs());
        ArrayNode metrics = desc.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
        s.shardLevelMetrics().forEach(metrics::add);
        desc.put("EncryptionType", "NONE");
    }

    /** A closed shard disappears once its last record is past the stream's retention. */
    public static boolean isExpired(StreamInfo s, ShardInfo shard, long nowMs) {
        return shard.isClosed() && shard.closedAtMs() < nowMs - s.retentionHours() * 3_600_000L;
    }

    /** A shard as DescribeStream and ListShards show it. */
    public static ObjectNode shardJson(StreamInfo s, ShardInfo shard) {
        ObjectNode j = JSON.objectNode();
        j.put("ShardId", shard.shardId());
        if (shard.parentShardId() != null) {
            j.put("ParentShardId", shard.parentShardId());
        }
        if (shard.adjacentParentShardId() != null) {
            j.put("AdjacentParentShardId", shard.adjacentParentShardId());
        }
        j.putObject("HashKeyRange").put("StartingHashKey", shard.range().start().toString())
                .put("EndingHashKey", shard.range().end().toString());
        ObjectNode range = j.putObject("SequenceNumberRange").put("StartingSequenceNumber",
                new SequenceNumber(s.incarnation(), shard.index(), 0, 0).format());
        if (shard.endingSequenceNumber() != null) {
            range.put("EndingSequenceNumber", shard.endingSequenceNumber());
        }
        return j;
    }

    private ObjectNode listStreams(ObjectNode r) {
        int limit = Math.min(r.path("Limit").asInt(100), 100);
        String after = r.path("ExclusiveStartStreamName").asText(null);
        if (r.has("NextToken")) {
            after = ListTokens.decode(r.path("NextToken").asText(), "streams", control.nowMs());
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode names = out.putArray("StreamNames");
        ArrayNode summaries = out.putArray("StreamSummaries");
        boolean more = false;
        String last = null;
        for (StreamInfo s : control.registry().streams()) {
            if (after != null && s.name().compareTo(after) <= 0) {
                continue;
            }
            if (names.size() == limit) {
                more = true;
                break;
            }
            names.add(s.name());
            last = s.name();
            ObjectNode summary = summaries.addObject();
            summary.put("StreamName", s.name()).put("StreamARN", settings.streamArn(s.name()))
                    .put("StreamStatus", s.status().name());
            summary.putObject("StreamModeDetails").put("StreamMode", s.mode());
            summary.put("StreamCreationTimestamp", s.createdAtMs());
        }
        out.put("HasMoreStreams", more);
        if (more) {
            out.put("NextToken", ListTokens.encode(last, "streams", control.nowMs()));
        }
        return out;
    }

    // ---- retention -----------------------------------------------------------------------------

    private CompletableFuture<ObjectNode> changeRetention(ObjectNode r, boolean increase) {
        int hours = r.path("RetentionPeriodHours").asInt();
        return control.submit(() -> {
            StreamInfo s = control.resolve(r);
            checkServing(s);
            if (hours < settings.minRetentionHours()) {
                throw KinesisError.INVALID_ARGUMENT.exception("Minimum allowed retention period is "
                        + settings.minRetentionHours() + " hours. Requested retention period (" + hours
                        + " hours) is too short.");
            }
            if (hours > settings.maxRetentionHours()) {
                throw KinesisError.INVALID_ARGUMENT.exception("Maximum allowed retention period is "
                        + settings.maxRetentionHours() + " hours. Requested retention period (" + hours
                        + " hours) is too long.");
            }
            if (increase && hours < s.retentionHours()) {
                throw KinesisError.INVALID_ARGUMENT.exception("Requested retention period (" + hours
                        + " hours) for stream " + s.name() + " can not be shorter than existing retention period ("
                        + s.retentionHours() + " hours). Use DecreaseRetentionPeriod API.");
            }
            if (!increase && hours > s.retentionHours()) {
                throw KinesisError.INVALID_ARGUMENT.exception("Requested retention period (" + hours
                        + " hours) for stream " + s.name() + " can not be longer than existing retention period ("
                        + s.retentionHours() + " hours). Use IncreaseRetentionPeriod API.");
            }
            // The logs never keep records for less than the stream says: a longer retention goes to
            // them before the event (undone if it is not stored), a shorter one after it.
            long oldMs = s.retentionHours() * 3_600_000L;
            long newMs = hours * 3_600_000L;
            if (newMs > oldMs) {
                try {
                    control.setShardRetention(s, newMs);
                } catch (RuntimeException e) {
                    control.trySetShardRetention(s, oldMs);
                    throw e;
                }
            }
            return ControlPlane.Change.of(JSON.objectNode(), StreamRegistry.retentionEvent(s, hours))
                    .undoneBy(() -> control.trySetShardRetention(s, oldMs))
                    .then(() -> control.trySetShardRetention(s, newMs));
        });
    }

    private void checkServing(StreamInfo s) {
        if (!s.isServing()) {
            throw control.notActive(s, "ACTIVE or UPDATING");
        }
    }

    // ---- tags ----------------------------------------------------------------------------------

    private StreamInfo streamOfArn(ObjectNode r) {
        String arn = r.path("ResourceARN").asText();
        String name = settings.streamNameOf(arn);
        if (name == null || arn.indexOf('/', arn.indexOf(":stream/") + 8) >= 0) {
            throw KinesisErrors.invalidResourceArn(arn, settings.region(), settings.accountId());
        }
        StreamInfo s = control.registry().byName(name);
        if (s == null) {
            throw control.notFound(name);
        }
        return s;
    }

    private static Map<String, String> tagMap(JsonNode tags) {
        Map<String, String> map = new TreeMap<>();
        tags.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asText()));
        return map;
    }

    private CompletableFuture<ObjectNode> addTags(ObjectNode r, StreamInfo target, JsonNode tags) {
        Map<String, String> added = tagMap(tags);
        return control.submit(() -> {
            StreamInfo s = control.registry().byName(target.name());
            if (s == null) {
                throw control.notFound(target.name());
            }
            Map<String, String> merged = new TreeMap<>(s.tags());
            merged.putAll(added);
            if (merged.size() > settings.maxTagsPerStream()) {
                throw tooManyTags(s.name());
            }
            return ControlPlane.Change.of(JSON.objectNode(), StreamRegistry.tagsEvent(s, merged));
        });
    }

    private io.riffle.kinesis.protocol.KinesisException tooManyTags(String stream) {
        return KinesisErrors.tooManyTags(stream, settings.accountId(), settings.maxTagsPerStream());
    }

    private CompletableFuture<ObjectNode> removeTags(StreamInfo target, JsonNode keys) {
        return control.submit(() -> {
            StreamInfo s = control.registry().byName(target.name());
            if (s == null) {
                throw control.notFound(target.name());
            }
            Map<String, String> left = new TreeMap<>(s.tags());
            keys.forEach(k -> left.remove(k.asText()));
            return ControlPlane.Change.of(JSON.objectNode(), StreamRegistry.tagsEvent(s, left));
        });
    }

    private ObjectNode listTagsForStream(ObjectNode r) {
        StreamInfo s = control.resolve(r);
        int limit = r.path("Limit").asInt(50);
        String after = r.path("ExclusiveStartTagKey").asText(null);
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("Tags");
        boolean more = false;
        for (Map.Entry<String, String> tag : new TreeMap<>(s.tags()).entrySet()) {
            if (after != null && tag.getKey().compareTo(after) <= 0) {
                continue;
            }
            if (list.size() == limit) {
                more = true;
                break;
            }
            list.addObject().put("Key", tag.getKey()).put("Value", tag.getValue());
        }
        out.put("HasMoreTags", more);
        return out;
    }

    private ObjectNode listTagsForResource(ObjectNode r) {
        StreamInfo s = streamOfArn(r);
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("Tags");
        new TreeMap<>(s.tags()).forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return out;
    }

    // ---- limits, monitoring, record size, account ----------------------------------------------

    private ObjectNode describeLimits() {
        StreamRegistry registry = control.registry();
        return JSON.objectNode().put("ShardLimit", settings.shardLimit())
                .put("OpenShardCount", registry.openShardCount())
                .put("OnDemandStreamCount", registry.onDemandStreamCount())
                .put("OnDemandStreamCountLimit", settings.onDemandStreamLimit());
    }

    private CompletableFuture<ObjectNode> monitoring(ObjectNode r, boolean enable) {
        List<String> asked = new ArrayList<>();
        r.path("ShardLevelMetrics").forEach(m -> asked.add(m.asText()));
        return control.submit(() -> {
            StreamInfo s = control.resolve(r);
            checkServing(s);
            java.util.Set<String> current = new java.util.TreeSet<>(s.shardLevelMetrics());
            java.util.Set<String> desired = new java.util.TreeSet<>(current);
            List<String> expanded = asked.contains("ALL") ? ALL_METRICS : asked;
            if (enable) {
                desired.addAll(expanded);
            } else {
                desired.removeAll(expanded);
            }
            ObjectNode out = JSON.objectNode().put("StreamName", s.name()).put("StreamARN", settings.streamArn(s.name()));
            current.forEach(out.putArray("CurrentShardLevelMetrics")::add);
            desired.forEach(out.putArray("DesiredShardLevelMetrics")::add);
            return ControlPlane.Change.of(out, StreamRegistry.metricsEvent(s, desired));
        });
    }

    /** Kinesis allows two capacity-mode switches per stream per rolling 24 hours (a setting here). */
    private CompletableFuture<ObjectNode> updateStreamMode(ObjectNode r) {
        String mode = r.path("StreamModeDetails").path("StreamMode").asText();
        return control.submit(() -> {
            StreamInfo s = control.resolve(r);
            if (s.status() != StreamInfo.StreamStatus.ACTIVE) {
                throw control.notActive(s, "ACTIVE");
            }
            if (s.mode().equals(mode)) {
                return ControlPlane.Change.of(JSON.objectNode());
            }
            long now = control.nowMs();
            int switches = control.registry().modeSwitchesInWindow(s.incarnation(), now); // rebuilt by replay
            if (switches >= settings.streamModeSwitchesPerDay()) {
                throw KinesisErrors.modeSwitchQuota(s.name(), settings.accountId(), switches,
                        settings.streamModeSwitchesPerDay());
            }
            if (mode.equals("ON_DEMAND") && control.registry().onDemandStreamCount() >= settings.onDemandStreamLimit()) {
                throw KinesisErrors.onDemandStreamLimit(settings.onDemandStreamLimit(), settings.accountId());
            }
            // the registry counts the switch when its event is durable: a switch storage refused does not count;
            // UPDATING first, so the switch ends by the registry's timed transition (as Kinesis' takes a while)
            return ControlPlane.Change.of(JSON.objectNode(),
                    StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.UPDATING, now),
                    StreamRegistry.modeEvent(s, mode, now));
        });
    }

    private CompletableFuture<ObjectNode> updateMaxRecordSize(ObjectNode r) {
        int kib = r.path("MaxRecordSizeInKiB").asInt();
        return control.submit(() -> {
            StreamInfo s = control.resolve(r);
            checkServing(s);
            return ControlPlane.Change.of(JSON.objectNode(), StreamRegistry.maxRecordSizeEvent(s, kib));
        });
    }

    private ObjectNode describeAccountSettings() {
        ObjectNode settingsNode = control.registry().accountSettings();
        ObjectNode out = JSON.objectNode();
        ObjectNode commitment = out.putObject("MinimumThroughputBillingCommitment");
        commitment.put("Status", settingsNode.path("Status").asText("DISABLED"));
        if (settingsNode.has("StartedAt")) {
            commitment.put("StartedAt", settingsNode.path("StartedAt").asLong());
        }
        return out;
    }

    private CompletableFuture<ObjectNode> updateAccountSettings(ObjectNode r) {
        String status = r.path("MinimumThroughputBillingCommitment").path("Status").asText();
        return control.submit(() -> {
            ObjectNode next = JSON.objectNode().put("Status", status.equals("ENABLED") ? "ENABLED" : "DISABLED");
            if (status.equals("ENABLED")) {
                next.put("StartedAt", control.nowMs());
            }
            ObjectNode out = JSON.objectNode();
            out.set("MinimumThroughputBillingCommitment", next.deepCopy());
            return ControlPlane.Change.of(out, StreamRegistry.accountEvent(next));
        });
    }

    private static CompletableFuture<ObjectNode> fail(KinesisError error, String message) {
        return CompletableFuture.failedFuture(error.exception(message));
    }
}
