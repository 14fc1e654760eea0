package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control plane's state: a pure state machine over metadata events. Replaying the metadata
 * log through {@link #apply} rebuilds it; the control thread is the only writer, any thread may
 * read (values are immutable {@link StreamInfo}s and {@link ConsumerInfo}s in concurrent maps).
 *
 * <p>Events are JSON objects with a {@code type}: {@code create}, {@code status}, {@code deleted},
 * {@code retention}, {@code tags}, {@code metrics}, {@code maxRecordSize}, {@code mode}, {@code reshard},
 * {@code account}; and for stream consumers {@code consumer} (registered), {@code consumerStatus} and
 * {@code consumerDeleted}. Every event but {@code account} names a stream incarnation; one whose
 * incarnation is gone is ignored, and deleting a stream drops its consumers.
 */
public final class StreamRegistry {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, StreamInfo> byName = new ConcurrentHashMap<>();
    private final Map<Long, StreamInfo> byIncarnation = new ConcurrentHashMap<>();
    private volatile long lastIncarnation;
    private volatile ObjectNode accountSettings = JSON.objectNode();
    private final Map<String, ConsumerInfo> consumersByArn = new ConcurrentHashMap<>();
    /** Per "stream/consumer" name: the creation second in the newest ARN given out, so none is given twice. */
    private final Map<String, Long> lastConsumerArnSecond = new ConcurrentHashMap<>();
    /**
     * Per stream incarnation, when its capacity mode switched and when UpdateShardCount began, over
     * the last {@link #QUOTA_WINDOW_MS} (by event time): the daily quotas, rebuilt by replay so a
     * restart does not reset them. Written on the control thread (apply), read there too.
     */
    private final Map<Long, QuotaWindow> modeSwitches = new ConcurrentHashMap<>();
    private final Map<Long, QuotaWindow> shardCountUpdates = new ConcurrentHashMap<>();
    /** The rolling window of Kinesis's per-day quotas. */
    public static final long QUOTA_WINDOW_MS = 24 * 3_600_000L;
    /** The status event field that marks an UPDATING caused by UpdateShardCount (its target). */
    private static final String UPDATE_SHARD_COUNT = "updateShardCount";

    /** Forgets everything, before a replay. */
    void reset() {
        byName.clear();
        byIncarnation.clear();
        consumersByArn.clear();
        lastConsumerArnSecond.clear();
        accountSettings = JSON.objectNode();
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

    public Optional<ConsumerInfo> consumer(long streamIncarnation, String consumerName) {
        return consumers(streamIncarnation).stream().filter(c -> c.name().equals(consumerName)).findFirst();
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

    /** Event times in a rolling window, oldest first; entries older than the window are dropped as new ones come. */
    private static final class QuotaWindow {
        private final java.util.ArrayDeque<Long> timesMs = new java.util.ArrayDeque<>();

        synchronized void add(long atMs) {
            timesMs.addLast(atMs);
            while (!timesMs.isEmpty() && timesMs.peekFirst() < atMs - QUOTA_WINDOW_MS) {
                timesMs.pollFirst();
            }
        }

        synchronized int countSince(long sinceMs) {
            int n = 0;
            for (long t : timesMs) {
                if (t >= sinceMs) {
                    n++;
                }
            }
            return n;
        }
    }

    // ---- events ------------------------------------------------------------------------------

    public static ObjectNode createEvent(String name, long incarnation, String mode, int shardCount, long atMs,
                                         int retentionHours, int maxRecordSizeKiB) {
        return JSON.objectNode().put("type", "create").put("name", name).put("incarnation", incarnation)
                .put("mode", mode).put("shardCount", shardCount).put("atMs", atMs)
                .put("retentionHours", retentionHours).put("maxRecordSizeKiB", maxRecordSizeKiB);
    }

    public static ObjectNode statusEvent(StreamInfo s, StreamInfo.StreamStatus status, long atMs) {
        return base("status", s).put("status", status.name()).put("atMs", atMs);
    }

    /**
     * The UPDATING status event of an UpdateShardCount call: it counts against the stream's daily
     * UpdateShardCount quota (older logs lack the field, so their calls do not count).
     */
    public static ObjectNode updateShardCountEvent(StreamInfo s, int targetShardCount, long atMs) {
        return statusEvent(s, StreamInfo.StreamStatus.UPDATING, atMs).put(UPDATE_SHARD_COUNT, targetShardCount);
    }

    public static ObjectNode deletedEvent(StreamInfo s) {
        return base("deleted", s);
    }

    public static ObjectNode retentionEvent(StreamInfo s, int hours) {
        return base("retention", s).put("hours", hours);
    }

    public static ObjectNode tagsEvent(StreamInfo s, Map<String, String> tags) {
        ObjectNode e = base("tags", s);
        ObjectNode t = e.putObject("tags");
        tags.forEach(t::put);
        return e;
    }

    public static ObjectNode metricsEvent(StreamInfo s, Set<String> metrics) {
        ObjectNode e = base("metrics", s);
        metrics.forEach(e.putArray("metrics")::add);
        return e;
    }

    public static ObjectNode modeEvent(StreamInfo s, String mode, long atMs) {
        return base("mode", s).put("mode", mode).put("atMs", atMs);
    }

    public static ObjectNode maxRecordSizeEvent(StreamInfo s, int kib) {
        return base("maxRecordSize", s).put("kib", kib);
    }

    public static ObjectNode accountEvent(ObjectNode settings) {
        ObjectNode e = JSON.objectNode().put("type", "account");
        e.set("settings", settings);
        return e;
    }

    public static ObjectNode consumerEvent(StreamInfo s, String consumerName, String consumerArn, long atMs) {
        return base("consumer", s).put("consumer", consumerName).put("arn", consumerArn).put("atMs", atMs);
    }

    public static ObjectNode consumerStatusEvent(ConsumerInfo c, ConsumerInfo.ConsumerStatus status, long atMs) {
        return consumerBase("consumerStatus", c).put("status", status.name()).put("atMs", atMs);
    }

    public static ObjectNode consumerDeletedEvent(ConsumerInfo c) {
        return consumerBase("consumerDeleted", c);
    }

    private static ObjectNode consumerBase(String type, ConsumerInfo c) {
        return JSON.objectNode().put("type", type).put("name", c.streamName()).put("incarnation", c.streamIncarnation())
                .put("arn", c.arn());
    }

    private static ObjectNode base(String type, StreamInfo s) {
        return JSON.objectNode().put("type", type).put("name", s.name()).put("incarnation", s.incarnation());
    }

    /** Applies one event. Events for a stream incarnation that no longer exists are ignored. */
    public void apply(JsonNode e) {
        String type = e.path("type").asText();
        if (type.equals("account")) {
            accountSettings = (ObjectNode) e.path("settings").deepCopy();
            return;
        }
        String name = e.path("name").asText();
        long incarnation = e.path("incarnation").asLong();
        if (type.equals("create")) {
            int count = e.path("shardCount").asInt();
            List<ShardInfo> shards = new ArrayList<>(count);
            List<HashKeys.Range> ranges = HashKeys.split(count);
            for (int i = 0; i < count; i++) {
                shards.add(ShardInfo.open(i, ranges.get(i), null, null, e.path("atMs").asLong()));
            }
            long at = e.path("atMs").asLong();
            put(new StreamInfo(name, incarnation, StreamInfo.StreamStatus.CREATING, at, e.path("mode").asText(), at,
                    e.path("retentionHours").asInt(), List.copyOf(shards), Map.of(), Set.of(),
                    e.path("maxRecordSizeKiB").asInt()));
            lastIncarnation = Math.max(lastIncarnation, incarnation);
            return;
        }
        StreamInfo s = byName.get(name);
        if (s == null || s.incarnation() != incarnation) {
            return;
        }
        switch (type) {
            case "status" -> {
                put(s.withStatus(StreamInfo.StreamStatus.valueOf(e.path("status").asText()), e.path("atMs").asLong()));
                if (e.has(UPDATE_SHARD_COUNT)) {
                    shardCountUpdates.computeIfAbsent(incarnation, k -> new QuotaWindow()).add(e.path("atMs").asLong());
                }
            }
            case "deleted" -> {
                modeSwitches.remove(incarnation);
                shardCountUpdates.remove(incarnation);
                byName.remove(name, s);
                byIncarnation.remove(incarnation, s);
                consumersByArn.values().removeIf(c -> c.streamIncarnation() == incarnation);
            }
            case "retention" -> put(s.withRetentionHours(e.path("hours").asInt()));
            case "tags" -> {
                Map<String, String> tags = new TreeMap<>();
                e.path("tags").fields().forEachRemaining(f -> tags.put(f.getKey(), f.getValue().asText()));
                put(s.withTags(tags));
            }
            case "metrics" -> {
                Set<String> metrics = new TreeSet<>();
                e.path("metrics").forEach(m -> metrics.add(m.asText()));
                put(s.withShardLevelMetrics(metrics));
            }
            case "maxRecordSize" -> put(s.withMaxRecordSizeKiB(e.path("kib").asInt()));
            case "reshard" -> put(s.withShards(reshard(s.shards(), e)));
            case "mode" -> {
                put(s.withMode(e.path("mode").asText()));
                modeSwitches.computeIfAbsent(incarnation, k -> new QuotaWindow()).add(e.path("atMs").asLong());
            }
            case "consumer" -> {
                long at = e.path("atMs").asLong();
                String consumerName = e.path("consumer").asText();
                consumersByArn.put(e.path("arn").asText(), new ConsumerInfo(consumerName, e.path("arn").asText(),
                        incarnation, name, ConsumerInfo.ConsumerStatus.CREATING, at));
                lastConsumerArnSecond.merge(name + "/" + consumerName, at / 1000, Math::max);
            }
            case "consumerStatus" -> {
                ConsumerInfo c = consumersByArn.get(e.path("arn").asText());
                if (c != null && c.streamIncarnation() == incarnation) {
                    consumersByArn.put(c.arn(), c.withStatus(
                            ConsumerInfo.ConsumerStatus.valueOf(e.path("status").asText()), e.path("atMs").asLong()));
                }
            }
            case "consumerDeleted" -> {
                ConsumerInfo c = consumersByArn.get(e.path("arn").asText());
                if (c != null && c.streamIncarnation() == incarnation) {
                    consumersByArn.remove(c.arn(), c);
                }
            }
            default -> throw new IllegalArgumentException("unknown metadata event type '" + type + "'");
        }
    }

    /**
     * A reshard event: {@code closed} lists {index, endingSequenceNumber, endPosition} of shards
     * that close; {@code opened} lists {index, start, end, parent, adjacentParent} of new shards.
     */
    public static ObjectNode reshardEvent(StreamInfo s, long atMs, List<ShardInfo> closed, List<ShardInfo> opened) {
        ObjectNode e = base("reshard", s).put("atMs", atMs);
        var closedList = e.putArray("closed");
        for (ShardInfo c : closed) {
            closedList.addObject().put("index", c.index()).put("endingSequenceNumber", c.endingSequenceNumber())
                    .put("endPosition", c.endPosition());
        }
        var openedList = e.putArray("opened");
        for (ShardInfo o : opened) {
            ObjectNode j = openedList.addObject().put("index", o.index())
                    .put("start", o.range().start().toString()).put("end", o.range().end().toString());
            if (o.parentShardId() != null) {
                j.put("parent", o.parentShardId());
            }
            if (o.adjacentParentShardId() != null) {
                j.put("adjacentParent", o.adjacentParentShardId());
            }
        }
        return e;
    }

    private static List<ShardInfo> reshard(List<ShardInfo> shards, JsonNode e) {
        long at = e.path("atMs").asLong();
        Map<Integer, JsonNode> closing = new java.util.HashMap<>();
        e.path("closed").forEach(c -> closing.put(c.path("index").asInt(), c));
        List<ShardInfo> next = new ArrayList<>(shards.size() + e.path("opened").size());
        for (ShardInfo shard : shards) {
            JsonNode c = closing.get(shard.index());
            next.add(c == null ? shard : shard.closed(at, c.path("endingSequenceNumber").asText(),
                    c.path("endPosition").asLong()));
        }
        for (JsonNode o : e.path("opened")) {
            next.add(ShardInfo.open(o.path("index").asInt(), new HashKeys.Range(
                    new java.math.BigInteger(o.path("start").asText()), new java.math.BigInteger(o.path("end").asText())),
                    o.path("parent").asText(null), o.path("adjacentParent").asText(null), at));
        }
        return List.copyOf(next);
    }

    private void put(StreamInfo s) {
        byName.put(s.name(), s);
        byIncarnation.put(s.incarnation(), s);
    }
}
