package io.riffle.kinesis.data;

import io.riffle.aws.wire.Blob;
import io.riffle.kinesis.api.GetRecordsInput;
import io.riffle.kinesis.api.GetRecordsOutput;
import io.riffle.kinesis.api.GetShardIteratorInput;
import io.riffle.kinesis.api.GetShardIteratorOutput;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.PutRecordInput;
import io.riffle.kinesis.api.PutRecordOutput;
import io.riffle.kinesis.api.PutRecordsInput;
import io.riffle.kinesis.api.PutRecordsOutput;
import io.riffle.kinesis.api.PutRecordsRequestEntry;
import io.riffle.kinesis.api.PutRecordsResultEntry;
import io.riffle.kinesis.control.ControlPlane;
import io.riffle.kinesis.control.StorageFailures;
import io.riffle.kinesis.data.throttle.ThroughputLimiter;
import io.riffle.kinesis.metrics.KinesisMetrics;
import io.riffle.kinesis.model.HashKey;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.KinesisAttributes;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.RecordNumberDigits;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardIds;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.EncodedResponse;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.kinesis.protocol.Registration;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.RecordPayload;
import io.riffle.storage.AppendResult;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The record operations: PutRecord, PutRecords, GetShardIterator, GetRecords. Appends complete on
 * the storage commit thread; reads run on {@code readExecutor}, never on an event loop.
 */
public final class DataOperations {
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

    public List<Registration<?, ?>> operations() {
        return List.of(
                Registration.of(KinesisOperations.PUT_RECORD, this::putRecord),
                Registration.of(KinesisOperations.PUT_RECORDS, this::putRecords),
                // may read storage (a timestamp seek, the first look at a shard after a restart): not on an event loop
                Registration.of(KinesisOperations.GET_SHARD_ITERATOR,
                        r -> CompletableFuture.supplyAsync(() -> getShardIterator(r), readExecutor)),
                Registration.encoding(KinesisOperations.GET_RECORDS, this::getRecords));
    }

    private static <T> CompletableFuture<T> guard(java.util.function.Supplier<CompletableFuture<T>> body) {
        return Operation.guarded(body);
    }

