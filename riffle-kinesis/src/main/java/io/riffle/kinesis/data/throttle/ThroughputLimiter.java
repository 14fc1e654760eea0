package io.riffle.kinesis.data.throttle;

import io.riffle.storage.RecordCursor;
import io.riffle.storage.StoredRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Kinesis' per-shard throughput limits: one {@link ShardThrottle} per (stream incarnation, shard
 * index), created on the shard's first request. The data operations ask before they work and
 * build the ProvisionedThroughputExceededException themselves: this class only answers yes or no.
 *
 * <ul>
 *   <li>{@link #admitWrite} before an append: PutRecord asks for its record, PutRecords for each
 *       entry in request order (a refused entry fails alone; the others still go in);
 *   <li>{@link #admitReadCall} before a GetRecords reads, then {@link #chargeRead} with the bytes
 *       it returned: a read beyond the budget throttles the calls after it until paid back.
 * </ul>
 *
 * A throttle is keyed by the stream incarnation, never reused, so a deleted and recreated stream
 * starts with fresh budgets. Throttles whose budgets are all full are dropped now and then (at most
 * once per {@link #SWEEP_INTERVAL_NANOS}, by whichever request comes by): a new one behaves the
 * same, so memory follows the shards in use, not every shard that ever was.
 *
 * <p>Thread-safe. The only lock is each throttle's monitor, held for a few arithmetic steps. A
 * disabled limiter ({@code throughput-limits=false}) admits everything without a lookup.
 */
public final class ThroughputLimiter {
    static final long SWEEP_INTERVAL_NANOS = 60L * TokenBucket.NANOS_PER_SECOND;
    private static final ThroughputLimiter DISABLED = new ThroughputLimiter(null, null);

    private final ShardLimits limits;
    private final LongSupplier nanoClock;
    private final Map<Long, ShardThrottle> throttles = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepNanos;

    private ThroughputLimiter(ShardLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.lastSweepNanos = new AtomicLong(nanoClock == null ? 0 : nanoClock.getAsLong());
    }

    /** Enforces {@code limits}, with time from {@code nanoClock} ({@code System::nanoTime} in a server). */
    public static ThroughputLimiter enforcing(ShardLimits limits, LongSupplier nanoClock) {
        if (limits == null || nanoClock == null) {
            throw new IllegalArgumentException("limits and clock are required");
        }
        return new ThroughputLimiter(limits, nanoClock);
    }

    /** Admits everything. */
    public static ThroughputLimiter disabled() {
        return DISABLED;
    }

    public boolean isEnabled() {
        return limits != null;
    }

    /** The limits enforced; null when disabled. */
    public ShardLimits limits() {
        return limits;
    }

    /**
     * Whether the shard may take {@code records} more records of {@code bytes} bytes (data plus
     * partition keys) now; if so they are charged.
     */
    public boolean admitWrite(long incarnation, int shardIndex, int records, long bytes) {
        if (limits == null) {
            return true;
        }
        long key = key(incarnation, shardIndex);
        while (true) {
            long now = nanoClock.getAsLong();
            ShardThrottle.Admission a = throttle(key, now).admitWrite(records, bytes, now);
            if (a != ShardThrottle.Admission.RETIRED) {
                return a == ShardThrottle.Admission.ADMITTED;
            }
        }
    }

    /** Whether the shard may serve one more GetRecords call now; if so the call is charged. */
    public boolean admitReadCall(long incarnation, int shardIndex) {
        if (limits == null) {
            return true;
        }
        long key = key(incarnation, shardIndex);
        while (true) {
            long now = nanoClock.getAsLong();
            ShardThrottle.Admission a = throttle(key, now).admitReadCall(now);
            if (a != ShardThrottle.Admission.RETIRED) {
                return a == ShardThrottle.Admission.ADMITTED;
            }
        }
    }

    /** Charges the bytes an admitted GetRecords returned (see {@link #sizeOf}). */
    public void chargeRead(long incarnation, int shardIndex, long bytes) {
        if (limits == null || bytes <= 0) {
            return;
        }
        long key = key(incarnation, shardIndex);
        while (true) {
            long now = nanoClock.getAsLong();
            if (throttle(key, now).chargeRead(bytes, now) != ShardThrottle.Admission.RETIRED) {
                return;
            }
        }
    }

    /** The bytes Kinesis counts for records read: data plus partition keys (as the read counted them). */
    public static long sizeOf(List<StoredRecord> records) {
        return RecordCursor.payloadBytes(records);
    }

    /** Shards with a throttle now (for tests and metrics). */
    int trackedShards() {
        return throttles.size();
    }

    private ShardThrottle throttle(long key, long now) {
        maybeSweep(now);
        ShardThrottle t = throttles.get(key);
        if (t == null) {
            t = throttles.computeIfAbsent(key, k -> new ShardThrottle(limits, now));
        }
        return t;
    }

    /** Drops idle throttles, at most once per interval; the request that wins the race does it. */
    private void maybeSweep(long now) {
        long last = lastSweepNanos.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweepNanos.compareAndSet(last, now)) {
            return;
        }
        throttles.forEach((key, t) -> {
            if (t.retireIfIdle(now)) {
                throttles.remove(key, t);
            }
        });
    }

    /** Incarnations fit in 32 bits and shard indexes in 24 (see SequenceNumber): one long holds both. */
    static long key(long incarnation, int shardIndex) {
        return (incarnation << 32) | (shardIndex & 0xFFFF_FFFFL);
    }
}
