package io.riffle.kinesis.control;

import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.MergeShardsInput;
import io.riffle.kinesis.api.SplitShardInput;
import io.riffle.kinesis.api.UpdateShardCountInput;
import io.riffle.kinesis.api.UpdateShardCountOutput;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.KinesisSettings;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardIds;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.Operation;
import io.riffle.kinesis.protocol.Registration;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SplitShard, MergeShards and UpdateShardCount. A reshard answers at once with the stream UPDATING
 * and its plan recorded ({@link PendingReshard}); for the reshard delay (Kinesis takes seconds) the
 * parents keep taking writes and the children do not exist, and another reshard is refused. Once
 * the registry's timer says it is due ({@link KinesisEvent.ReshardDue}) it cuts over: each parent's
 * log is fenced and flushed (every write accepted before is durable; later writes are refused and
 * the data plane routes them again, to the children), then one metadata batch closes the parents at
 * their final positions, opens the children and makes the stream ACTIVE again. The plan and the
 * timer are events, so a restart while UPDATING finishes the reshard (at once when it was due).
 */
public final class ReshardOperations {
    private static final Logger log = LoggerFactory.getLogger(ReshardOperations.class);

    private final ControlPlane control;
    private final KinesisSettings settings;
    /** Stream incarnations whose cut-over runs now (the log's thread adds, any thread removes). */
    private final Set<Long> cuttingOver = ConcurrentHashMap.newKeySet();

    public ReshardOperations(ControlPlane control) {
        this.control = control;
        this.settings = control.settings();
        control.onReshardDue(this::cutOverDue);
    }

    public List<Registration<?, ?>> operations() {
        return List.of(
                Registration.of(KinesisOperations.SPLIT_SHARD, splitShard()),
                Registration.of(KinesisOperations.MERGE_SHARDS, this::mergeShards),
                Registration.of(KinesisOperations.UPDATE_SHARD_COUNT, this::updateShardCount));
    }

    /** SplitShard, which the on-demand scaler also calls. */
    public Operation<SplitShardInput, Void> splitShard() {
        return this::splitShard;
    }

    /** A planned reshard: the parents that close and the children that open. */
    record Plan(StreamInfo stream, List<ShardInfo> parents, List<ShardInfo> children) {
    }

    private CompletableFuture<Void> splitShard(SplitShardInput r) {
        CompletableFuture<Plan> planned = control.submit(() -> {
            checkShardIdShape(r.streamName(), r.streamARN(), r.shardToSplit());
            StreamInfo s = activeStream(r.streamName(), r.streamARN());
            ShardInfo parent = openShard(s, r.shardToSplit());
            String keyText = r.newStartingHashKey();
            BigInteger key = HashKeys.parse(keyText);
            // Kinesis' own message: the key must be greater than StartingHashKey+1 and less than EndingHashKey
            if (key == null || key.compareTo(parent.range().start().add(BigInteger.ONE)) <= 0
                    || key.compareTo(parent.range().end()) >= 0) {
                throw KinesisErrors.splitKeyOutOfRange(keyText, parent.shardId(), s.name(), settings.accountId(),
                        parent.range().start().toString(), parent.range().end().toString());
            }
            control.checkShardLimit(1);
            int next = s.nextShardIndex();
            List<ShardInfo> children = List.of(
                    ShardInfo.open(next, new HashKeys.Range(parent.range().start(), key.subtract(BigInteger.ONE)),
                            parent.shardId(), null, 0),
                    ShardInfo.open(next + 1, new HashKeys.Range(key, parent.range().end()), parent.shardId(), null, 0));
            return begin(s, List.of(parent), children);
        });
        return planned.thenApply(plan -> null);
    }

    private CompletableFuture<Void> mergeShards(MergeShardsInput r) {
        CompletableFuture<Plan> planned = control.submit(() -> {
            checkShardIdShape(r.streamName(), r.streamARN(), r.shardToMerge());
            checkShardIdShape(r.streamName(), r.streamARN(), r.adjacentShardToMerge());
            StreamInfo s = activeStream(r.streamName(), r.streamARN());
            ShardInfo a = openShard(s, r.shardToMerge());
            ShardInfo b = openShard(s, r.adjacentShardToMerge());
            // as Kinesis: ShardToMerge is the lower of the pair, AdjacentShardToMerge starts right after it
            // (kinesalite's recorded check; an inverted pair is "not an adjacent pair")
            boolean adjacent = a.range().end().add(BigInteger.ONE).equals(b.range().start());
            if (!adjacent) {
                throw KinesisErrors.notAdjacent(a.shardId(), b.shardId(), s.name(), settings.accountId());
            }
            BigInteger start = a.range().start().min(b.range().start());
            BigInteger end = a.range().end().max(b.range().end());
            List<ShardInfo> children = List.of(ShardInfo.open(s.nextShardIndex(), new HashKeys.Range(start, end),
                    a.shardId(), b.shardId(), 0));
            return begin(s, List.of(a, b), children);
        });
        return planned.thenApply(plan -> null);
    }