    /** The stream for a data call: it must exist and serve (CREATING and DELETING streams do not). */
    private StreamInfo servingStream(String streamName, String streamArn) {
        StreamInfo s = control.resolve(streamName, streamArn);
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
    private record Routed(ShardInfo shard, AppendRecord record, HashKey hash) {
    }

    /**
     * Checks and routes one record. The data is the blob itself (the request body's byte string, or its base64
     * text, decoded by the batch encode), so the batch encode is its first copy.
     */
    private Routed route(StreamInfo s, Blob blob, String partitionKey, String explicitHashKey, long nowMs) {
        RecordPayload data = BlobPayload.of(blob);
        byte[] key = partitionKey.getBytes(StandardCharsets.UTF_8);
        long max = s.maxRecordSizeKiB() * 1024L;
        if (data.sizeBytes() + (long) key.length > max) {
            throw KinesisError.INVALID_ARGUMENT.exception("The record of " + (data.sizeBytes() + key.length)
                    + " bytes (data plus partition key) exceeds the maximum record size of " + max
                    + " bytes of stream " + s.name() + ".");
        }
        HashKey hash;
        String explicit = null;
        if (explicitHashKey != null) {
            String text = explicitHashKey;
            BigInteger parsed = HashKeys.parse(text);
            if (parsed == null) {
                throw KinesisError.INVALID_ARGUMENT.exception("Invalid ExplicitHashKey. ExplicitHashKey must be in "
                        + "the range: [0, 2^128-1]. Specified value was " + text);
            }
            hash = HashKey.of(parsed);
            explicit = text;
        } else {
            hash = HashKeys.keyOfPartitionKey(key);
        }
        return new Routed(openShardOwning(s, hash), new AppendRecord(ByteBuffer.wrap(key), KinesisAttributes.of(explicit), data, nowMs),
                hash);
    }

    private ShardInfo openShardOwning(StreamInfo s, HashKey hash) {
        ShardInfo shard = openShards.owning(s, hash);
        if (shard != null) {
            return shard;
        }
        throw KinesisError.INTERNAL_FAILURE.exception("no open shard of " + s.name() + " owns hash key " + hash);
    }

    /** PutRecord from inside the node ({@link LocalStreamSink}): the API's checks, limits and metrics, no HTTP. */
    CompletableFuture<PutRecordOutput> putRecordFromNode(PutRecordInput r) {
        return putRecord(r);
    }

    private CompletableFuture<PutRecordOutput> putRecord(PutRecordInput r) {
        return guard(() -> {
            StreamInfo s = servingStream(r.streamName(), r.streamARN());
            if (r.sequenceNumberForOrdering() != null && !SequenceNumbers.isWellFormed(r.sequenceNumberForOrdering())) {
                throw KinesisErrors.invalidSequenceNumberForOrdering(r.sequenceNumberForOrdering(),
                        s.name(), settings.accountId());
            }
            return putRecordOnce(r, s, 0, System.nanoTime());
        });
    }

    /** One try; a shard fenced by a reshard is retried against the stream's new shards. */
    private CompletableFuture<PutRecordOutput> putRecordOnce(PutRecordInput r, StreamInfo s, int attempt, long startNanos) {
        Routed routed = route(s, r.data(), r.partitionKey(), r.explicitHashKey(), control.nowMs());
        // throttle: judged once, on the first try (a reroute after a reshard is not a new write)
        if (attempt == 0 && !limiter.admitWrite(s.incarnation(), routed.shard().index(), 1,
                routed.record().data().sizeBytes() + routed.record().key().remaining())) {
            metrics.stream(s.name()).writeThrottled(1);
            metrics.shards().writeThrottled(s, routed.shard().shardId(), 1);
            throw KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.exception(
                    KinesisErrors.writeRateExceeded(routed.shard().shardId(), s.name(), settings.accountId()));
        }
        return logOf(s, routed.shard()).append(List.of(routed.record())).thenCompose(result -> {
            if (result.status() == AppendResult.Status.FENCED && attempt < MAX_REROUTES) {
                return afterReshardPause().thenCompose(x -> guard(() -> putRecordOnce(r,
                        servingStream(r.streamName(), r.streamARN()), attempt + 1, startNanos)));
            }
            checkAppended(result);
            control.traffic().record(s.incarnation(), routed.shard().index(), 1,
                    routed.record().data().sizeBytes() + routed.record().key().remaining());
            KinesisMetrics.Stream counted = metrics.stream(s.name());
            long bytes = routed.record().data().sizeBytes() + routed.record().key().remaining();
            counted.stored(1, bytes);
            metrics.shards().stored(s, routed.shard().shardId(), 1, bytes);
            counted.putRecordCall(bytes, startNanos);
            return CompletableFuture.completedFuture(new PutRecordOutput(routed.shard().shardId(),
                    SequenceNumbers.ofRecord(s, routed.shard(), result.writerEpoch(), result.firstPosition(),
                            result.firstTimestampMs()), "NONE"));
        });
    }

    /** A reshard's cut-over takes milliseconds: wait a little before routing again. */
    private static CompletableFuture<Void> afterReshardPause() {
        return CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(REROUTE_PAUSE_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
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

    private CompletableFuture<PutRecordsOutput> putRecords(PutRecordsInput r) {
        long startNanos = System.nanoTime();
        return guard(() -> {
            StreamInfo s = servingStream(r.streamName(), r.streamARN());
            List<PutRecordsRequestEntry> entries = r.records();
            long now = control.nowMs();
            long total = 0;
            List<Routed> routed = new ArrayList<>(entries.size());
            for (PutRecordsRequestEntry entry : entries) {
                Routed one = route(s, entry.data(), entry.partitionKey(), entry.explicitHashKey(), now);
                total += one.record().data().sizeBytes() + one.record().key().remaining();
                routed.add(one);
            }
            if (total > MAX_PUT_RECORDS_BYTES) {
                throw KinesisError.INVALID_ARGUMENT.exception("Records size exceeds 10 MB limit");
            }
            PutRecordsResultEntry[] results = new PutRecordsResultEntry[routed.size()];
            List<Integer> all = new ArrayList<>(routed.size());
            int throttled = 0;
            for (int i = 0; i < routed.size(); i++) {
                // throttle: each entry in request order; a refused one fails alone, the others go in
                Routed one = routed.get(i);
                if (limiter.admitWrite(s.incarnation(), one.shard().index(), 1,
                        one.record().data().sizeBytes() + one.record().key().remaining())) {
                    all.add(i);
                } else {
                    throttled++;
                    metrics.shards().writeThrottled(s, one.shard().shardId(), 1);
                    results[i] = new PutRecordsResultEntry(null, null, KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.type(),
                            KinesisErrors.writeRateExceeded(one.shard().shardId(), s.name(), settings.accountId()));
                }
            }
            if (throttled > 0) {
                metrics.stream(s.name()).writeThrottled(throttled);
            }
            int throttledEntries = throttled;
            long requestBytes = total;
            return putEntries(r, s, routed, all, results, 0).thenApply(done -> {
                int failed = 0;
                for (PutRecordsResultEntry e : results) {
                    if (e.errorCode() != null) {
                        failed++;
                    }
                }
                metrics.stream(s.name()).putRecordsCall(results.length - failed, failed - throttledEntries,
                        throttledEntries, requestBytes, startNanos);
                return new PutRecordsOutput(failed, List.of(results), "NONE");
            });
        });
    }

    /**
     * Appends the given entries, one append per shard in request order; entries refused by a
     * shard that a reshard fenced are routed again to the stream's current shards.
     */
    private CompletableFuture<Void> putEntries(PutRecordsInput r, StreamInfo s, List<Routed> routed, List<Integer> which,
                                               PutRecordsResultEntry[] results, int attempt) {
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
                    long bytes = 0;
                    for (AppendRecord rec : records) {
                        bytes += rec.data().sizeBytes() + rec.key().remaining();
                    }
                    control.traffic().record(s.incarnation(), shard.index(), records.size(), bytes);
                    metrics.stream(s.name()).stored(records.size(), bytes);
                    metrics.shards().stored(s, shard.shardId(), records.size(), bytes);
                }
                long arrivalMs = result.firstTimestampMs();
                String shardId = shard.shardId();
                // the group's numbers follow each other: digits by addition, not a 192-bit division per record
                RecordNumberDigits numbers = result.isOk() ? new RecordNumberDigits(s, shard) : null;
                for (int k = 0; k < indexes.size(); k++) {
                    // the model allows an entry only ProvisionedThroughputExceededException or InternalFailure
                    if (result.isOk()) {
                        // the time storage kept for this record, which GetRecords reports and its number encodes
                        arrivalMs = AppendResult.storedTimestampMs(arrivalMs, records.get(k).arrivalTimestampMs());
                        numbers.write(result.writerEpoch(), result.firstPosition() + k, arrivalMs);
                        results[indexes.get(k)] = new PutRecordsResultEntry(numbers.text(), shardId, null, null);
                    } else {
                        results[indexes.get(k)] = new PutRecordsResultEntry(null, null, "InternalFailure",
                                appendFailure(result).getMessage());
                    }
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
                StreamInfo now = servingStream(r.streamName(), r.streamARN());
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

    private GetShardIteratorOutput getShardIterator(GetShardIteratorInput r) {
        // Kinesis' order (kinesalite's recorded answers): text naming no shard index is "Could not find
        // shard <text>"; then a missing stream or shard is "Shard <full id> ... does not exist"; then the
        // iterator type and starting sequence number are checked against each other
        String streamName = control.streamNameIn(r.streamName(), r.streamARN());
        String shardId = r.shardId();
        int index = ShardIds.resolve(shardId);
        if (index < 0) {
            throw KinesisErrors.shardNotFound(shardId, streamName, settings.accountId());
        }
        StreamInfo s = control.registry().byName(streamName);
        if (s != null && !s.isServing()) {
            throw control.notFound(s.name());
        }
        ShardInfo shard = s == null ? null : s.shard(index);
        if (shard == null) {
            throw KinesisErrors.shardDoesNotExist(ShardInfo.shardId(index), streamName, settings.accountId());
        }
        checkIteratorType(r.shardIteratorTypeAsString(), r.startingSequenceNumber());
        ShardLog log = logOf(s, shard);
        long position = StartingPositions.resolve(s, shard, log, r.shardIteratorTypeAsString(),
                r.startingSequenceNumber(), r.timestamp() == null ? null : r.timestamp().toEpochMilli(), control.nowMs(),
                settings.accountId(), "GetShardIterator");
        String iterator = iterators.encode(new ShardIterators.Position(s.incarnation(), shard.index(), position,
                control.nowMs(), s.name()));
        return new GetShardIteratorOutput(iterator);
    }

    /** A sequence number goes with AT/AFTER_SEQUENCE_NUMBER and only with them, in Kinesis' words. */
    private static void checkIteratorType(String type, String startingSequenceNumber) {
        boolean takesNumber = "AT_SEQUENCE_NUMBER".equals(type) || "AFTER_SEQUENCE_NUMBER".equals(type);
        boolean startsAtEnd = "TRIM_HORIZON".equals(type) || "LATEST".equals(type);
        if (takesNumber && startingSequenceNumber == null || startsAtEnd && startingSequenceNumber != null) {
            throw KinesisError.INVALID_ARGUMENT.exception("Must either specify (1) AT_SEQUENCE_NUMBER or "
                    + "AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no "
                    + "StartingSequenceNumber. Request specified " + type + " and "
                    + (startingSequenceNumber == null ? "no" : "also a") + " StartingSequenceNumber.");
        }
    }

    private CompletableFuture<EncodedResponse> getRecords(GetRecordsInput r) {
        long startNanos = System.nanoTime();
        return guard(() -> {
            String text = r.shardIterator();
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
                metrics.shards().readThrottled(s, shard.shardId());
                throw KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.exception(
                        KinesisErrors.readRateExceeded(settings.accountId(), s.name(), shard.shardId()));
            }
            int limit = r.limit() == null ? 10_000 : r.limit();
            return CompletableFuture.supplyAsync(() -> read(s, shard, log, it.position(), limit, startNanos), readExecutor);
        });
    }

    /** The answer: the records as storage's views, written by the streaming encoders on the answering thread. */
    private EncodedResponse read(StreamInfo s, ShardInfo shard, ShardLog log, long position, int limit, long startNanos) {
        ReadResult result = ShardReads.read(s, shard, log, position, limit, MAX_GET_RECORDS_BYTES);
        long bytes = ThroughputLimiter.sizeOf(result.records());
        limiter.chargeRead(s.incarnation(), shard.index(), bytes); // throttle
        // IteratorAgeMilliseconds: how old the answer's last record is (0 when it has none)
        long iteratorAgeMs = result.records().isEmpty() ? 0
                : Math.max(0, control.nowMs() - result.records().get(result.records().size() - 1).arrivalTimestampMs());
        metrics.stream(s.name()).read(shard.index(), result.records().size(), bytes, iteratorAgeMs, startNanos);
        metrics.shards().read(s, shard.shardId(), result.records().size(), bytes, iteratorAgeMs);
        long next = result.nextPosition();
        GetRecordsOutput rest = ShardReads.isAtClosedEnd(shard, next)
                // the end of a closed shard: no next iterator; the children to continue with
                ? new GetRecordsOutput(null, null, 0L, ShardReads.childShards(s, shard))
                : new GetRecordsOutput(null, iterators.encode(new ShardIterators.Position(s.incarnation(),
                        shard.index(), next, control.nowMs(), s.name())),
                        ShardReads.millisBehindLatest(log, next, result.records()), null);
        return new RecordsAnswer<>(s, shard, result.records(), null, rest, KinesisCodec::writeGetRecordsOutput,
                result.buffers());
    }
}
