package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.control.KinesisEvent.AccountSettingsSet;
import io.riffle.kinesis.control.KinesisEvent.ConsumerDeleted;
import io.riffle.kinesis.control.KinesisEvent.ConsumerRegistered;
import io.riffle.kinesis.control.KinesisEvent.ConsumerStatusChanged;
import io.riffle.kinesis.control.KinesisEvent.ConsumerTagsSet;
import io.riffle.kinesis.control.KinesisEvent.MaxRecordSizeChanged;
import io.riffle.kinesis.control.KinesisEvent.ModeChanged;
import io.riffle.kinesis.control.KinesisEvent.ReshardDue;
import io.riffle.kinesis.control.KinesisEvent.ReshardStarted;
import io.riffle.kinesis.control.KinesisEvent.Resharded;
import io.riffle.kinesis.control.KinesisEvent.RetentionChanged;
import io.riffle.kinesis.control.KinesisEvent.ShardMetricsSet;
import io.riffle.kinesis.control.KinesisEvent.StreamCreated;
import io.riffle.kinesis.control.KinesisEvent.StreamDeleted;
import io.riffle.kinesis.control.KinesisEvent.StreamStatusChanged;
import io.riffle.kinesis.control.KinesisEvent.TagsSet;
import io.riffle.kinesis.control.KinesisEvent.WarmThroughputSet;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.metadata.EventContext;
import io.riffle.metadata.StateMachine;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The control plane's state: the metadata kit's {@link StateMachine} over {@link KinesisEvent}s.
 * The {@link io.riffle.metadata.EventLog} applies each event once it is durable, on its thread
 * (the only writer), replays them at open and snapshots this state ({@link RegistrySnapshot});
 * any thread may read (values are immutable {@link StreamInfo}s and {@link ConsumerInfo}s in
 * concurrent maps).
 *
 * <p>Every event but {@link AccountSettingsSet} names a stream incarnation; one whose incarnation
 * is gone is ignored, and deleting a stream drops its consumers.
 *
 * <h2>Timed transitions</h2>
 * Applying an event that starts a timed status schedules its end with the kit (the key names the
 * stream incarnation or the consumer ARN, so the next status of the same thing replaces or
 * cancels it): CREATING becomes ACTIVE {@code createDelayMs} (a consumer: {@code consumerCreateDelayMs})
 * after the status began, DELETING ends
 * with the stream (or consumer) gone {@code deleteDelayMs} after. Replay schedules them again from
 * the events' own times, so a restart keeps every pending transition and fires those already due.
 * UpdateStreamMode's UPDATING (a status event followed by the switch) becomes ACTIVE
 * {@code createDelayMs} after. A reshard's UPDATING ({@link ReshardStarted} for SplitShard and
 * MergeShards, the status event carrying {@code updateShardCount} for UpdateShardCount) keeps a
 * {@link PendingReshard} and schedules {@link ReshardDue} {@code reshardDelayMs} after; the control
 * plane runs the cut-over when that is applied (it fences the parents in storage first), and the
 * cut-over's {@link Resharded} with ACTIVE, one batch, closes the parents and opens the children at
 * once. Until then the stream lists its parents only.
 *
 * <h2>Quotas</h2>
 * Capacity-mode switches ({@link ModeChanged}) and UpdateShardCount calls (UPDATING
 * {@link StreamStatusChanged} carrying {@code updateShardCount}) are counted per stream
 * incarnation over the last {@link #QUOTA_WINDOW_MS} by event time: a call counts once recorded,
 * and replay or a snapshot rebuilds the count, so a restart does not reset it.
 */
public final class StreamRegistry implements StateMachine<RegistrySnapshot, KinesisEvent> {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The rolling window of Kinesis's per-day quotas. */
    public static final long QUOTA_WINDOW_MS = 24 * 3_600_000L;

    private final long createDelayMs;
    private final long deleteDelayMs;
    private final long reshardDelayMs;
    private final long consumerCreateDelayMs;
    private final Consumer<KinesisEvent> onLiveEvent;

    private final Map<String, StreamInfo> byName = new ConcurrentHashMap<>();
    private final Map<Long, StreamInfo> byIncarnation = new ConcurrentHashMap<>();
    private volatile long lastIncarnation;
    private volatile ObjectNode accountSettings = JSON.objectNode();
    private final Map<String, ConsumerInfo> consumersByArn = new ConcurrentHashMap<>();
    /** Per consumer ARN, its tags (none: absent). */
    private final Map<String, Map<String, String>> consumerTags = new ConcurrentHashMap<>();
    /** Resource policies by stream or consumer ARN; read by event loops (access checks). */
    private final Map<String, String> resourcePolicies = new ConcurrentHashMap<>();
    /** Per "stream/consumer" name: the creation second in the newest ARN given out, so none is given twice. */
    private final Map<String, Long> lastConsumerArnSecond = new ConcurrentHashMap<>();
    /** Per stream incarnation, the daily quotas' event times (see the class comment). */
    private final Map<Long, QuotaWindow> modeSwitches = new ConcurrentHashMap<>();
    private final Map<Long, QuotaWindow> shardCountUpdates = new ConcurrentHashMap<>();
    /** Stream incarnations UPDATING for a capacity-mode switch (which ends by time, not by a cut-over). */
    private final Set<Long> switchingMode = ConcurrentHashMap.newKeySet();
    /** Per stream incarnation, the reshard it is UPDATING for (see the class comment). */
    private final Map<Long, PendingReshard> pendingReshards = new ConcurrentHashMap<>();
    /** Per stream incarnation, the warm throughput (MiB/s) set by UpdateStreamWarmThroughput or CreateStream. */
    private final Map<Long, Integer> warmThroughputMiBps = new ConcurrentHashMap<>();

    /** A registry whose CREATING and DELETING end at once (unit tests of the pure state). */
    public StreamRegistry() {
        this(0, 0, e -> { });
    }

    /**
     * @param onLiveEvent told of every event applied after open (not of replayed ones), on the log's
     *                    thread once the state has changed: the control plane's work in storage
     *                    that follows an event (a deleted stream's logs)
     */
    public StreamRegistry(long createDelayMs, long deleteDelayMs, Consumer<KinesisEvent> onLiveEvent) {
        this(createDelayMs, deleteDelayMs, 0, createDelayMs, onLiveEvent);
    }

    /**
     * @param reshardDelayMs        how long a reshard keeps its stream UPDATING before its cut-over is due
     * @param consumerCreateDelayMs how long a new consumer stays CREATING
     */
    public StreamRegistry(long createDelayMs, long deleteDelayMs, long reshardDelayMs, long consumerCreateDelayMs,
                          Consumer<KinesisEvent> onLiveEvent) {
        this.consumerCreateDelayMs = consumerCreateDelayMs;
        this.createDelayMs = createDelayMs;
        this.deleteDelayMs = deleteDelayMs;
        this.reshardDelayMs = reshardDelayMs;
        this.onLiveEvent = onLiveEvent;
    }

    /** The kit's timer key of a stream incarnation's status. */
    static String streamTimer(long incarnation) {
        return "stream/" + incarnation;
    }

    /** The kit's timer key of a consumer's status. */
    static String consumerTimer(String arn) {
        return "consumer/" + arn;
    }

    public StreamInfo byName(String name) {
        return byName.get(name);
    }

    public StreamInfo byIncarnation(long incarnation) {
        return byIncarnation.get(incarnation);
    }

    /** All streams, sorted by name. */
    public List<StreamInfo> streams() {
        List<StreamInfo> all = new ArrayList<>(byName.values());
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    public long nextIncarnation() {
        return lastIncarnation + 1;
    }

    public ObjectNode accountSettings() {
        return accountSettings.deepCopy();
    }

    public long openShardCount() {
        long n = 0;
        for (StreamInfo s : byName.values()) {
            n += s.openShardCount();
        }
        return n;
    }

    public long onDemandStreamCount() {
        return byName.values().stream().filter(s -> s.mode().equals("ON_DEMAND")).count();
    }

    public Collection<StreamInfo> all() {
        return byName.values();
    }

    // ---- consumers ---------------------------------------------------------------------------

    /** The resource policy of a stream or consumer ARN, if it has one. Any thread. */
    public Optional<String> resourcePolicy(String arn) {
        return Optional.ofNullable(resourcePolicies.get(arn));
    }

    /**
     * The tags of the stream or consumer with that ARN, what {@code aws:ResourceTag/*} conditions read
     * (empty when it has none or is not there). Any thread.
     */
    public Map<String, String> resourceTags(String arn) {
        int consumer = arn.indexOf("/consumer/");
        if (consumer >= 0) {
            return consumerTags(arn);
        }
        int stream = arn.indexOf(":stream/");
        StreamInfo s = stream < 0 ? null : byName(arn.substring(stream + ":stream/".length()));
        return s == null || s.tags() == null ? Map.of() : s.tags();
    }

    /** The consumer with that ARN, in any status, while its stream incarnation exists. Any thread. */
    public Optional<ConsumerInfo> consumerByArn(String consumerArn) {
        return Optional.ofNullable(consumerArn == null ? null : consumersByArn.get(consumerArn));
    }

    /** The consumers registered with a stream incarnation, sorted by name. */
    public List<ConsumerInfo> consumers(long streamIncarnation) {
        List<ConsumerInfo> of = new ArrayList<>();
        for (ConsumerInfo c : consumersByArn.values()) {
            if (c.streamIncarnation() == streamIncarnation) {
                of.add(c);
            }
        }
        of.sort((a, b) -> a.name().compareTo(b.name()));
        return of;
    }

    /** The tags of the consumer with that ARN (empty when it has none). Any thread. */
    public Map<String, String> consumerTags(String consumerArn) {
        return consumerTags.getOrDefault(consumerArn, Map.of());
    }

    public Optional<ConsumerInfo> consumer(long streamIncarnation, String consumerName) {
        return consumers(streamIncarnation).stream().filter(c -> c.name().equals(consumerName)).findFirst();
    }

    /** The consumers CREATING now, in every stream of the account. */
    public long creatingConsumerCount() {
        return consumersByArn.values().stream().filter(c -> c.status() == ConsumerInfo.ConsumerStatus.CREATING).count();
    }

    public Collection<ConsumerInfo> allConsumers() {
        return consumersByArn.values();
    }

    /**
     * The creation time for a consumer registered now: {@code nowMs}, or the start of the second after
     * the last ARN given to the same stream and consumer name when that is later. Consumer ARNs end in
     * whole seconds, so without this a consumer deregistered and registered again within a second (or
     * on a stream deleted and created again) would get the ARN of its predecessor.
     */
    public long consumerCreationMs(String streamName, String consumerName, long nowMs) {
        Long last = lastConsumerArnSecond.get(streamName + "/" + consumerName);
        return last == null ? nowMs : Math.max(nowMs, (last + 1) * 1000);
    }

    /** Whether the stream incarnation is UPDATING for a capacity-mode switch (else, when UPDATING, for a reshard). */
    public boolean isSwitchingMode(long incarnation) {
        return switchingMode.contains(incarnation);
    }

    /** The reshard this stream incarnation is UPDATING for, if any. Any thread. */
    public Optional<PendingReshard> pendingReshard(long incarnation) {
        return Optional.ofNullable(pendingReshards.get(incarnation));
    }

    /** The warm throughput target of this stream incarnation in MiB/s, if one was set. Any thread. */
    public Optional<Integer> warmThroughputMiBps(long incarnation) {
        return Optional.ofNullable(warmThroughputMiBps.get(incarnation));
    }

    /** Capacity-mode switches of this stream incarnation in the quota window ending at {@code nowMs}. */
    public int modeSwitchesInWindow(long incarnation, long nowMs) {
        QuotaWindow w = modeSwitches.get(incarnation);
        return w == null ? 0 : w.countSince(nowMs - QUOTA_WINDOW_MS);
    }

    /** UpdateShardCount calls on this stream incarnation in the quota window ending at {@code nowMs}. */
    public int shardCountUpdatesInWindow(long incarnation, long nowMs) {
        QuotaWindow w = shardCountUpdates.get(incarnation);
        return w == null ? 0 : w.countSince(nowMs - QUOTA_WINDOW_MS);
    }

    // ---- events ------------------------------------------------------------------------------
    // The factories name what each change records; components as KinesisEvent documents them.

    public static KinesisEvent createEvent(String name, long incarnation, String mode, int shardCount, long atMs,
                                           int retentionHours, int maxRecordSizeKiB) {
        return new StreamCreated(name, incarnation, mode, shardCount, atMs, retentionHours, maxRecordSizeKiB);
    }

    public static KinesisEvent statusEvent(StreamInfo s, StreamInfo.StreamStatus status, long atMs) {
        return new StreamStatusChanged(s.name(), s.incarnation(), status.name(), atMs, null);
    }

    /**
     * The UPDATING status event of an UpdateShardCount call: it counts against the stream's daily
     * UpdateShardCount quota (older logs lack the field, so their calls do not count).
     */
    public static KinesisEvent updateShardCountEvent(StreamInfo s, int targetShardCount, long atMs) {
        return new StreamStatusChanged(s.name(), s.incarnation(), StreamInfo.StreamStatus.UPDATING.name(), atMs,
                targetShardCount);
    }

    public static KinesisEvent deletedEvent(StreamInfo s) {
        return new StreamDeleted(s.name(), s.incarnation());
    }

    public static KinesisEvent retentionEvent(StreamInfo s, int hours) {
        return new RetentionChanged(s.name(), s.incarnation(), hours);
    }

    public static KinesisEvent tagsEvent(StreamInfo s, Map<String, String> tags) {
        return new TagsSet(s.name(), s.incarnation(), new TreeMap<>(tags));
    }

    public static KinesisEvent metricsEvent(StreamInfo s, Set<String> metrics) {
        return new ShardMetricsSet(s.name(), s.incarnation(), List.copyOf(new TreeSet<>(metrics)));
    }

    public static KinesisEvent modeEvent(StreamInfo s, String mode, long atMs) {
        return new ModeChanged(s.name(), s.incarnation(), mode, atMs);
    }

    public static KinesisEvent maxRecordSizeEvent(StreamInfo s, int kib) {
        return new MaxRecordSizeChanged(s.name(), s.incarnation(), kib);
    }

    public static KinesisEvent accountEvent(ObjectNode settings) {
        return new AccountSettingsSet(settings.deepCopy());
    }

    public static KinesisEvent consumerEvent(StreamInfo s, String consumerName, String consumerArn, long atMs) {
        return new ConsumerRegistered(s.name(), s.incarnation(), consumerName, consumerArn, atMs);
    }

    public static KinesisEvent consumerStatusEvent(ConsumerInfo c, ConsumerInfo.ConsumerStatus status, long atMs) {
        return new ConsumerStatusChanged(c.streamName(), c.streamIncarnation(), c.arn(), status.name(), atMs);
    }

    public static KinesisEvent consumerTagsEvent(String streamName, long incarnation, String consumerArn,
                                                 Map<String, String> tags) {
        return new ConsumerTagsSet(streamName, incarnation, consumerArn, new TreeMap<>(tags));
    }

    public static KinesisEvent consumerDeletedEvent(ConsumerInfo c) {
        return new ConsumerDeleted(c.streamName(), c.streamIncarnation(), c.arn());
    }

    public static KinesisEvent warmThroughputEvent(StreamInfo s, int targetMiBps, long atMs) {
        return new WarmThroughputSet(s.name(), s.incarnation(), targetMiBps, atMs);
    }

    /** SplitShard or MergeShards accepted: the stream UPDATING with the reshard it will cut over. */
    public static KinesisEvent reshardStartedEvent(StreamInfo s, long atMs, List<ShardInfo> parents,
                                                   List<ShardInfo> children) {
        return new ReshardStarted(s.name(), s.incarnation(), atMs, parents.stream().map(ShardInfo::index).toList(),
                children.stream().map(StreamRegistry::opened).toList());
    }

    private static KinesisEvent.OpenedShard opened(ShardInfo o) {
        return new KinesisEvent.OpenedShard(o.index(), o.range().start().toString(), o.range().end().toString(),
                o.parentShardId(), o.adjacentParentShardId());
    }

    /** A reshard's cut-over: the parents close at their final positions, the children open. */
    public static KinesisEvent reshardEvent(StreamInfo s, long atMs, List<ShardInfo> closed, List<ShardInfo> opened) {
        return new Resharded(s.name(), s.incarnation(), atMs,
                closed.stream().map(c -> new KinesisEvent.ClosedShard(c.index(), c.endingSequenceNumber(),
                        c.endPosition())).toList(),
                opened.stream().map(StreamRegistry::opened).toList());
    }

    // ---- the state machine ---------------------------------------------------------------------

    /** Applies one event with no timers (pure unit tests; the event log applies with its context). */
    void apply(KinesisEvent event) {
        apply(event, new EventContext<>() {
            @Override
            public long position() {
                return -1;
            }

            @Override
            public long timestampMs() {
                return 0;
            }

            @Override
            public boolean isReplay() {
                return true;
            }

            @Override
            public void schedule(String key, long atMs, KinesisEvent timed) {
                // no timers here
            }

            @Override
            public void cancel(String key) {
                // no timers here
            }
        });
    }

    /** Applies one durable event; events for a stream incarnation that no longer exists are ignored. */
    @Override
    public void apply(KinesisEvent event, EventContext<KinesisEvent> context) {
        switch (event) {
            case AccountSettingsSet a -> accountSettings = a.settings().deepCopy();
            case StreamCreated c -> created(c, context);
            default -> {
                String name = KinesisEvent.streamNameOf(event);
                long incarnation = KinesisEvent.incarnationOf(event);
                StreamInfo s = byName.get(name);
                if (s == null || s.incarnation() != incarnation) {
                    return;
                }
                applyToStream(s, event, context);
            }
        }
        if (!context.isReplay()) {
            onLiveEvent.accept(event);
        }
    }

    private void created(StreamCreated c, EventContext<KinesisEvent> context) {
        List<ShardInfo> shards = new ArrayList<>(c.shardCount());
        List<HashKeys.Range> ranges = HashKeys.split(c.shardCount());
        for (int i = 0; i < c.shardCount(); i++) {
            shards.add(ShardInfo.open(i, ranges.get(i), null, null, c.atMs()));
        }
        put(new StreamInfo(c.name(), c.incarnation(), StreamInfo.StreamStatus.CREATING, c.atMs(), c.mode(), c.atMs(),
                c.retentionHours(), List.copyOf(shards), Map.of(), Set.of(), c.maxRecordSizeKiB()));
        lastIncarnation = Math.max(lastIncarnation, c.incarnation());
        long activeAtMs = c.atMs() + createDelayMs;
        context.schedule(streamTimer(c.incarnation()), activeAtMs, new StreamStatusChanged(c.name(), c.incarnation(),
                StreamInfo.StreamStatus.ACTIVE.name(), activeAtMs, null));
    }

    private void applyToStream(StreamInfo s, KinesisEvent event, EventContext<KinesisEvent> context) {
        long incarnation = s.incarnation();
        switch (event) {
            case StreamStatusChanged st -> {
                StreamInfo.StreamStatus status = StreamInfo.StreamStatus.valueOf(st.status());
                put(s.withStatus(status, st.atMs()));
                switchingMode.remove(incarnation);
                String timer = streamTimer(incarnation);
                if (st.updateShardCount() != null) {
                    shardCountUpdates.computeIfAbsent(incarnation, k -> new QuotaWindow(QUOTA_WINDOW_MS)).add(st.atMs());
                    startReshard(s, PendingReshard.toShardCount(st.atMs(), st.updateShardCount()), context);
                    return;
                }
                pendingReshards.remove(incarnation);
                switch (status) {
                    case CREATING -> context.schedule(timer, st.atMs() + createDelayMs, new StreamStatusChanged(
                            s.name(), incarnation, StreamInfo.StreamStatus.ACTIVE.name(), st.atMs() + createDelayMs,
                            null));
                    case DELETING -> context.schedule(timer, st.atMs() + deleteDelayMs,
                            new StreamDeleted(s.name(), incarnation));
                    case ACTIVE, UPDATING -> context.cancel(timer);
                }
            }
            case ReshardStarted r -> {
                put(s.withStatus(StreamInfo.StreamStatus.UPDATING, r.atMs()));
                switchingMode.remove(incarnation);
                startReshard(s, PendingReshard.of(r), context);
            }
            case ConsumerTagsSet t -> {
                ConsumerInfo c = consumersByArn.get(t.arn());
                if (c != null && c.streamIncarnation() == incarnation) {
                    consumerTags.put(t.arn(), Map.copyOf(t.tags()));
                }
            }
            case ReshardDue d -> pendingReshards.computeIfPresent(incarnation, (k, p) -> p.due());
            case WarmThroughputSet w -> {
                warmThroughputMiBps.put(incarnation, w.targetMiBps());
                if (s.status() == StreamInfo.StreamStatus.ACTIVE) {
                    // as Kinesis: UPDATING while the stream scales towards the target, then ACTIVE
                    put(s.withStatus(StreamInfo.StreamStatus.UPDATING, w.atMs()));
                    long activeAtMs = w.atMs() + reshardDelayMs;
                    context.schedule(streamTimer(incarnation), activeAtMs, new StreamStatusChanged(s.name(),
                            incarnation, StreamInfo.StreamStatus.ACTIVE.name(), activeAtMs, null));
                }
            }
            case StreamDeleted d -> {
                switchingMode.remove(incarnation);
                pendingReshards.remove(incarnation);
                warmThroughputMiBps.remove(incarnation);
                modeSwitches.remove(incarnation);
                shardCountUpdates.remove(incarnation);
                byName.remove(s.name(), s);
                byIncarnation.remove(incarnation, s);
                String stream = ":stream/" + s.name();
                resourcePolicies.keySet().removeIf(arn -> arn.endsWith(stream) || arn.contains(stream + "/consumer/"));
                context.cancel(streamTimer(incarnation));
                for (ConsumerInfo c : List.copyOf(consumersByArn.values())) {
                    if (c.streamIncarnation() == incarnation) {
                        consumersByArn.remove(c.arn(), c);
                        consumerTags.remove(c.arn());
                        context.cancel(consumerTimer(c.arn()));
                    }
                }
            }
            case RetentionChanged r -> put(s.withRetentionHours(r.hours()));
            case TagsSet t -> put(s.withTags(new TreeMap<>(t.tags())));
            case ShardMetricsSet m -> put(s.withShardLevelMetrics(new TreeSet<>(m.metrics())));
            case MaxRecordSizeChanged m -> put(s.withMaxRecordSizeKiB(m.kib()));
            case Resharded r -> put(s.withShards(reshard(s.shards(), r)));
            case ModeChanged m -> {
                put(s.withMode(m.mode()));
                modeSwitches.computeIfAbsent(incarnation, k -> new QuotaWindow(QUOTA_WINDOW_MS)).add(m.atMs());
                if (s.status() == StreamInfo.StreamStatus.UPDATING) {
                    // UpdateStreamMode records UPDATING, then the switch (main's switches came while ACTIVE:
                    // they stay immediate); the switch ends after the create delay
                    switchingMode.add(incarnation);
                    long activeAtMs = m.atMs() + createDelayMs;
                    context.schedule(streamTimer(incarnation), activeAtMs, new StreamStatusChanged(s.name(),
                            incarnation, StreamInfo.StreamStatus.ACTIVE.name(), activeAtMs, null));
                }
            }
            case ConsumerRegistered r -> {
                consumersByArn.put(r.arn(), new ConsumerInfo(r.consumer(), r.arn(), incarnation, s.name(),
                        ConsumerInfo.ConsumerStatus.CREATING, r.atMs()));
                lastConsumerArnSecond.merge(s.name() + "/" + r.consumer(), r.atMs() / 1000, Math::max);
                long activeAtMs = r.atMs() + consumerCreateDelayMs;
                context.schedule(consumerTimer(r.arn()), activeAtMs, new ConsumerStatusChanged(s.name(), incarnation,
                        r.arn(), ConsumerInfo.ConsumerStatus.ACTIVE.name(), activeAtMs));
            }
            case ConsumerStatusChanged cs -> {
                ConsumerInfo c = consumersByArn.get(cs.arn());
                if (c == null || c.streamIncarnation() != incarnation) {
                    return;
                }
                ConsumerInfo.ConsumerStatus status = ConsumerInfo.ConsumerStatus.valueOf(cs.status());
                consumersByArn.put(c.arn(), c.withStatus(status, cs.atMs()));
                String timer = consumerTimer(c.arn());
                switch (status) {
                    case CREATING -> context.schedule(timer, cs.atMs() + consumerCreateDelayMs,
                            new ConsumerStatusChanged(s.name(), incarnation, c.arn(),
                                    ConsumerInfo.ConsumerStatus.ACTIVE.name(), cs.atMs() + consumerCreateDelayMs));
                    case DELETING -> context.schedule(timer, cs.atMs() + deleteDelayMs,
                            new ConsumerDeleted(s.name(), incarnation, c.arn()));
                    case ACTIVE -> context.cancel(timer);
                }
            }
            case ConsumerDeleted cd -> {
                ConsumerInfo c = consumersByArn.get(cd.arn());
                if (c != null && c.streamIncarnation() == incarnation) {
                    consumersByArn.remove(c.arn(), c);
                    consumerTags.remove(c.arn());
                    resourcePolicies.remove(c.arn());
                    context.cancel(consumerTimer(c.arn()));
                }
            }
            case KinesisEvent.ResourcePolicySet p -> {
                if (p.policy() == null) {
                    resourcePolicies.remove(p.arn());
                } else {
                    resourcePolicies.put(p.arn(), p.policy());
                }
            }
            case AccountSettingsSet a -> throw new IllegalStateException("not a stream event: " + a);
            case StreamCreated c -> throw new IllegalStateException("not a stream event: " + c);
        }
    }

    /** Keeps the reshard the stream is now UPDATING for and schedules its cut-over's start. */
    private void startReshard(StreamInfo s, PendingReshard pending, EventContext<KinesisEvent> context) {
        pendingReshards.put(s.incarnation(), pending);
        long dueAtMs = pending.sinceMs() + reshardDelayMs;
        context.schedule(streamTimer(s.incarnation()), dueAtMs, new ReshardDue(s.name(), s.incarnation(), dueAtMs));
    }

    private static List<ShardInfo> reshard(List<ShardInfo> shards, Resharded r) {
        Map<Integer, KinesisEvent.ClosedShard> closing = new HashMap<>();
        r.closed().forEach(c -> closing.put(c.index(), c));
        List<ShardInfo> next = new ArrayList<>(shards.size() + r.opened().size());
        for (ShardInfo shard : shards) {
            KinesisEvent.ClosedShard c = closing.get(shard.index());
            next.add(c == null ? shard : shard.closed(r.atMs(), c.endingSequenceNumber(), c.endPosition()));
        }
        for (KinesisEvent.OpenedShard o : r.opened()) {
            next.add(ShardInfo.open(o.index(), new HashKeys.Range(new BigInteger(o.start()), new BigInteger(o.end())),
                    o.parent(), o.adjacentParent(), r.atMs()));
        }
        return List.copyOf(next);
    }

    private void put(StreamInfo s) {
        byName.put(s.name(), s);
        byIncarnation.put(s.incarnation(), s);
    }

    // ---- snapshots -----------------------------------------------------------------------------

    @Override
    public RegistrySnapshot snapshot() {
        Map<Long, List<Long>> modes = new TreeMap<>();
        modeSwitches.forEach((k, w) -> modes.put(k, w.times()));
        Map<Long, List<Long>> updates = new TreeMap<>();
        shardCountUpdates.forEach((k, w) -> updates.put(k, w.times()));
        return new RegistrySnapshot(lastIncarnation, accountSettings.deepCopy(),
                streams().stream().map(RegistrySnapshot.Stream::of).toList(),
                consumersByArn.values().stream().map(RegistrySnapshot.Consumer::of)
                        .sorted((a, b) -> a.arn().compareTo(b.arn())).toList(),
                new TreeMap<>(lastConsumerArnSecond), modes, updates, List.copyOf(new TreeSet<>(switchingMode)),
                new TreeMap<>(pendingReshards), new TreeMap<>(warmThroughputMiBps),
                new TreeMap<>(consumerTags), new TreeMap<>(resourcePolicies));
    }

    @Override
    public void restore(RegistrySnapshot snapshot) {
        byName.clear();
        byIncarnation.clear();
        consumersByArn.clear();
        lastConsumerArnSecond.clear();
        modeSwitches.clear();
        shardCountUpdates.clear();
        switchingMode.clear();
        switchingMode.addAll(snapshot.switchingMode());
        pendingReshards.clear();
        if (snapshot.pendingReshards() != null) { // snapshots taken before reshards took time have none
            pendingReshards.putAll(snapshot.pendingReshards());
        }
        consumerTags.clear();
        if (snapshot.consumerTags() != null) { // likewise
            consumerTags.putAll(snapshot.consumerTags());
        }
        warmThroughputMiBps.clear();
        if (snapshot.warmThroughputMiBps() != null) { // likewise
            warmThroughputMiBps.putAll(snapshot.warmThroughputMiBps());
        }
        resourcePolicies.clear();
        if (snapshot.resourcePolicies() != null) { // none in snapshots taken before resource policies
            resourcePolicies.putAll(snapshot.resourcePolicies());
        }
        lastIncarnation = snapshot.lastIncarnation();
        accountSettings = snapshot.accountSettings() == null ? JSON.objectNode() : snapshot.accountSettings().deepCopy();
        snapshot.streams().forEach(s -> put(s.info()));
        snapshot.consumers().forEach(c -> consumersByArn.put(c.arn(), c.info()));
        lastConsumerArnSecond.putAll(snapshot.lastConsumerArnSecond());
        snapshot.modeSwitchesMs().forEach((k, times) -> times.forEach(
                t -> modeSwitches.computeIfAbsent(k, x -> new QuotaWindow(QUOTA_WINDOW_MS)).add(t)));
        snapshot.shardCountUpdatesMs().forEach((k, times) -> times.forEach(
                t -> shardCountUpdates.computeIfAbsent(k, x -> new QuotaWindow(QUOTA_WINDOW_MS)).add(t)));
    }

    @Override
    public Class<RegistrySnapshot> snapshotType() {
        return RegistrySnapshot.class;
    }

    @Override
    public int snapshotVersion() {
        return RegistrySnapshot.VERSION;
    }
}