    /**
     * UpdateShardCount with UNIFORM_SCALING, done as Kinesis does it: a series of splits (at every
     * target boundary that falls inside a shard) and then merges (of the pieces inside each target
     * range), each a cut-over of its own, so every shard keeps at most two parents and consumers
     * following lineage keep per-key order. Temporary shards appear and close on the way.
     */
    private CompletableFuture<UpdateShardCountOutput> updateShardCount(UpdateShardCountInput r) {
        int target = r.targetShardCount() == null ? 0 : r.targetShardCount();
        return control.submit(() -> {
            StreamInfo s = activeStream(r.streamName(), r.streamARN());
            int open = (int) s.openShardCount();
            if (target > 2 * open) {
                throw KinesisErrors.scaleUpTooFar(s.name(), settings.accountId(), target, open);
            }
            if (2 * target < open) {
                throw KinesisErrors.scaleDownTooFar(s.name(), settings.accountId(), target, open);
            }
            if (target > open) {
                control.checkShardLimit(target - open);
            }
            checkScalingQuota(s);
            UpdateShardCountOutput out = new UpdateShardCountOutput(s.name(), open, target, settings.streamArn(s.name()));
            long now = control.nowMs();
            // the registry counts the call when its event is durable: a call storage refused does not count;
            // its steps run once the reshard delay has passed (cutOverDue)
            return ControlPlane.Change.of(out, StreamRegistry.updateShardCountEvent(s, target, now));
        });
    }

