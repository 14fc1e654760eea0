package io.riffle.kinesis.data.subscribe;

import io.netty.buffer.ByteBuf;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.SubscribeToShardEvent;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.data.RecordsAnswer;
import io.riffle.kinesis.data.ShardReads;
import io.riffle.kinesis.data.throttle.ThroughputLimiter;
import io.riffle.kinesis.data.throttle.TokenBucket;
import io.riffle.kinesis.protocol.EventSink;
import io.riffle.kinesis.protocol.EventSource;
import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisErrors;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.storage.ReadBuffers;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One SubscribeToShard subscription: a cursor over a shard that pushes SubscribeToShardEvents.
 *
 * <p>It reads storage only when its sink is writable, so a slow client holds it back (HTTP/2 flow
 * control or a full socket) and server memory stays bounded; it is woken when records are
 * readable on the shard (no polling interval), when the sink drains, and by a timer that sends
 * heartbeats (an empty event after {@code heartbeatMs} of silence) and ends the subscription after
 * its lifetime. With a rate set, it pushes at most that many record bytes per second (debt allowed
 * for one large event, then it pauses). At the end of a closed shard its last event carries
 * ChildShards and no ContinuationSequenceNumber, and it completes.
 *
 * <p>Threads: every wake-up counts in {@link #wakeups}; the first schedules {@link #drain} on the read
 * pool, which pumps once and schedules itself again while wake-ups are left, so pumps never overlap,
 * none is lost, and subscriptions take turns on the pool. Cursor fields are touched by pumps only.
 */
final class Subscription implements EventSource<RecordsAnswer<SubscribeToShardEvent>> {
    private static final Logger log = LoggerFactory.getLogger(Subscription.class);
    /** Record bytes per event: small enough to flow steadily, large enough to batch at high rates. */
    static final long MAX_EVENT_BYTES = 1 << 20;
    static final int MAX_EVENT_RECORDS = 10_000;
    private static final long MAX_TICK_MS = 1_000;

    private final SubscriptionEnvironment env;
    private final ConsumerLookup.Consumer consumer;
    private final long incarnation;
    private final String streamName;
    private final int shardIndex;
    private final String shardId;
    private final String logId;
    private final long deadlineMs;
    private final TokenBucket rate; // null: no limit
    private final AtomicInteger wakeups = new AtomicInteger();
    /** Set while a wake-up waits in the sink for it to drain: one is enough. */
    private final AtomicBoolean isWaitingForSink = new AtomicBoolean();
    private volatile boolean isDone;
    /** Whether this subscription counts in {@link SharedEvents} (from start to finish). */
    private boolean isCountedAsShared;
    private volatile EventSink<RecordsAnswer<SubscribeToShardEvent>> sink;
    private volatile long peakBufferedBytes;
    private AutoCloseable listening;
    private ScheduledFuture<?> ticks;

    // the cursor: pumps only
    private long position;
    private String continuation;
    private long lastEventMs = Long.MIN_VALUE / 2;

    Subscription(SubscriptionEnvironment env, ConsumerLookup.Consumer consumer, StreamInfo stream, ShardInfo shard,
                 long position) {
        this.env = env;
        this.consumer = consumer;
        this.incarnation = stream.incarnation();
        this.streamName = stream.name();
        this.shardIndex = shard.index();
        this.shardId = shard.shardId();
        this.logId = ShardInfo.logId(incarnation, shardIndex);
        this.position = position;
        this.deadlineMs = env.control().nowMs() + env.settings().lifetimeMs();
        long bytesPerSecond = env.settings().readBytesPerSecond();
        this.rate = bytesPerSecond > 0 ? TokenBucket.perSecond(bytesPerSecond, System.nanoTime()) : null;
    }

    String shardId() {
        return shardId;
    }

    @Override
    public void start(EventSink<RecordsAnswer<SubscribeToShardEvent>> eventSink) {
        this.sink = eventSink;
        synchronized (this) {
            if (!isDone) {
                env.sharedEvents().opened(logId);
                isCountedAsShared = true;
            }
        }
        listening = env.control().wakeups().listen(incarnation, shardIndex, this::wake);
        long tick = Math.min(MAX_TICK_MS, Math.max(10, env.settings().heartbeatMs() / 2));
        try {
            ticks = env.timer().scheduleWithFixedDelay(this::wake, tick, tick, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            complete(); // the server is stopping
            return;
        }
        about(log.atDebug()).log("subscription of {} to {} of {} opened at position {}", consumer.name(), shardId,
                streamName, position);
        wake(); // the first event goes out at once
    }

    /** Ends the subscription normally (lifetime over, server stopping). */
    void complete() {
        if (finish()) {
            EventSink<RecordsAnswer<SubscribeToShardEvent>> s = sink;
            if (s != null) {
                s.end();
            }
        }
    }

    /** Ends the subscription with an exception event (taken over, stream or consumer gone, failure). */
    void fail(KinesisException error) {
        if (finish()) {
            EventSink<RecordsAnswer<SubscribeToShardEvent>> s = sink;
            if (s != null) {
                s.fail(error);
            }
        }
    }

    @Override
    public void cancel() {
        finish();
    }

    long bufferedBytes() {
        EventSink<RecordsAnswer<SubscribeToShardEvent>> s = sink;
        return s == null ? 0 : s.bufferedBytes();
    }

    long peakBufferedBytes() {
        return Math.max(peakBufferedBytes, bufferedBytes());
    }

    private boolean finish() {
        boolean wasCounted;
        synchronized (this) {
            if (isDone) {
                return false;
            }
            isDone = true;
            wasCounted = isCountedAsShared;
        }
        if (wasCounted) {
            env.sharedEvents().ended(logId);
        }
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                throw new IllegalStateException(e); // ShardWakeups' handle does not throw
            }
        }
        env.subscriptions().ended(consumer.arn(), shardId, this);
        env.metrics().unsubscribed(streamName, consumer.name(), shardId);
        about(log.atDebug()).log("subscription of {} to {} of {} ended at position {}", consumer.name(), shardId,
                streamName, position);
        return true;
    }

    private void wake() {
        if (isDone || wakeups.getAndIncrement() != 0) {
            return;
        }
        try {
            env.reads().execute(this::drain);
        } catch (RejectedExecutionException e) {
            complete();
        }
    }

    /**
     * One step, then the thread goes back to the read pool: when wake-ups are left (another step is due
     * at once), the subscription queues again behind everything else waiting for the pool. Looping here
     * instead let a few subscriptions whose clients keep up hold every read thread while the others and
     * GetRecords waited (20 consumers on a shard got 9 to 55 MB/s each).
     */
    private void drain() {
        int seen = wakeups.get();
        try {
            pump();
        } catch (KinesisException e) {
            fail(e);
        } catch (RuntimeException e) {
            about(log.atError()).setCause(e).log("subscription of {} to {} of {} failed", consumer.name(), shardId,
                    streamName);
            fail(KinesisError.INTERNAL_FAILURE.exception("Internal service failure."));
        }
        if (wakeups.addAndGet(-seen) != 0 && !isDone) {
            try {
                env.reads().execute(this::drain);
            } catch (RejectedExecutionException e) {
                complete();
            }
        }
    }

    /** One step: at most one event. Schedules the next step itself when there is more to send now. */
    private void pump() {
        if (isDone) {
            return;
        }
        long now = env.control().nowMs();
        if (now >= deadlineMs) {
            complete();
            return;
        }
        StreamInfo s = env.control().registry().byIncarnation(incarnation);
        ShardInfo shard = s == null ? null : s.shard(shardIndex);
        if (s == null || shard == null || !s.isServing()) {
            throw KinesisErrors.streamNotFound(streamName, env.control().settings().accountId());
        }
        if (env.consumers().find(consumer.arn()).isEmpty()) {
            throw KinesisError.RESOURCE_NOT_FOUND.exception("Consumer " + consumer.arn() + " not found.");
        }
        EventSink<RecordsAnswer<SubscribeToShardEvent>> out = sink;
        if (!out.isWritable()) {
            if (isWaitingForSink.compareAndSet(false, true)) {
                out.whenWritable(() -> {
                    isWaitingForSink.set(false);
                    wake();
                });
            }
            return;
        }
        long nowNanos = System.nanoTime();
        if (rate != null && rate.available(nowNanos) <= 0) {
            long deficit = 1 - rate.available(nowNanos);
            long waitMs = Math.max(1, deficit * 1000 / rate.ratePerSecond());
            env.timer().schedule(this::wake, waitMs, TimeUnit.MILLISECONDS);
            return;
        }
        ShardLog shardLog = env.control().store().get(logId)
                .orElseThrow(() -> KinesisError.RESOURCE_NOT_FOUND.exception("Shard " + shardId + " in stream "
                        + streamName + " does not exist"));
        if (continuation == null) {
            continuation = continuationBefore(s, shard, shardLog, position);
        }
        long readableEnd = shardLog.endPosition();
        if (position < readableEnd && sendShared(out, now, nowNanos, shardLog)) {
            return;
        }
        long from = position;
        ReadResult read = position >= readableEnd ? null // caught up: no storage read, no buffers to return
                : ShardReads.read(s, shard, shardLog, position, recordsToAsk(readableEnd - position), MAX_EVENT_BYTES);
        List<StoredRecord> records = read == null ? List.of() : read.records();
        long next = read == null ? position : read.nextPosition();
        boolean isShardEnd = ShardReads.isAtClosedEnd(shard, next);
        boolean isHeartbeatDue = now - lastEventMs >= env.settings().heartbeatMs();
        if (records.isEmpty() && !isShardEnd && !isHeartbeatDue) {
            if (read != null) {
                read.buffers().release();
            }
            return; // caught up: the next append, the timer or the sink wakes us
        }
        if (!records.isEmpty()) {
            continuation = ShardReads.sequenceNumberOf(s, shard, records.get(records.size() - 1));
        }
        position = next;
        SubscribeToShardEvent rest = isShardEnd
                ? new SubscribeToShardEvent(null, null, 0L, ShardReads.childShards(s, shard))
                : new SubscribeToShardEvent(null, continuation, ShardReads.millisBehindLatest(shardLog, next, records),
                        null);
        long bytes = ThroughputLimiter.sizeOf(records);
        // counted before it is sent: whoever has the event sees the gauge already set
        env.metrics().behind(streamName, consumer.name(), shardId, rest.millisBehindLatest());
        // the records as storage's views: the protocol layer writes them into the event's message
        RecordsAnswer<SubscribeToShardEvent> event = new RecordsAnswer<>(s, shard, records, null, rest,
                KinesisCodec::writeSubscribeToShardEvent, read == null ? ReadBuffers.NONE : read.buffers());
        if (records.isEmpty() || isShardEnd || !env.sharedEvents().isShared(logId)) {
            out.event(event);
        } else {
            // other subscriptions of this shard may stand where this one stood: they send this frame as it is
            ByteBuf frame = out.frame(event);
            env.sharedEvents().keep(new SharedEvents.Key(logId, from, out.framing()), new SharedEvents.Event(frame,
                    next, continuation, records.size(), bytes, rest.millisBehindLatest()));
            out.send(frame);
        }
        sent(out, records.size(), bytes, now, nowNanos);
        if (isShardEnd) {
            complete();
        } else if (next < shardLog.endPosition()) {
            wake(); // more is readable right now; later appends wake us through the shard's listeners
        }
    }

    /**
     * Sends the event another subscription of this shard framed at this subscription's position, if one is kept, and
     * moves on past it: no storage read, no encoding. Such an event is never the shard's last (that one is not kept).
     */
    private boolean sendShared(EventSink<RecordsAnswer<SubscribeToShardEvent>> out, long now, long nowNanos,
                               ShardLog shardLog) {
        SharedEvents.Event shared = env.sharedEvents().find(new SharedEvents.Key(logId, position, out.framing()));
        if (shared == null) {
            return false;
        }
        continuation = shared.continuation();
        position = shared.nextPosition();
        // counted before it is sent, as the gauge: whoever has the event sees both set
        env.metrics().behind(streamName, consumer.name(), shardId, shared.millisBehind());
        env.metrics().sharedEvent(streamName);
        out.send(shared.frame());
        sent(out, shared.records(), shared.recordBytes(), now, nowNanos);
        if (position < shardLog.endPosition()) {
            wake();
        }
        return true;
    }

    /** After an event went out: the heartbeat clock, the buffer peak, the rate and the metrics. */
    private void sent(EventSink<RecordsAnswer<SubscribeToShardEvent>> out, int records, long bytes, long now,
                      long nowNanos) {
        lastEventMs = now;
        peakBufferedBytes = Math.max(peakBufferedBytes, out.bufferedBytes());
        if (rate != null) {
            rate.take(bytes, nowNanos);
        }
        env.metrics().pushed(streamName, records, bytes);
    }

    /**
     * Records to ask storage for when {@code readable} are there: no more than that (a caught-up subscriber's
     * event carries a few records, and the read's list is sized by what it is asked for).
     */
    static int recordsToAsk(long readable) {
        return (int) Math.max(1, Math.min(MAX_EVENT_RECORDS, readable));
    }

    /**
     * The continuation before any record is pushed: the sequence number of the record before the
     * start, or the boundary sequence number of the start when there is none (empty or trimmed).
     */
    private static String continuationBefore(StreamInfo s, ShardInfo shard, ShardLog shardLog, long start) {
        if (start > shardLog.startPosition()) {
            ReadResult before = shardLog.read(start - 1, 1, 1);
            if (before.status() == ReadResult.Status.OK && !before.records().isEmpty()
                    && before.records().get(0).position() == start - 1) {
                return ShardReads.sequenceNumberOf(s, shard, before.records().get(0));
            }
        }
        return SequenceNumbers.boundary(s, shard, start);
    }

    /** The stream, shard and consumer as key-values of a log line (fields with {@code log-format=json}). */
    private LoggingEventBuilder about(LoggingEventBuilder line) {
        return line.addKeyValue("stream", streamName).addKeyValue("shard", shardId)
                .addKeyValue("consumer", consumer.arn());
    }
}
