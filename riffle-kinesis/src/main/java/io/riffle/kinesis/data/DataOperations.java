package io.riffle.kinesis.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.control.StorageFailures;
import io.riffle.kinesis.data.throttle.ThroughputLimiter;
import io.riffle.kinesis.metrics.KinesisMetrics;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.KinesisAttributes;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.SequenceNumber;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The record operations: PutRecord, PutRecords, GetShardIterator, GetRecords. Appends complete on
 * the storage commit thread; reads run on {@code readExecutor}, never on an event loop.
 */
public final class DataOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** GetRecords answers at most this many bytes, as Kinesis does. */
    static final long MAX_GET_RECORDS_BYTES = 10L * 1024 * 1024;
    static final long MAX_PUT_RECORDS_BYTES = 10L * 1024 * 1024;
    /** Writes refused by a shard that a reshard is closing are routed again, this often at most. */
    static final int MAX_REROUTES = 1000;
    static final long REROUTE_PAUSE_MS = 2;

    private final ControlPlane control;
    private final KinesisSettings settings;
    private final ShardIterators iterators;
    private final Executor readExecutor;
    private final ThroughputLimiter limiter; // throttle: per-shard throughput limits
    private final KinesisMetrics metrics;
    private final OpenShardLookup openShards = new OpenShardLookup();

    public DataOperations(ControlPlane control, ShardIterators iterators, Executor readExecutor) {
        this(control, iterators, readExecutor, ThroughputLimiter.disabled());
    }

    public DataOperations(ControlPlane control, ShardIterators iterators, Executor readExecutor,
                          ThroughputLimiter limiter) {
        this(control, iterators, readExecutor, limiter, KinesisMetrics.disabled());
    }

    public DataOperations(ControlPlane control, ShardIterators iterators, Executor readExecutor,
                          ThroughputLimiter limiter, KinesisMetrics metrics) {
        this.control = control;
        this.settings = control.settings();
        this.iterators = iterators;
        this.readExecutor = readExecutor;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new TreeMap<>();
        ops.put("PutRecord", this::putRecord);
        ops.put("PutRecords", this::putRecords);
        // may read storage (a timestamp seek, the first look at a shard after a restart): not on an event loop
        ops.put("GetShardIterator", r -> CompletableFuture.supplyAsync(() -> getShardIterator(r), readExecutor));
        ops.put("GetRecords", this::getRecords);
        return ops;
    }

    private interface Body {
        CompletableFuture<ObjectNode> run();
    }

    private static CompletableFuture<ObjectNode> guard(Body body) {
        try {
            return body.run();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The stream for a data call: it must exist and serve (CREATING and DELETING streams do not). */
    private StreamInfo servingStream(JsonNode r) {
        StreamInfo s = control.resolve(r);
        if (!s.isServing()) {
            throw control.notFound(s.name());
        }
        return s;
    }

    private ShardLog logOf(StreamInfo s, ShardInfo shard) {
        return control.store().get(ShardInfo.logId(s.incarnation(), shard.index()))
                .orElseThrow(() -> KinesisErrors.shardDoesNotExist(shard.shardId(), s.name(), settings.accountId()));
    }

    // ---- put -----------------------------------------------------------------------------------

    /** A record checked and routed: its hash key and the open shard that owns it. */
    private record Routed(ShardInfo shard, AppendRecord record, BigInteger hash) {
    }

    private Routed route(StreamInfo s, JsonNode entry, long nowMs) {
        byte[] data;
        try {
            data = entry.path("Data").binaryValue();
        } catch (IOException e) {
            throw KinesisError.SERIALIZATION.exception("Data is not a blob");
        }
        if (data == null) {
            data = new byte[0];
        }
        String partitionKey = entry.path("PartitionKey").asText();
        byte[] key = partitionKey.getBytes(StandardCharsets.UTF_8);
        long max = s.maxRecordSizeKiB() * 1024L;
        if (data.length + (long) key.length > max) {
            throw KinesisError.INVALID_ARGUMENT.exception("The record of " + (data.length + key.length)
                    + " bytes (data plus partition key) exceeds the maximum record size of " + max
                    + " bytes of stream " + s.name() + ".");
        }
        BigInteger hash;
        String explicit = null;
        if (entry.hasNonNull("ExplicitHashKey")) {
            String text = entry.path("ExplicitHashKey").asText();
            hash = HashKeys.parse(text);
            if (hash == null) {
                throw KinesisError.INVALID_ARGUMENT.exception("Invalid ExplicitHashKey. ExplicitHashKey must be in "
                        + "the range: [0, 2^128-1]. Specified value was " + text);
            }
            explicit = text;
        } else {
            hash = HashKeys.ofPartitionKey(partitionKey);
        }
        return new Routed(openShardOwning(s, hash), AppendRecord.of(key, KinesisAttributes.of(explicit), data, nowMs), hash);
    }

    private ShardInfo openShardOwning(StreamInfo s, BigInteger hash) {
        ShardInfo shard = openShards.owning(s, hash);
        if (shard != null) {
            return shard;
        }
        throw KinesisError.INTERNAL_FAILURE.exception("no open shard of " + s.name() + " owns hash key " + hash);
    }

    private CompletableFuture<ObjectNode> putRecord(ObjectNode r) {
        return guard(() -> {
            StreamInfo s = servingStream(r);
            if (r.hasNonNull("SequenceNumberForOrdering") && !SequenceNumbers.isWellFormed(r.path("SequenceNumberForOrdering").asText())) {
                throw KinesisErrors.invalidSequenceNumberForOrdering(r.path("SequenceNumberForOrdering").asText(),
                        s.name(), settings.accountId());
            }
            return putRecordOnce(r, s, 0);
        });
    }

    /** One try; a shard fenced by a reshard is retried against the stream's new shards. */
    private CompletableFuture<ObjectNode> putRecordOnce(ObjectNode r, StreamInfo s, int attempt) {
        Routed routed = route(s, r, control.nowMs());
        // throttle: judged once, on the first try (a reroute after a reshard is not a new write)
        if (attempt == 0 && !limiter.admitWrite(s.incarnation(), routed.shard().index(), 1,
                routed.record().data().remaining() + routed.record().key().remaining())) {
            metrics.stream(s.name()).writeThrottled(1);
            throw KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.exception(
                    KinesisErrors.writeRateExceeded(routed.shard().shardId(), s.name(), settings.accountId()));
        }
        return logOf(s, routed.shard()).append(List.of(routed.record())).thenCompose(result -> {
            if (result.status() == AppendResult.Status.FENCED && attempt < MAX_REROUTES) {
                return afterReshardPause().thenCompose(x -> guard(() -> putRecordOnce(r, servingStream(r), attempt + 1)));
            }
            checkAppended(result);
            control.wakeups().signal(s.incarnation(), routed.shard().index());
            control.traffic().record(s.incarnation(), routed.shard().index(), 1,
                    routed.record().data().remaining() + routed.record().key().remaining());
            KinesisMetrics.Stream counted = metrics.stream(s.name());
            counted.stored(1, routed.record().data().remaining() + routed.record().key().remaining());
            counted.putRecordCall();
            return CompletableFuture.completedFuture(JSON.objectNode().put("ShardId", routed.shard().shardId())
                    .put("SequenceNumber", sequenceNumber(s, routed.shard(), result, 0))
                    .put("EncryptionType", "NONE"));
        });
    }

    /** A reshard's cut-over takes milliseconds: wait a little before routing again. */
    private static CompletableFuture<Void> afterReshardPause() {
        return CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(REROUTE_PAUSE_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private static String sequenceNumber(StreamInfo s, ShardInfo shard, AppendResult r, int offset) {
        return new SequenceNumber(s.incarnation(), shard.index(), r.writerEpoch(), r.firstPosition() + offset).format();
    }

    private static void checkAppended(AppendResult r) {
        if (!r.isOk()) {
            throw appendFailure(r);
        }
    }

    /** A retryable 5xx that says why (see {@link StorageFailures}); PutRecords' entries carry its message. */
    private static KinesisException appendFailure(AppendResult r) {
        return StorageFailures.of(r, "The record was not stored");
    }

    private CompletableFuture<ObjectNode> putRecords(ObjectNode r) {
        return guard(() -> {
            StreamInfo s = servingStream(r);
            JsonNode entries = r.path("Records");
            long now = control.nowMs();
            long total = 0;
            List<Routed> routed = new ArrayList<>(entries.size());
            for (JsonNode entry : entries) {
                Routed one = route(s, entry, now);
                total += one.record().data().remaining() + one.record().key().remaining();
                routed.add(one);
            }
            if (total > MAX_PUT_RECORDS_BYTES) {
                throw KinesisError.INVALID_ARGUMENT.exception("Records size exceeds 10 MB limit");
            }
            ObjectNode[] results = new ObjectNode[routed.size()];
            List<Integer> all = new ArrayList<>(routed.size());
            int throttled = 0;
            for (int i = 0; i < routed.size(); i++) {
                // throttle: each entry in request order; a refused one fails alone, the others go in
                Routed one = routed.get(i);
                if (limiter.admitWrite(s.incarnation(), one.shard().index(), 1,
                        one.record().data().remaining() + one.record().key().remaining())) {
                    all.add(i);
                } else {
                    throttled++;
                    results[i] = JSON.objectNode().put("ErrorCode", KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.type())
                            .put("ErrorMessage", KinesisErrors.writeRateExceeded(one.shard().shardId(), s.name(),
                                    settings.accountId()));
                }
            }
            if (throttled > 0) {
                metrics.stream(s.name()).writeThrottled(throttled);
            }
            return putEntries(r, s, routed, all, results, 0).thenApply(done -> {
                metrics.stream(s.name()).putRecordsCall();
                ObjectNode out = JSON.objectNode();
                int failed = 0;
                ArrayNode list = out.putArray("Records");
                for (ObjectNode e : results) {
                    if (e.has("ErrorCode")) {
                        failed++;
                    }
                    list.add(e);
                }
                out.put("FailedRecordCount", failed);
                out.put("EncryptionType", "NONE");
                return out;
            });
        });
    }

    /**
     * Appends the given entries, one append per shard in request order; entries refused by a
     * shard that a reshard fenced are routed again to the stream's current shards.
     */
    private CompletableFuture<Void> putEntries(ObjectNode r, StreamInfo s, List<Routed> routed, List<Integer> which,
                                               ObjectNode[] results, int attempt) {
        Map<ShardInfo, List<Integer>> byShard = new LinkedHashMap<>();
        for (int i : which) {
            byShard.computeIfAbsent(routed.get(i).shard(), k -> new ArrayList<>()).add(i);
        }
        List<Integer> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (Map.Entry<ShardInfo, List<Integer>> group : byShard.entrySet()) {
            ShardInfo shard = group.getKey();
            List<Integer> indexes = group.getValue();
            List<AppendRecord> records = new ArrayList<>(indexes.size());
            indexes.forEach(i -> records.add(routed.get(i).record()));
            appends.add(logOf(s, shard).append(records).thenAccept(result -> {
                if (result.status() == AppendResult.Status.FENCED && attempt < MAX_REROUTES) {
                    refused.addAll(indexes);
                    return;
                }
                if (result.isOk()) {
                    control.wakeups().signal(s.incarnation(), shard.index());
                    long bytes = 0;
                    for (AppendRecord rec : records) {
                        bytes += rec.data().remaining() + rec.key().remaining();
                    }
                    control.traffic().record(s.incarnation(), shard.index(), records.size(), bytes);
                    metrics.stream(s.name()).stored(records.size(), bytes);
                }
                for (int k = 0; k < indexes.size(); k++) {
                    ObjectNode e = JSON.objectNode();
                    if (result.isOk()) {
                        e.put("SequenceNumber", sequenceNumber(s, shard, result, k)).put("ShardId", shard.shardId());
                    } else {
                        // the model allows an entry only ProvisionedThroughputExceededException or InternalFailure
                        e.put("ErrorCode", "InternalFailure").put("ErrorMessage", appendFailure(result).getMessage());
                    }
                    results[indexes.get(k)] = e;
                }
            }));
        }
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            if (refused.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            List<Integer> again = new ArrayList<>(refused);
            java.util.Collections.sort(again); // keep request order per partition key
            return afterReshardPause().thenCompose(x -> {
                StreamInfo now = servingStream(r);
                List<Routed> rerouted = new ArrayList<>(routed);
                for (int i : again) {
                    rerouted.set(i, routeAgain(now, routed.get(i)));
                }
                return putEntries(r, now, rerouted, again, results, attempt + 1);
            });
        });
    }

    /** The same record, sent to the open shard that now owns its hash key. */
    private Routed routeAgain(StreamInfo s, Routed previous) {
        return new Routed(openShardOwning(s, previous.hash()), previous.record(), previous.hash());
    }

    // ---- iterators and reads -------------------------------------------------------------------

    private ObjectNode getShardIterator(ObjectNode r) {
        StreamInfo s = servingStream(r);
        String shardId = r.path("ShardId").asText();
        int index = ShardInfo.parseShardId(shardId);
        ShardInfo shard = index < 0 ? null : s.shard(index);
        if (shard == null) {
            throw KinesisErrors.shardDoesNotExist(shardId, s.name(), settings.accountId());
        }
        ShardLog log = logOf(s, shard);
        long position = StartingPositions.resolve(s, shard, log, r.path("ShardIteratorType").asText(),
                r.hasNonNull("StartingSequenceNumber") ? r.path("StartingSequenceNumber").asText() : null,
                r.hasNonNull("Timestamp") ? r.path("Timestamp").asLong() : null, control.nowMs(),
                settings.accountId(), "GetShardIterator");
        String iterator = iterators.encode(new ShardIterators.Position(s.incarnation(), shard.index(), position,
                control.nowMs(), s.name()));
        return JSON.objectNode().put("ShardIterator", iterator);
    }

    private CompletableFuture<ObjectNode> getRecords(ObjectNode r) {
        return guard(() -> {
            String text = r.path("ShardIterator").asText();
            ShardIterators.Position it = iterators.decode(text);
            if (it == null) {
                throw KinesisError.INVALID_ARGUMENT.exception("Invalid ShardIterator.");
            }
            long now = control.nowMs();
            if (now - it.issuedAtMs() > settings.iteratorTtlMs()) {
                throw KinesisErrors.expiredIterator(it.issuedAtMs(), now, settings.iteratorTtlMs());
            }
            StreamInfo s = control.registry().byIncarnation(it.incarnation());
            ShardInfo shard = s == null ? null : s.shard(it.shardIndex());
            if (s == null || shard == null || !s.isServing()) {
                throw KinesisErrors.shardDoesNotExist(ShardInfo.shardId(it.shardIndex()),
                        s != null ? s.name() : it.streamName() != null ? it.streamName() : "(deleted)", settings.accountId());
            }
            ShardLog log = logOf(s, shard);
            if (!limiter.admitReadCall(s.incarnation(), shard.index())) { // throttle
                metrics.stream(s.name()).readThrottled();
                throw KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.exception(
                        KinesisErrors.readRateExceeded(settings.accountId(), s.name(), shard.shardId()));
            }
            int limit = r.path("Limit").asInt(10_000);
            return CompletableFuture.supplyAsync(() -> read(s, shard, log, it.position(), limit), readExecutor);
        });
    }

    private ObjectNode read(StreamInfo s, ShardInfo shard, ShardLog log, long position, int limit) {
        ReadResult result = ShardReads.read(s, shard, log, position, limit, MAX_GET_RECORDS_BYTES);
        long bytes = ThroughputLimiter.sizeOf(result.records());
        limiter.chargeRead(s.incarnation(), shard.index(), bytes); // throttle
        metrics.stream(s.name()).read(result.records().size(), bytes);
        ObjectNode out = JSON.objectNode();
        ShardReads.putRecords(out, s, shard, result.records());
        long next = result.nextPosition();
        if (ShardReads.isAtClosedEnd(shard, next)) {
            // the end of a closed shard: no next iterator; the children to continue with
            out.set("ChildShards", ShardReads.childShards(s, shard));
            out.put("MillisBehindLatest", 0);
            return out;
        }
        out.put("NextShardIterator", iterators.encode(new ShardIterators.Position(s.incarnation(), shard.index(),
                next, control.nowMs(), s.name())));
        out.put("MillisBehindLatest", ShardReads.millisBehindLatest(log, next, result.records()));
        return out;
    }
}
