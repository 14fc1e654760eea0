package io.riffle.triggers.poll;

import io.riffle.functions.InvokeResult;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.triggers.Mapping;
import io.riffle.triggers.MappingEvent;
import io.riffle.triggers.failure.InvocationRecord;
import io.riffle.triggers.filter.RecordFilter;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One shard of one mapping: reads a batch from the checkpointed position, hands it to the function, and only once
 * the outcome is decided and its checkpoint durable reads the next, so one batch is in flight and records reach the
 * function in shard order. Owned by the triggers thread (every method runs there).
 *
 * <p>With a ParallelizationFactor of N the shard has N of these, its lanes: lane i takes the records whose partition
 * key hashes to i ({@link #laneOf}), so each key's records keep their order while N batches of the shard are in
 * flight. Each lane reads the shard from its own checkpoint (kept under {@code <shardId>#<lane>}) and skips the other
 * lanes' records; the shard is done when all its lanes are.
 *
 * <p>Outcomes, as Lambda's Kinesis mappings have them:
 * <ul>
 *   <li>success: checkpoint after the batch; with ReportBatchItemFailures, after the records before the first one
 *       the response names, the rest tried again (a retry);</li>
 *   <li>a function error (or an unreadable partial-batch response): with BisectBatchOnFunctionError, the batch's
 *       first half is tried alone (not a retry), else the batch is tried again after a backoff, until
 *       MaximumRetryAttempts retries have failed: then it is discarded (logged with its shard and sequence range,
 *       Lambda's invocation record) and the shard moves on;</li>
 *   <li>the function unavailable (no answer, throttled, 5xx): tried again after a backoff, not counted as a retry;</li>
 *   <li>records older than MaximumRecordAgeInSeconds are discarded before an invocation;</li>
 *   <li>records no FilterCriteria pattern matches are left out of the batch and checkpointed past, never invoked
 *       (a read of only such records moves the checkpoint past them);</li>
 *   <li>with TumblingWindowInSeconds ({@link TumblingWindows}), a batch holds one window's records and carries the
 *       state the function returned for the window so far, kept durably with the checkpoint; the window's end
 *       (a later window's record, its end time passing, the shard's end) brings its final invocation.</li>
 * </ul>
 */
final class ShardPoller {
    private static final Logger log = LoggerFactory.getLogger(ShardPoller.class);
    /** Record bytes per batch: base64 makes 4.5 MB about 6 MB, Lambda's payload limit, with the event's own fields. */
    static final long MAX_BATCH_DATA_BYTES = 4L << 20;

    private final PollerContext ctx;
    private final Mapping mapping;
    private final String shardId;
    private final int lane;
    private final int lanes;
    private final long incarnation;
    private final MappingPoller owner;
    private final RecordFilter filter;
    private final int windowSeconds;

    private long position;
    private int limit;
    private int retries;
    private int unavailable;
    /** Invocations of the batch at the position, and the last one's answer: for an OnFailure invocation record. */
    private int invocations;
    private InvocationRecord.LastResponse lastResponse;
    private boolean isStopped;
    private boolean isWaitingForRecords;
    private ScheduledFuture<?> pending;
    private AutoCloseable wakeups;
    /** The open tumbling window's start and the state the function last returned for it; null: none open. */
    private Long windowStartMs;
    private String windowState;
    private String returnedWindowState;

    ShardPoller(PollerContext ctx, Mapping mapping, long incarnation, String shardId, int lane, MappingPoller owner) {
        this.ctx = ctx;
        this.mapping = mapping;
        this.incarnation = incarnation;
        this.shardId = shardId;
        this.lane = lane;
        this.lanes = Math.max(1, mapping.parallelizationFactor());
        this.owner = owner;
        this.limit = mapping.batchSize();
        this.filter = RecordFilter.of(mapping.filterPatterns());
        this.windowSeconds = mapping.tumblingWindowInSeconds();
    }

    String shardId() {
        return shardId;
    }

    /** The id its checkpoints are kept under: the shard's, or {@code <shardId>#<lane>} with more than one lane. */
    static String checkpointId(String shardId, int lane, int lanes) {
        return lanes <= 1 ? shardId : shardId + "#" + lane;
    }

    /** The lane of a partition key among {@code lanes} (String.hashCode is specified, so stable across restarts). */
    static int laneOf(String partitionKey, int lanes) {
        return lanes <= 1 ? 0 : Math.floorMod(partitionKey.hashCode(), lanes);
    }

    /** Starts at {@code startPosition}; {@code isCheckpointed} false writes it as the first checkpoint before reading. */
    void start(long startPosition, boolean isCheckpointed) {
        position = startPosition;
        wakeups = ctx.source().onRecords(incarnation, shardId, () -> ctx.thread().execute(this::wake));
        if (isCheckpointed && windowSeconds > 0) {
            ctx.store().registry().checkpoint(mapping.uuid(), incarnation, checkpointId(shardId, lane, lanes))
                    .filter(c -> c.windowStartMs() != null).ifPresent(c -> {
                        windowStartMs = c.windowStartMs();
                        windowState = c.windowState() == null ? TumblingWindows.EMPTY_STATE : c.windowState();
                    });
        }
        if (isCheckpointed) {
            read();
        } else {
            checkpointThen(position, false, this::read);
        }
    }

    void stop() {
        isStopped = true;
        cancelPending();
        if (wakeups != null) {
            try {
                wakeups.close();
            } catch (Exception e) {
                log.debug("closing the wake-ups of {} failed", shardId, e);
            }
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void later(long delayMs, Runnable step) {
        cancelPending();
        pending = ctx.thread().schedule(() -> {
            pending = null;
            if (!isStopped) {
                step.run();
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void wake() {
        if (!isStopped && isWaitingForRecords) {
            isWaitingForRecords = false;
            cancelPending();
            read();
        }
    }

    private void waitForRecords(long delayMs) {
        isWaitingForRecords = true;
        later(delayMs, () -> {
            isWaitingForRecords = false;
            read();
        });
    }

    private void read() {
        if (isStopped) {
            return;
        }
        int readLimit = (int) Math.min(10_000L, (long) limit * lanes); // about limit of this lane's records
        ctx.source().read(mapping.streamArn(), incarnation, shardId, position, readLimit, MAX_BATCH_DATA_BYTES)
                .whenCompleteAsync(this::onRead, ctx.thread());
    }

    private void onRead(StreamSource.Batch batch, Throwable failure) {
        if (isStopped) {
            return;
        }
        if (failure != null) {
            about(log.atDebug()).log("mapping {}: reading {} failed", mapping.uuid(), shardId, failure);
            owner.readFailed(shardId);
            waitForRecords(ctx.settings().idlePollMs());
            return;
        }
        List<StreamSource.Record> records = batch.records();
        if (lanes > 1 || !filter.isAcceptingAll()) {
            List<StreamSource.Record> mine = new java.util.ArrayList<>();
            StreamSource.Record lastSeen = null;
            for (StreamSource.Record r : records) {
                if (mine.size() == limit) {
                    break;
                }
                lastSeen = r;
                if (laneOf(r.partitionKey(), lanes) == lane && filter.accepts(r)) {
                    mine.add(r);
                }
            }
            if (mine.isEmpty() && !records.isEmpty() && !batch.isShardEnd()) {
                // only other lanes' records or records no filter matches: skip them; filtered records are
                // checkpointed past (Lambda drops them), other lanes' ones are re-skipped after a restart
                if (filter.isAcceptingAll()) {
                    position = batch.nextPosition();
                    read();
                } else {
                    checkpointThen(batch.nextPosition(), false, this::read);
                }
                return;
            }
            boolean isCapped = lastSeen != null && lastSeen.nextPosition() < batch.nextPosition();
            batch = new StreamSource.Batch(mine, batch.nextPosition(), batch.isShardEnd() && !isCapped,
                    batch.millisBehindLatest());
            records = mine;
        }
        long nowMs = ctx.clock().millis();
        if (mapping.maximumRecordAgeInSeconds() >= 0 && !records.isEmpty()) {
            long oldestAllowedMs = nowMs - mapping.maximumRecordAgeInSeconds() * 1000L;
            int expired = 0;
            while (expired < records.size() && records.get(expired).arrivalTimestampMs() < oldestAllowedMs) {
                expired++;
            }
            if (expired > 0) {
                discard(records.subList(0, expired), "the records are older than MaximumRecordAgeInSeconds ("
                        + mapping.maximumRecordAgeInSeconds() + ")", InvocationRecord.RECORD_AGE_EXCEEDED);
                return;
            }
        }
        if (windowStartMs != null && isWindowOver(records, batch.isShardEnd(), nowMs)) {
            closeWindow(false);
            return;
        }
        if (windowSeconds > 0) {
            records = records.subList(0, TumblingWindows.leadingInOneWindow(records, windowSeconds));
        }
        if (records.isEmpty()) {
            if (batch.isShardEnd()) {
                checkpointThen(batch.nextPosition(), true, () -> owner.laneDone(shardId, lane));
            } else {
                waitForRecords(windowStartMs == null ? ctx.settings().idlePollMs()
                        : Math.max(1, Math.min(ctx.settings().idlePollMs(), windowEndMs() - nowMs)));
            }
            return;
        }
        if (mapping.maximumBatchingWindowInSeconds() > 0 && records.size() < limit && !batch.isShardEnd()) {
            long dueMs = records.get(0).arrivalTimestampMs() + mapping.maximumBatchingWindowInSeconds() * 1000L;
            if (dueMs > nowMs) {
                waitForRecords(dueMs - nowMs); // more records wake it and are read into the batch
                return;
            }
        }
        invoke(records);
    }

    /** The open window is over: a record of a later window came, its end passed, or the shard ended. */
    private boolean isWindowOver(List<StreamSource.Record> records, boolean isShardEnd, long nowMs) {
        if (records.isEmpty()) {
            return isShardEnd || nowMs >= windowEndMs();
        }
        return TumblingWindows.startOf(records.get(0).arrivalTimestampMs(), windowSeconds) != windowStartMs;
    }

    private long windowEndMs() {
        return windowStartMs + windowSeconds * 1000L;
    }

    /**
     * The window's final invocation (no records, its state, isFinalInvokeForWindow), retried until it succeeds, as
     * Lambda holds the shard until it does; then the state is dropped. Terminated early (the state grew past 1 MB),
     * the same window goes on with a fresh state.
     */
    private void closeWindow(boolean isTerminatedEarly) {
        long start = windowStartMs;
        byte[] event = KinesisEventFormat.event(List.of(), shardId, mapping.streamArn(), ctx.settings().region(),
                ctx.settings().accountId(), new TumblingWindows.Invocation(start, windowEndMs(), windowState, true,
                        isTerminatedEarly));
        ctx.invoker().invoke(mapping.functionArn(), event).whenCompleteAsync((result, failure) -> {
            if (isStopped) {
                return;
            }
            if (result != null) {
                ctx.metrics().invoked(mapping.uuid(), result.status().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (failure != null || result == null || result.status() != InvokeResult.Status.SUCCESS) {
                ctx.lastResults().put(mapping.uuid(), "PROBLEM: Function call failed");
                retries++;
                later(ctx.settings().backoffMs(retries), () -> closeWindow(isTerminatedEarly));
                return;
            }
            ctx.lastResults().put(mapping.uuid(), "OK");
            retries = 0;
            windowStartMs = isTerminatedEarly ? start : null;
            windowState = isTerminatedEarly ? TumblingWindows.EMPTY_STATE : null;
            checkpointThen(position, false, this::read);
        }, ctx.thread());
    }

    private void invoke(List<StreamSource.Record> records) {
        TumblingWindows.Invocation window = null;
        if (windowSeconds > 0) {
            long start = TumblingWindows.startOf(records.get(0).arrivalTimestampMs(), windowSeconds);
            window = new TumblingWindows.Invocation(start, start + windowSeconds * 1000L,
                    windowStartMs == null ? TumblingWindows.EMPTY_STATE : windowState, false, false);
        }
        byte[] event = KinesisEventFormat.event(records, shardId, mapping.streamArn(), ctx.settings().region(),
                ctx.settings().accountId(), window);
        ctx.metrics().iteratorAge(mapping.uuid(), ctx.clock().millis() - records.get(records.size() - 1).arrivalTimestampMs());
        ctx.metrics().batch(mapping.uuid(), records.size());
        ctx.invoker().invoke(mapping.functionArn(), event)
                .whenCompleteAsync((result, failure) -> {
                    if (!isStopped) {
                        onResult(records, result, failure);
                    }
                }, ctx.thread());
    }

    private void onResult(List<StreamSource.Record> records, InvokeResult result, Throwable failure) {
        if (failure != null || result == null) {
            unavailable(records, "the invocation failed: " + failure);
            return;
        }
        ctx.metrics().invoked(mapping.uuid(), result.status().name().toLowerCase(java.util.Locale.ROOT));
        invocations++;
        lastResponse = new InvocationRecord.LastResponse(result.httpStatus(),
                result.status() == InvokeResult.Status.FUNCTION_ERROR ? result.functionError() : null);
        switch (result.status()) {
            case SUCCESS -> {
                if (windowSeconds > 0) {
                    var state = TumblingWindows.stateOf(result.payload());
                    if (state.isEmpty()) {
                        failed(records, "the function's response has no state object (TumblingWindowInSeconds)");
                        return;
                    }
                    returnedWindowState = state.get(); // adopted with the records it covers, once they count as done
                }
                if (!mapping.reportsBatchItemFailures()) {
                    succeeded(records, records.size());
                    return;
                }
                switch (KinesisEventFormat.itemFailures(result.payload(), records)) {
                    case KinesisEventFormat.ItemFailures.None none -> succeeded(records, records.size());
                    case KinesisEventFormat.ItemFailures.From from -> {
                        if (from.firstFailed() == 0) {
                            failed(records, "the function reported the batch's first record failed");
                        } else {
                            partlySucceeded(records, from.firstFailed());
                        }
                    }
                    case KinesisEventFormat.ItemFailures.Invalid invalid ->
                            failed(records, "invalid partial batch response: " + invalid.reason());
                }
            }
            case FUNCTION_ERROR -> failed(records, "the function failed: " + result.functionError() + " "
                    + abbreviated(result.payloadText()));
            case REJECTED -> {
                if (result.httpStatus() == 413) {
                    failed(records, result.detail());
                } else {
                    unavailable(records, result.detail());
                }
            }
            case UNAVAILABLE, UNRESOLVED -> unavailable(records, result.detail());
        }
    }

    private void succeeded(List<StreamSource.Record> records, int n) {
        adoptWindowState(records);
        ctx.metrics().processed(mapping.uuid(), n);
        ctx.lastResults().put(mapping.uuid(), "OK");
        retries = 0;
        invocations = 0;
        lastResponse = null;
        unavailable = 0;
        limit = mapping.batchSize();
        checkpointThen(records.get(n - 1).nextPosition(), false, () -> {
            if (windowState != null && TumblingWindows.isTooLarge(windowState)) {
                closeWindow(true);
            } else {
                read();
            }
        });
    }

    /** ReportBatchItemFailures named a record after the first: the ones before it are done, the rest retried. */
    private void partlySucceeded(List<StreamSource.Record> records, int firstFailed) {
        adoptWindowState(records);
        ctx.metrics().processed(mapping.uuid(), firstFailed);
        ctx.lastResults().put(mapping.uuid(), "OK");
        unavailable = 0;
        List<StreamSource.Record> rest = records.subList(firstFailed, records.size());
        checkpointThen(records.get(firstFailed - 1).nextPosition(), false,
                () -> failed(rest, "the function reported record " + rest.get(0).sequenceNumber() + " failed"));
    }

    private void adoptWindowState(List<StreamSource.Record> records) {
        if (returnedWindowState != null) {
            windowStartMs = TumblingWindows.startOf(records.get(0).arrivalTimestampMs(), windowSeconds);
            windowState = returnedWindowState;
            returnedWindowState = null;
        }
    }

    private void failed(List<StreamSource.Record> records, String reason) {
        returnedWindowState = null;
        ctx.lastResults().put(mapping.uuid(), "PROBLEM: Function call failed");
        unavailable = 0;
        if (mapping.bisectBatchOnFunctionError() && records.size() > 1) {
            limit = records.size() / 2; // the first half alone next; bisection is not a retry
            invocations = 0; // the half is a batch of its own (its invocation record counts its own invocations)
            read();
            return;
        }
        retries++;
        if (mapping.maximumRetryAttempts() >= 0 && retries > mapping.maximumRetryAttempts()) {
            discard(records, reason + "; retries exhausted (MaximumRetryAttempts " + mapping.maximumRetryAttempts() + ")",
                    InvocationRecord.RETRY_ATTEMPTS_EXHAUSTED);
            return;
        }
        limit = records.size();
        later(ctx.settings().backoffMs(retries), this::read);
    }

    private void unavailable(List<StreamSource.Record> records, String reason) {
        ctx.lastResults().put(mapping.uuid(), "PROBLEM: Function unavailable: " + reason);
        unavailable++;
        if (unavailable == 1) {
            about(log.atWarn()).log(
                    "mapping {}: the function {} is unavailable ({}); retrying until it answers or the records "
                    + "pass MaximumRecordAgeInSeconds", mapping.uuid(), mapping.functionArn(), reason);
        }
        limit = records.size();
        later(ctx.settings().backoffMs(unavailable), this::read);
    }

    /**
     * Gives up on {@code records}: logged, Lambda's invocation record written to the OnFailure destination if there
     * is one (a failed write is logged: the records are given up either way, as Lambda does), the shard moves past.
     */
    private void discard(List<StreamSource.Record> records, String reason, String condition) {
        about(log.atWarn()).log(
                "mapping {}: discarded {} records of {} {}, sequence numbers {} to {}: {}", mapping.uuid(),
                records.size(), mapping.streamArn(), shardId, records.get(0).sequenceNumber(),
                records.get(records.size() - 1).sequenceNumber(), reason);
        ctx.metrics().discarded(mapping.uuid(), records.size());
        String failureStream = InvocationRecord.streamOf(mapping.onFailureDestination());
        if (failureStream != null) {
            sendToStream(failureStream, records, condition);
        }
        String bucket = InvocationRecord.bucketOf(mapping.onFailureDestination());
        if (bucket != null) {
            long nowMs = ctx.clock().millis();
            byte[] record = InvocationRecord.json(mapping.functionArn(), condition, invocations, lastResponse, nowMs,
                    mapping.streamArn(), shardId, records, KinesisEventFormat.event(records, shardId,
                            mapping.streamArn(), ctx.settings().region(), ctx.settings().accountId()));
            try {
                ctx.failures().put(bucket, InvocationRecord.objectKey(mapping.uuid(), shardId, nowMs), record);
            } catch (java.io.IOException | RuntimeException e) {
                destinationFailed(e);
            }
        }
        invocations = 0;
        lastResponse = null;
        retries = 0;
        limit = mapping.batchSize();
        checkpointThen(records.get(records.size() - 1).nextPosition(), false, this::read);
    }

    /**
     * Riffle's extension: the invocation record (without the payload, as Lambda sends to queues and topics) as one
     * record of the failure stream, keyed by the source shard so one shard's failures stay in order. Not awaited: the
     * records are given up either way, and a write that fails (the stream deleted since) is logged and counted.
     */
    private void sendToStream(String failureStream, List<StreamSource.Record> records, String condition) {
        byte[] record = InvocationRecord.json(mapping.functionArn(), condition, invocations, lastResponse,
                ctx.clock().millis(), mapping.streamArn(), shardId, records, null);
        ctx.failureStreams().put(failureStream, shardId, record).whenComplete((sequenceNumber, failure) -> {
            if (failure != null) {
                destinationFailed(failure);
            }
        });
    }

    /** The OnFailure destination did not take an invocation record: counted and logged, the mapping goes on. */
    private void destinationFailed(Throwable failure) {
        ctx.metrics().destinationDeliveryFailed(mapping.uuid());
        about(log.atWarn()).log("mapping {}: the invocation record of the discarded records was not written to {}",
                mapping.uuid(), mapping.onFailureDestination(), failure);
    }

    private void checkpointThen(long next, boolean isShardDone, Runnable then) {
        ctx.store().append(List.of(new MappingEvent.ShardCheckpointed(mapping.uuid(), incarnation,
                checkpointId(shardId, lane, lanes), next, isShardDone, windowStartMs, windowState)))
                .whenCompleteAsync((isOk, failure) -> {
                    if (isStopped) {
                        return;
                    }
                    if (failure != null || !Boolean.TRUE.equals(isOk)) {
                        about(log.atDebug()).log(
                                "mapping {}: the checkpoint of {} was not stored", mapping.uuid(), shardId, failure);
                        later(ctx.settings().backoffMs(1), () -> checkpointThen(next, isShardDone, then));
                        return;
                    }
                    position = next;
                    then.run();
                }, ctx.thread());
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
    /** The mapping, its source and the shard as key-values of a log line (fields with {@code log-format=json}). */
    private LoggingEventBuilder about(LoggingEventBuilder line) {
        return line.addKeyValue("mapping", mapping.uuid()).addKeyValue("eventSourceArn", mapping.eventSourceArn())
                .addKeyValue("shard", shardId);
    }
}