    /**
     * Starts the cut-over of a stream incarnation's pending reshard, whose delay has passed; the
     * log's thread (told by the control plane, again after a restart). A second call while one runs
     * changes nothing.
     */
    private void cutOverDue(long incarnation) {
        StreamInfo s = control.registry().byIncarnation(incarnation);
        PendingReshard pending = control.registry().pendingReshard(incarnation).orElse(null);
        if (s == null || pending == null || !cuttingOver.add(incarnation)) {
            return;
        }
        CompletableFuture<Void> done;
        try {
            if (pending.targetShardCount() != null) {
                int target = pending.targetShardCount();
                done = nextUniformStep(s.name(), target).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        ControlPlaneLog.stream(log.atError(), s.name()).setCause(failure).log(
                                "stream {}: UpdateShardCount to {} failed part-way; the stream stays UPDATING",
                                s.name(), target);
                    }
                });
            } else {
                Plan plan = planOf(s, pending);
                createChildLogs(plan); // kept from the start; created again only if storage lost them
                done = cutOver(plan, true).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        ControlPlaneLog.stream(log.atError(), s.name()).setCause(failure).log(
                                "stream {}: reshard failed; the stream stays UPDATING with its parents open", s.name());
                    }
                });
            }
        } catch (RuntimeException e) {
            cuttingOver.remove(incarnation);
            ControlPlaneLog.stream(log.atError(), s.name()).setCause(e)
                    .log("stream {}: the reshard's cut-over could not start; the stream stays UPDATING", s.name());
            return;
        }
        done.whenComplete((ok, failure) -> cuttingOver.remove(incarnation));
    }

    /** The split or merge a pending reshard recorded, against the stream as it is now. */
    private static Plan planOf(StreamInfo s, PendingReshard pending) {
        List<ShardInfo> parents = pending.parents().stream().map(s::shard).toList();
        List<ShardInfo> children = pending.opened().stream().map(o -> ShardInfo.open(o.index(),
                new HashKeys.Range(new BigInteger(o.start()), new BigInteger(o.end())), o.parent(), o.adjacentParent(),
                0)).toList();
        return new Plan(s, parents, children);
    }

    /**
     * Kinesis allows a stream ten UpdateShardCount calls per rolling 24 hours (a setting here),
     * counted by the registry from the stream's events, so a restart does not reset the count.
     */
    private void checkScalingQuota(StreamInfo s) {
        int calls = control.registry().shardCountUpdatesInWindow(s.incarnation(), control.nowMs());
        if (calls >= settings.updateShardCountPerDay()) {
            throw KinesisErrors.updateShardCountQuota(s.name(), settings.accountId(), calls,
                    settings.updateShardCountPerDay());
        }
    }

    /** Plans and runs the next split or merge towards {@code target} uniform shards, or finishes. */
    private CompletableFuture<Void> nextUniformStep(String name, int target) {
        return untilStored(name, () -> control.submit(() -> {
            StreamInfo s = control.registry().byName(name);
            if (s == null || s.status() == StreamInfo.StreamStatus.DELETING) {
                return ControlPlane.Change.<Plan>of(null);
            }
            Plan plan = uniformStep(s, target);
            if (plan == null) {
                return ControlPlane.Change.<Plan>of(null,
                        StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.ACTIVE, control.nowMs()));
            }
            createChildLogs(plan);
            return ControlPlane.Change.of(plan);
        })).thenCompose(plan -> plan == null ? CompletableFuture.completedFuture(null)
                : cutOver(plan, false).thenCompose(done -> nextUniformStep(name, target)));
    }

    /** The children's storage logs (consecutive shard indexes); the metadata log's thread. */
    private List<String> createChildLogs(Plan plan) {
        StreamInfo s = plan.stream();
        return control.createShardLogs(s.incarnation(), plan.children().get(0).index(), plan.children().size(),
                s.retentionHours() * 3_600_000L);
    }

    /**
     * Runs a step of a reshard already answered until it works: a reshard is all or nothing, so a
     * step storage refuses (a full disk) is tried again every second, the stream UPDATING meanwhile
     * (writes to the parents answer a retryable 503). Other failures end it.
     */
    private <T> CompletableFuture<T> untilStored(String stream, Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> done = new CompletableFuture<>();
        attempt(stream, step, done, 0);
        return done;
    }

    private <T> void attempt(String stream, Supplier<CompletableFuture<T>> step, CompletableFuture<T> done, int tries) {
        CompletableFuture<T> once;
        try {
            once = step.get();
        } catch (RuntimeException e) { // the control plane is closed
            done.completeExceptionally(e);
            return;
        }
        once.whenComplete((value, failure) -> {
            if (failure == null) {
                done.complete(value);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            boolean isStorage = cause instanceof java.io.IOException || cause instanceof KinesisException k
                    && (k.error() == KinesisError.SERVICE_UNAVAILABLE || k.error() == KinesisError.INTERNAL_FAILURE);
            if (!isStorage) {
                done.completeExceptionally(failure);
                return;
            }
            if (tries == 0) {
                ControlPlaneLog.stream(log.atWarn(), stream).log(
                        "stream {}: a reshard step could not be stored ({}); trying again every {} ms", stream,
                        cause.getMessage(), ControlPlane.RETRY_MS);
            }
            CompletableFuture.delayedExecutor(ControlPlane.RETRY_MS, TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(stream, step, done, tries + 1));
        });
    }

    /** The next step: split a shard at a target boundary inside it, else merge two pieces of one target range. */
    static Plan uniformStep(StreamInfo s, int target) {
        List<ShardInfo> open = new ArrayList<>();
        for (ShardInfo shard : s.shards()) {
            if (!shard.isClosed()) {
                open.add(shard);
            }
        }
        open.sort((a, b) -> a.range().start().compareTo(b.range().start()));
        List<HashKeys.Range> ranges = HashKeys.split(target);
        int next = s.nextShardIndex();
        for (ShardInfo shard : open) {
            for (HashKeys.Range range : ranges) {
                BigInteger boundary = range.start();
                if (boundary.compareTo(shard.range().start()) > 0 && boundary.compareTo(shard.range().end()) <= 0) {
                    return new Plan(s, List.of(shard), List.of(
                            ShardInfo.open(next, new HashKeys.Range(shard.range().start(), boundary.subtract(BigInteger.ONE)),
                                    shard.shardId(), null, 0),
                            ShardInfo.open(next + 1, new HashKeys.Range(boundary, shard.range().end()),
                                    shard.shardId(), null, 0)));
                }
            }
        }
        for (int i = 0; i + 1 < open.size(); i++) {
            ShardInfo a = open.get(i);
            ShardInfo b = open.get(i + 1);
            if (rangeIndex(ranges, a) == rangeIndex(ranges, b)) {
                return new Plan(s, List.of(a, b), List.of(ShardInfo.open(next,
                        new HashKeys.Range(a.range().start(), b.range().end()), a.shardId(), b.shardId(), 0)));
            }
        }
        return null;
    }

    private static int rangeIndex(List<HashKeys.Range> ranges, ShardInfo shard) {
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).contains(shard.range().start())) {
                return i;
            }
        }
        return -1;
    }

    private StreamInfo activeStream(String streamName, String streamArn) {
        StreamInfo s = control.resolve(streamName, streamArn);
        if (s.status() != StreamInfo.StreamStatus.ACTIVE) {
            throw control.notActive(s, "ACTIVE");
        }
        return s;
    }

    /**
     * Kinesis reads the shard id before it looks up the stream: text that names no shard index is
     * "Could not find shard" (naming the text as given) even when the stream does not exist either;
     * a well-formed id of an unknown stream is the stream's ResourceNotFoundException (kinesalite's
     * recorded order for SplitShard and MergeShards).
     */
    private void checkShardIdShape(String streamName, String streamArn, String shardId) {
        if (ShardIds.resolve(shardId) < 0) {
            throw KinesisErrors.shardNotFound(shardId, control.streamNameIn(streamName, streamArn), settings.accountId());
        }
    }

    private ShardInfo openShard(StreamInfo s, String shardId) {
        int index = ShardIds.resolve(shardId);
        ShardInfo shard = index < 0 ? null : s.shard(index);
        if (shard == null) {
            throw KinesisErrors.shardNotFound(ShardIds.canonical(shardId), s.name(), settings.accountId());
        }
        if (shard.isClosed()) {
            throw KinesisErrors.shardAlreadyResharded(shard.shardId(), s.name(), settings.accountId());
        }
        return shard;
    }

    /** Records the reshard (the stream UPDATING) and creates the children's logs; the metadata log's thread. */
    private ControlPlane.Change<Plan> begin(StreamInfo s, List<ShardInfo> parents, List<ShardInfo> children) {
        Plan plan = new Plan(s, parents, children);
        List<String> logs = createChildLogs(plan);
        return ControlPlane.Change.of(plan, StreamRegistry.reshardStartedEvent(s, control.nowMs(), parents, children))
                .undoneBy(() -> control.deleteShardLogs(logs));
    }

    /**
     * Fences and flushes the parents, then records the reshard; with {@code last}, the stream is
     * ACTIVE again when it completes, else it stays UPDATING for the next step.
     */
    CompletableFuture<Void> cutOver(Plan plan, boolean last) {
        StreamInfo s = plan.stream();
        return untilStored(s.name(), () -> cutOverOnce(plan, last)).thenRun(() -> {
            // subscribers at a parent's end can now be told its children
            plan.parents().forEach(parent -> control.wakeups().signal(s.incarnation(), parent.index()));
        });
    }

    /** Fencing again a fenced parent changes nothing, so a failed cut-over is simply run again. */
    private CompletableFuture<Void> cutOverOnce(Plan plan, boolean last) {
        StreamInfo s = plan.stream();
        List<CompletableFuture<ShardInfo>> closing = new ArrayList<>();
        for (ShardInfo parent : plan.parents()) {
            ShardLog parentLog = control.store().get(ShardInfo.logId(s.incarnation(), parent.index())).orElseThrow();
            closing.add(parentLog.fenceAndFlush(s.incarnation())
                    .thenApply(end -> parent.closed(0, endingSequenceNumber(s, parent, parentLog, end), end)));
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            List<ShardInfo> closed = closing.stream().map(CompletableFuture::join).toList();
            return control.submit(() -> {
                StreamInfo now = control.registry().byName(s.name());
                if (now == null || now.incarnation() != s.incarnation()
                        || control.registry().pendingReshard(s.incarnation()).isEmpty()) {
                    return ControlPlane.Change.<Void>of(null); // deleted or cut over meanwhile: nothing to record
                }
                long at = control.nowMs();
                KinesisEvent reshard = StreamRegistry.reshardEvent(now, at, closed, plan.children());
                return (last ? ControlPlane.Change.<Void>of(null, reshard,
                        StreamRegistry.statusEvent(now, StreamInfo.StreamStatus.ACTIVE, at))
                        : ControlPlane.Change.<Void>of(null, reshard)); // logged by ControlPlaneLog
            });
        });
    }

    /**
     * The sequence number of the parent's last record (its starting number when empty), kept in the
     * registry's event; answers show {@link SequenceNumbers#ending}, derived from the closing time.
     */
    private static String endingSequenceNumber(StreamInfo s, ShardInfo shard, ShardLog log, long end) {
        ReadResult last = end == 0 ? null : log.read(end - 1, 1, 1);
        if (last == null || last.records().isEmpty()) {
            return SequenceNumbers.starting(s, shard);
        }
        StoredRecord record = last.records().get(0);
        return SequenceNumbers.ofRecord(s, shard, record.writerEpoch(), record.position(),
                record.arrivalTimestampMs());
    }
}
