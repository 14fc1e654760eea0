package io.riffle.kinesis.control;

import io.riffle.kinesis.api.AddTagsToStreamInput;
import io.riffle.kinesis.api.CreateStreamInput;
import io.riffle.kinesis.api.DecreaseStreamRetentionPeriodInput;
import io.riffle.kinesis.api.DeleteStreamInput;
import io.riffle.kinesis.api.DescribeAccountSettingsOutput;
import io.riffle.kinesis.api.DescribeLimitsOutput;
import io.riffle.kinesis.api.DescribeStreamInput;
import io.riffle.kinesis.api.DescribeStreamOutput;
import io.riffle.kinesis.api.DescribeStreamSummaryInput;
import io.riffle.kinesis.api.DescribeStreamSummaryOutput;
import io.riffle.kinesis.api.EnhancedMetrics;
import io.riffle.kinesis.api.EnhancedMonitoringOutput;
import io.riffle.kinesis.api.HashKeyRange;
import io.riffle.kinesis.api.IncreaseStreamRetentionPeriodInput;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.ListStreamsInput;
import io.riffle.kinesis.api.ListStreamsOutput;
import io.riffle.kinesis.api.ListTagsForStreamInput;
import io.riffle.kinesis.api.ListTagsForStreamOutput;
import io.riffle.kinesis.api.SequenceNumberRange;
import io.riffle.kinesis.api.Shard;
import io.riffle.kinesis.api.StreamDescription;
import io.riffle.kinesis.api.StreamDescriptionSummary;
import io.riffle.kinesis.api.StreamModeDetails;
import io.riffle.kinesis.api.StreamSummary;
import io.riffle.kinesis.api.Tag;
import io.riffle.kinesis.api.UpdateAccountSettingsInput;
import io.riffle.kinesis.api.UpdateAccountSettingsOutput;
import io.riffle.kinesis.api.UpdateMaxRecordSizeInput;
import io.riffle.kinesis.api.UpdateStreamModeInput;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardIds;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.kinesis.protocol.Registration;
import java.time.Instant;
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
    static final List<String> ALL_METRICS = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes",
            "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded",
            "IteratorAgeMilliseconds");

    private final ControlPlane control;
    private final KinesisSettings settings;

    public StreamOperations(ControlPlane control) {
        this.control = control;
        this.settings = control.settings();
    }

    /** Every operation this class serves. */
    public List<Registration<?, ?>> operations() {
        List<Registration<?, ?>> all = new ArrayList<>(List.of(
                Registration.of(KinesisOperations.CREATE_STREAM, this::createStream),
                Registration.of(KinesisOperations.DELETE_STREAM, this::deleteStream),
                Registration.of(KinesisOperations.DESCRIBE_STREAM, Operation.immediate(this::describeStream)),
                Registration.of(KinesisOperations.DESCRIBE_STREAM_SUMMARY,
                        Operation.immediate(this::describeStreamSummary)),
                Registration.of(KinesisOperations.LIST_STREAMS, Operation.immediate(this::listStreams)),
                Registration.of(KinesisOperations.INCREASE_STREAM_RETENTION_PERIOD, (IncreaseStreamRetentionPeriodInput r) ->
                        changeRetention(r.streamName(), r.streamARN(), r.retentionPeriodHours(), true)),
                Registration.of(KinesisOperations.DECREASE_STREAM_RETENTION_PERIOD, (DecreaseStreamRetentionPeriodInput r) ->
                        changeRetention(r.streamName(), r.streamARN(), r.retentionPeriodHours(), false)),
                Registration.of(KinesisOperations.ADD_TAGS_TO_STREAM, (AddTagsToStreamInput r) -> Operation.guarded(
                        () -> addTags(control.resolve(r.streamName(), r.streamARN()), r.tags()))),
                Registration.of(KinesisOperations.REMOVE_TAGS_FROM_STREAM, r -> Operation.guarded(
                        () -> removeTags(control.resolve(r.streamName(), r.streamARN()), r.tagKeys()))),
                Registration.of(KinesisOperations.LIST_TAGS_FOR_STREAM, Operation.immediate(this::listTagsForStream)),
                Registration.of(KinesisOperations.DESCRIBE_LIMITS, Operation.immediate(r -> describeLimits())),
                Registration.of(KinesisOperations.ENABLE_ENHANCED_MONITORING,
                        r -> monitoring(r.streamName(), r.streamARN(), r.shardLevelMetrics(), true)),
                Registration.of(KinesisOperations.DISABLE_ENHANCED_MONITORING,
                        r -> monitoring(r.streamName(), r.streamARN(), r.shardLevelMetrics(), false)),
                Registration.of(KinesisOperations.UPDATE_MAX_RECORD_SIZE, this::updateMaxRecordSize),
                Registration.of(KinesisOperations.UPDATE_STREAM_MODE, this::updateStreamMode),
                Registration.of(KinesisOperations.DESCRIBE_ACCOUNT_SETTINGS,
                        Operation.immediate(r -> describeAccountSettings())),
                Registration.of(KinesisOperations.UPDATE_ACCOUNT_SETTINGS, this::updateAccountSettings)));
        all.addAll(new ResourceTagOperations(control, this).operations());
        return List.copyOf(all);
    }

    // ---- create and delete ---------------------------------------------------------------------

    private CompletableFuture<Void> createStream(CreateStreamInput r) {
        String name = r.streamName();
        String mode = r.streamModeDetails() == null || r.streamModeDetails().streamModeAsString() == null
                ? "PROVISIONED" : r.streamModeDetails().streamModeAsString();
        boolean onDemand = mode.equals("ON_DEMAND");
        if (!onDemand && r.shardCount() == null) {
            return fail(KinesisError.INVALID_ARGUMENT, "ShardCount is required for a PROVISIONED stream.");
        }
        int shards = onDemand ? 4 : r.shardCount();
        if (shards < 1) {
            return fail(KinesisError.INVALID_ARGUMENT, "ShardCount must be at least 1.");
        }
        int maxRecordKiB = r.maxRecordSizeInKiB() == null ? settings.maxRecordSizeKiB() : r.maxRecordSizeInKiB();
        Map<String, String> tags = tagMap(r.tags());
        Integer warmMiBps = r.warmThroughputMiBps();
        try {
            TagRules.check(tags, name, settings.accountId());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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
            if (warmMiBps != null) {
                WarmThroughputOperations.check(control, name, mode, warmMiBps);
            }
            long incarnation = registry.nextIncarnation();
            int retentionHours = settings.minRetentionHours();
            List<String> logs = control.createShardLogs(incarnation, 0, shards, retentionHours * 3_600_000L);
            KinesisEvent created = StreamRegistry.createEvent(name, incarnation, mode, shards, control.nowMs(),
                    retentionHours, maxRecordKiB);
            // the tags and warm throughput events name the incarnation the create event introduces
            List<KinesisEvent> events = new ArrayList<>(List.of(created));
            if (!tags.isEmpty()) {
                events.add(new KinesisEvent.TagsSet(name, incarnation, tags));
            }
            if (warmMiBps != null) {
                events.add(new KinesisEvent.WarmThroughputSet(name, incarnation, warmMiBps, control.nowMs()));
            }
            return new ControlPlane.Change<Void>(events, null).undoneBy(() -> control.deleteShardLogs(logs));
        });
    }

    /**
     * A stream with registered consumers is deleted only with EnforceConsumerDeletion true; its
     * consumers then turn DELETING with it and go when it goes. Consumers already DELETING (being
     * deregistered) do not hold the stream back.
     */
    private CompletableFuture<Void> deleteStream(DeleteStreamInput r) {
        boolean enforceConsumerDeletion = Boolean.TRUE.equals(r.enforceConsumerDeletion());
        return control.submit(() -> {
            StreamInfo s = control.resolve(r.streamName(), r.streamARN());
            if (s.status() == StreamInfo.StreamStatus.DELETING) {
                return ControlPlane.Change.<Void>of(null);
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
            return new ControlPlane.Change<Void>(events, null);
        });
    }

    // ---- describe and list ---------------------------------------------------------------------

    private DescribeStreamOutput describeStream(DescribeStreamInput r) {
        StreamInfo s = control.resolve(r.streamName(), r.streamARN());
        int limit = Math.min(r.limit() == null ? 100 : r.limit(), 100);
        String after = r.exclusiveStartShardId() == null ? null : ShardIds.canonical(r.exclusiveStartShardId());
        List<ShardInfo> shards = new ArrayList<>();
        boolean more = false;
        // a stream CREATING or DELETING lists no shards, as Kinesis' DescribeStream answers then
        boolean hasShards = s.status() != StreamInfo.StreamStatus.CREATING && s.status() != StreamInfo.StreamStatus.DELETING;
        for (ShardInfo shard : hasShards ? s.shards() : List.<ShardInfo>of()) {
            if (after != null && shard.shardId().compareTo(after) <= 0 || isExpired(s, shard, control.nowMs())) {
                continue;
            }
            if (shards.size() == limit) {
                more = true;
                break;
            }
            shards.add(shard);
        }
        List<Shard> described = new ArrayList<>(shards.size());
        shards.forEach(shard -> described.add(shardOf(s, shard)));
        return new DescribeStreamOutput(StreamDescription.builder().streamName(s.name())
                .streamARN(settings.streamArn(s.name())).streamStatusAsString(s.status().name())
                .streamModeDetails(new StreamModeDetails(s.mode())).shards(described).hasMoreShards(more)
                .retentionPeriodHours(s.retentionHours()).streamCreationTimestamp(Instant.ofEpochMilli(s.createdAtMs()))
                .enhancedMonitoring(enhancedMonitoring(s)).encryptionTypeAsString("NONE").build());
    }

    private DescribeStreamSummaryOutput describeStreamSummary(DescribeStreamSummaryInput r) {
        StreamInfo s = control.resolve(r.streamName(), r.streamARN());
        return new DescribeStreamSummaryOutput(StreamDescriptionSummary.builder().streamName(s.name())
                .streamARN(settings.streamArn(s.name())).streamStatusAsString(s.status().name())
                .streamModeDetails(new StreamModeDetails(s.mode())).retentionPeriodHours(s.retentionHours())
                .streamCreationTimestamp(Instant.ofEpochMilli(s.createdAtMs())).enhancedMonitoring(enhancedMonitoring(s))
                .encryptionTypeAsString("NONE").openShardCount(Math.toIntExact(s.openShardCount()))
                .consumerCount(control.registry().consumers(s.incarnation()).size())
                .maxRecordSizeInKiB(s.maxRecordSizeKiB()).warmThroughput(WarmThroughputOperations.describe(control, s))
                .build());
    }

    private static List<EnhancedMetrics> enhancedMonitoring(StreamInfo s) {
        return List.of(new EnhancedMetrics(List.copyOf(s.shardLevelMetrics())));
    }

    /** A closed shard disappears once its last record is past the stream's retention. */
    public static boolean isExpired(StreamInfo s, ShardInfo shard, long nowMs) {
        return shard.isClosed() && shard.closedAtMs() < nowMs - s.retentionHours() * 3_600_000L;
    }

    /** A shard as DescribeStream and ListShards show it. */
    public static Shard shardOf(StreamInfo s, ShardInfo shard) {
        return new Shard(shard.shardId(), shard.parentShardId(), shard.adjacentParentShardId(),
                new HashKeyRange(shard.range().start().toString(), shard.range().end().toString()),
                new SequenceNumberRange(SequenceNumbers.starting(s, shard), SequenceNumbers.ending(s, shard)));
    }

    private ListStreamsOutput listStreams(ListStreamsInput r) {
        int limit = Math.min(r.limit() == null ? 100 : r.limit(), 100);
        String after = r.exclusiveStartStreamName();
        if (r.nextToken() != null) {
            after = ListTokens.decode(r.nextToken(), "streams", control.nowMs());
        }
        List<String> names = new ArrayList<>();
        List<StreamSummary> summaries = new ArrayList<>();
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
            summaries.add(new StreamSummary(s.name(), settings.streamArn(s.name()), s.status().name(),
                    new StreamModeDetails(s.mode()), Instant.ofEpochMilli(s.createdAtMs())));
        }
        return new ListStreamsOutput(names, more, more ? ListTokens.encode(last, "streams", control.nowMs()) : null,
                summaries);
    }

    // ---- retention -----------------------------------------------------------------------------

    private CompletableFuture<Void> changeRetention(String streamName, String streamArn, Integer retentionHours,
                                                    boolean increase) {
        int hours = retentionHours == null ? 0 : retentionHours;
        return control.submit(() -> {
            StreamInfo s = control.resolve(streamName, streamArn);
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
            return ControlPlane.Change.<Void>of(null, StreamRegistry.retentionEvent(s, hours))
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

    StreamInfo streamOfArn(String arn) {
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

    private static Map<String, String> tagMap(Map<String, String> tags) {
        return tags == null ? new TreeMap<>() : new TreeMap<>(tags);
    }

    CompletableFuture<Void> addTags(StreamInfo target, Map<String, String> tags) {
        Map<String, String> added = tagMap(tags);
        try {
            TagRules.check(added, target.name(), settings.accountId());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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
            return ControlPlane.Change.<Void>of(null, StreamRegistry.tagsEvent(s, merged));
        });
    }

    private io.riffle.kinesis.protocol.KinesisException tooManyTags(String stream) {
        return KinesisErrors.tooManyTags(stream, settings.accountId(), settings.maxTagsPerStream());
    }

    CompletableFuture<Void> removeTags(StreamInfo target, List<String> keys) {
        return control.submit(() -> {
            StreamInfo s = control.registry().byName(target.name());
            if (s == null) {
                throw control.notFound(target.name());
            }
            Map<String, String> left = new TreeMap<>(s.tags());
            if (keys != null) {
                keys.forEach(left::remove);
            }
            return ControlPlane.Change.<Void>of(null, StreamRegistry.tagsEvent(s, left));
        });
    }

    private ListTagsForStreamOutput listTagsForStream(ListTagsForStreamInput r) {
        StreamInfo s = control.resolve(r.streamName(), r.streamARN());
        int limit = r.limit() == null ? 50 : r.limit();
        String after = r.exclusiveStartTagKey();
        List<Tag> list = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, String> tag : new TreeMap<>(s.tags()).entrySet()) {
            if (after != null && tag.getKey().compareTo(after) <= 0) {
                continue;
            }
            if (list.size() == limit) {
                more = true;
                break;
            }
            list.add(new Tag(tag.getKey(), tag.getValue()));
        }
        return new ListTagsForStreamOutput(list, more);
    }

    // ---- limits, monitoring, record size, account ----------------------------------------------

    private DescribeLimitsOutput describeLimits() {
        StreamRegistry registry = control.registry();
        return new DescribeLimitsOutput(settings.shardLimit(), Math.toIntExact(registry.openShardCount()),
                Math.toIntExact(registry.onDemandStreamCount()), settings.onDemandStreamLimit());
    }

    private CompletableFuture<EnhancedMonitoringOutput> monitoring(String streamName, String streamArn,
                                                                   List<String> metrics, boolean enable) {
        List<String> asked = metrics == null ? List.of() : List.copyOf(metrics);
        return control.submit(() -> {
            StreamInfo s = control.resolve(streamName, streamArn);
            checkServing(s);
            java.util.Set<String> current = new java.util.TreeSet<>(s.shardLevelMetrics());
            java.util.Set<String> desired = new java.util.TreeSet<>(current);
            List<String> expanded = asked.contains("ALL") ? ALL_METRICS : asked;
            if (enable) {
                desired.addAll(expanded);
            } else {
                desired.removeAll(expanded);
            }
            EnhancedMonitoringOutput out = new EnhancedMonitoringOutput(s.name(), List.copyOf(current),
                    List.copyOf(desired), settings.streamArn(s.name()));
            return ControlPlane.Change.of(out, StreamRegistry.metricsEvent(s, desired));
        });
    }

    /** Kinesis allows two capacity-mode switches per stream per rolling 24 hours (a setting here). */
    private CompletableFuture<Void> updateStreamMode(UpdateStreamModeInput r) {
        String mode = r.streamModeDetails() == null ? "" : String.valueOf(r.streamModeDetails().streamModeAsString());
        return control.submit(() -> {
            StreamInfo s = control.resolve(null, r.streamARN());
            if (s.status() != StreamInfo.StreamStatus.ACTIVE) {
                throw control.notActive(s, "ACTIVE");
            }
            if (s.mode().equals(mode)) {
                return ControlPlane.Change.<Void>of(null);
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
            return ControlPlane.Change.<Void>of(null,
                    StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.UPDATING, now),
                    StreamRegistry.modeEvent(s, mode, now));
        });
    }

    private CompletableFuture<Void> updateMaxRecordSize(UpdateMaxRecordSizeInput r) {
        int kib = r.maxRecordSizeInKiB() == null ? 0 : r.maxRecordSizeInKiB();
        return control.submit(() -> {
            StreamInfo s = control.resolve(null, r.streamARN());
            checkServing(s);
            return ControlPlane.Change.<Void>of(null, StreamRegistry.maxRecordSizeEvent(s, kib));
        });
    }

    private DescribeAccountSettingsOutput describeAccountSettings() {
        return new DescribeAccountSettingsOutput(BillingCommitment.of(control.registry().accountSettings())
                .at(control.nowMs()).output());
    }

    /** The billing commitment's 24-hour minimum and scheduled end: {@link BillingCommitment}. */
    private CompletableFuture<UpdateAccountSettingsOutput> updateAccountSettings(UpdateAccountSettingsInput r) {
        String status = r.minimumThroughputBillingCommitment() == null ? ""
                : String.valueOf(r.minimumThroughputBillingCommitment().statusAsString());
        return control.submit(() -> {
            long now = control.nowMs();
            BillingCommitment next = BillingCommitment.of(control.registry().accountSettings())
                    .update(status.equals(BillingCommitment.ENABLED) ? BillingCommitment.ENABLED
                            : BillingCommitment.DISABLED, now);
            return ControlPlane.Change.of(new UpdateAccountSettingsOutput(next.at(now).output()),
                    StreamRegistry.accountEvent(next.toJson()));
        });
    }

    private static <T> CompletableFuture<T> fail(KinesisError error, String message) {
        return CompletableFuture.failedFuture(error.exception(message));
    }
}
