package io.riffle.kinesis.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.metadata.EventCodec;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The Kinesis control plane's metadata events, typed, for the metadata kit; {@link StreamRegistry}
 * applies them. Their components carry the same names as the fields of the JSON events main's
 * registry wrote to the {@code _meta} log before the kit (the legacy {@code type} in brackets), so
 * {@link #CODEC} reads every existing event through its legacy decoder; new ones are written in
 * the kit's envelope.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface KinesisEvent {

    /** [create] */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StreamCreated(String name, long incarnation, String mode, int shardCount, long atMs, int retentionHours,
                         int maxRecordSizeKiB) implements KinesisEvent {
    }

    /** [status]; {@code updateShardCount} (the target) marks an UPDATING begun by UpdateShardCount. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StreamStatusChanged(String name, long incarnation, String status, long atMs, Integer updateShardCount)
            implements KinesisEvent {
    }

    /** [deleted] */
    record StreamDeleted(String name, long incarnation) implements KinesisEvent {
    }

    /** [retention] */
    record RetentionChanged(String name, long incarnation, int hours) implements KinesisEvent {
    }

    /** [tags]: the stream's whole tag set after the change. */
    record TagsSet(String name, long incarnation, Map<String, String> tags) implements KinesisEvent {
    }

    /** [metrics]: the enhanced shard-level metrics now enabled. */
    record ShardMetricsSet(String name, long incarnation, List<String> metrics) implements KinesisEvent {
    }

    /** [maxRecordSize] */
    record MaxRecordSizeChanged(String name, long incarnation, int kib) implements KinesisEvent {
    }

    /** [mode]: a capacity-mode switch (counts against the daily quota). */
    record ModeChanged(String name, long incarnation, String mode, long atMs) implements KinesisEvent {
    }

    /** [reshard]: shards that close and shards that open in one cut-over. */
    record Resharded(String name, long incarnation, long atMs, List<ClosedShard> closed, List<OpenedShard> opened)
            implements KinesisEvent {
    }

    record ClosedShard(int index, String endingSequenceNumber, long endPosition) {
    }

    /**
     * SplitShard or MergeShards accepted: the stream turns UPDATING with this plan (the parents that
     * will close, the children that will open), and after the reshard delay {@link ReshardDue} starts
     * its cut-over; until then the parents take writes and the children do not exist.
     */
    record ReshardStarted(String name, long incarnation, long atMs, List<Integer> parents, List<OpenedShard> opened)
            implements KinesisEvent {
    }

    /**
     * UpdateStreamWarmThroughput (or CreateStream's WarmThroughputMiBps): the write throughput in MiB/s an
     * on-demand stream keeps ready; an ACTIVE stream is UPDATING for the reshard delay.
     */
    record WarmThroughputSet(String name, long incarnation, int targetMiBps, long atMs) implements KinesisEvent {
    }

    /** A consumer's whole tag set after the change (RegisterStreamConsumer's Tags, TagResource, UntagResource). */
    record ConsumerTagsSet(String name, long incarnation, String arn, Map<String, String> tags) implements KinesisEvent {
    }

    /** The reshard delay of an UPDATING stream has passed (a timer): its cut-over runs now. */
    record ReshardDue(String name, long incarnation, long atMs) implements KinesisEvent {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpenedShard(int index, String start, String end, String parent, String adjacentParent) {
    }

    /** [account]: the account settings (MinimumThroughputBillingCommitment and the like). */
    record AccountSettingsSet(ObjectNode settings) implements KinesisEvent {
    }

    /** [consumer] */
    record ConsumerRegistered(String name, long incarnation, String consumer, String arn, long atMs)
            implements KinesisEvent {
    }

    /** [consumerStatus] */
    record ConsumerStatusChanged(String name, long incarnation, String arn, String status, long atMs)
            implements KinesisEvent {
    }

    /** [consumerDeleted] */
    record ConsumerDeleted(String name, long incarnation, String arn) implements KinesisEvent {
    }

    /** A stream's or consumer's resource policy (IAM JSON) set, or removed when {@code policy} is null. */
    record ResourcePolicySet(String name, long incarnation, String arn, String policy) implements KinesisEvent {
    }

    /** The legacy {@code type} of each event, as main's MetadataLog wrote it. */
    Map<String, Class<? extends KinesisEvent>> LEGACY_TYPES = Map.ofEntries(
            Map.entry("create", StreamCreated.class),
            Map.entry("status", StreamStatusChanged.class),
            Map.entry("deleted", StreamDeleted.class),
            Map.entry("retention", RetentionChanged.class),
            Map.entry("tags", TagsSet.class),
            Map.entry("metrics", ShardMetricsSet.class),
            Map.entry("maxRecordSize", MaxRecordSizeChanged.class),
            Map.entry("mode", ModeChanged.class),
            Map.entry("reshard", Resharded.class),
            Map.entry("account", AccountSettingsSet.class),
            Map.entry("consumer", ConsumerRegistered.class),
            Map.entry("consumerStatus", ConsumerStatusChanged.class),
            Map.entry("consumerDeleted", ConsumerDeleted.class));

    EventCodec<KinesisEvent> CODEC = EventCodec.builder(KinesisEvent.class)
            .event(StreamCreated.class)
            .event(StreamStatusChanged.class)
            .event(StreamDeleted.class)
            .event(RetentionChanged.class)
            .event(TagsSet.class)
            .event(ShardMetricsSet.class)
            .event(MaxRecordSizeChanged.class)
            .event(ModeChanged.class)
            .event(Resharded.class)
            .event(AccountSettingsSet.class)
            .event(ConsumerRegistered.class)
            .event(ConsumerStatusChanged.class)
            .event(ConsumerDeleted.class)
            .event(ReshardStarted.class)
            .event(ReshardDue.class)
            .event(WarmThroughputSet.class)
            .event(ConsumerTagsSet.class)
            .event(ResourcePolicySet.class)
            .legacy(KinesisEvent::fromLegacy)
            .build();

    /** Reads one event as main's MetadataLog stored it: {"type": "create", "name": ..., ...}. */
    static KinesisEvent fromLegacy(JsonNode stored) throws IOException {
        Class<? extends KinesisEvent> type = LEGACY_TYPES.get(stored.path("type").asText());
        if (type == null) {
            throw new IOException("unknown metadata event type '" + stored.path("type").asText() + "'");
        }
        return EventCodec.json().treeToValue(stored, type);
    }

    /** The stream an event names; null for the account settings. */
    static String streamNameOf(KinesisEvent e) {
        return switch (e) {
            case StreamCreated c -> c.name();
            case StreamStatusChanged c -> c.name();
            case StreamDeleted c -> c.name();
            case RetentionChanged c -> c.name();
            case TagsSet c -> c.name();
            case ShardMetricsSet c -> c.name();
            case MaxRecordSizeChanged c -> c.name();
            case ModeChanged c -> c.name();
            case Resharded c -> c.name();
            case ConsumerRegistered c -> c.name();
            case ConsumerStatusChanged c -> c.name();
            case ConsumerDeleted c -> c.name();
            case ReshardStarted c -> c.name();
            case ReshardDue c -> c.name();
            case WarmThroughputSet c -> c.name();
            case ConsumerTagsSet c -> c.name();
            case ResourcePolicySet c -> c.name();
            case AccountSettingsSet a -> null;
        };
    }

    /** The stream incarnation an event names; -1 for the account settings. */
    static long incarnationOf(KinesisEvent e) {
        return switch (e) {
            case StreamCreated c -> c.incarnation();
            case StreamStatusChanged c -> c.incarnation();
            case StreamDeleted c -> c.incarnation();
            case RetentionChanged c -> c.incarnation();
            case TagsSet c -> c.incarnation();
            case ShardMetricsSet c -> c.incarnation();
            case MaxRecordSizeChanged c -> c.incarnation();
            case ModeChanged c -> c.incarnation();
            case Resharded c -> c.incarnation();
            case ConsumerRegistered c -> c.incarnation();
            case ConsumerStatusChanged c -> c.incarnation();
            case ConsumerDeleted c -> c.incarnation();
            case ReshardStarted c -> c.incarnation();
            case ReshardDue c -> c.incarnation();
            case WarmThroughputSet c -> c.incarnation();
            case ConsumerTagsSet c -> c.incarnation();
            case ResourcePolicySet c -> c.incarnation();
            case AccountSettingsSet a -> -1;
        };
    }
}
