package io.riffle.kinesis.data.throttle;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in every second up to {@code capacity}; a
 * request for {@code n} tokens is admitted when the bucket holds them. Pure arithmetic: time is an
 * argument ({@code nowNanos}, from whatever clock the owner injects), so several buckets can judge
 * one request at one instant and tests can step time exactly.
 *
 * <p><b>Burst.</b> Kinesis states its shard limits per second and documents no burst allowance
 * beyond that (throttling is judged per second, which is why one-minute CloudWatch averages hide
 * "micro spikes"). The owner therefore gives each bucket a capacity of one second of its rate: an
 * idle shard takes a full second's worth at once, and a steady stream at the rate never waits.
 *
 * <p><b>Debt.</b> A request larger than the capacity (a 1 MiB record against a lower limit, a
 * 10 MiB GetRecords against 2 MiB/s) could never be admitted by the plain rule, so a full bucket
 * admits it anyway and goes negative: the excess is paid back at the rate before anything else
 * passes. {@link #take} (charge after the fact) may also go into debt; that is how a read bigger
 * than the budget throttles the calls after it.
 *
 * <p><b>Exactness.</b> Tokens are whole units plus a remainder in billionths of a unit, so refill
 * is exact integer arithmetic: {@code elapsedNanos * ratePerSecond / 1e9} with the remainder kept,
 * never lost to rounding however often the bucket is asked. Rates up to {@link #MAX_RATE_PER_SECOND}
 * cannot overflow.
 *
 * <p>Not thread-safe: the owner serialises access (one lock per shard, see {@link ShardThrottle}).
 * No method allocates or throws on the request path; refusal is the {@code false} of
 * {@link #tryTake}.
 */
public final class TokenBucket {
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Largest rate (and capacity): 2^33 per second, far above any disk, keeps every product below 2^63. */
    public static final long MAX_RATE_PER_SECOND = 1L << 33;
    /** Idle for this long the bucket is full whatever its debt; avoids overflow in the refill product. */
    private static final long SATURATE_SECONDS = 1L << 28;

    private final long capacity;
    private final long ratePerSecond;
    /** Whole tokens; negative while in debt. */
    private long tokens;
    /** Fractional tokens, in billionths of a token: 0 <= remainder < 1e9. */
    private long remainder;
    private long lastRefillNanos;

    /**
     * A full bucket.
     *
     * @param capacity most tokens it holds (the burst), at least 1
     * @param ratePerSecond tokens added per second, at least 1
     * @param nowNanos the owner's clock now
     */
    public TokenBucket(long capacity, long ratePerSecond, long nowNanos) {
        if (capacity < 1 || capacity > MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException("capacity " + capacity + " is not in [1, " + MAX_RATE_PER_SECOND + "]");
        }
        if (ratePerSecond < 1 || ratePerSecond > MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException("rate " + ratePerSecond + "/s is not in [1, " + MAX_RATE_PER_SECOND + "]");
        }
        this.capacity = capacity;
        this.ratePerSecond = ratePerSecond;
        this.tokens = capacity;
        this.lastRefillNanos = nowNanos;
    }

    /** A bucket whose capacity is one second of its rate (the Kinesis shard limits). */
    public static TokenBucket perSecond(long ratePerSecond, long nowNanos) {
        return new TokenBucket(ratePerSecond, ratePerSecond, nowNanos);
    }

    /**
     * Takes {@code n} tokens if the bucket holds them, or if it is full (a request larger than the
     * capacity is admitted from a full bucket, into debt). Otherwise takes nothing.
     *
     * @param n tokens wanted, at least 0
     * @return whether they were taken
     */
    public boolean tryTake(long n, long nowNanos) {
        refill(nowNanos);
        if (!admits(n)) {
            return false;
        }
        tokens -= n;
        return true;
    }

    /** Whether {@link #tryTake} would take {@code n} tokens now; takes nothing. */
    public boolean canTake(long n, long nowNanos) {
        refill(nowNanos);
        return admits(n);
    }

    /** Takes {@code n} tokens whatever the bucket holds, into debt if need be (a charge after the fact). */
    public void take(long n, long nowNanos) {
        refill(nowNanos);
        tokens -= n;
    }

    /** Whole tokens held now; negative while in debt. */
    public long available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    /** Whether the bucket is full now: it then behaves exactly as a new one. */
    public boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens == capacity;
    }

    public long capacity() {
        return capacity;
    }

    public long ratePerSecond() {
        return ratePerSecond;
    }

    private boolean admits(long n) {
        return tokens >= n || tokens == capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed <= 0) {
            return; // same instant, or a clock that stepped back: no tokens, and no time is lost later
        }
        lastRefillNanos = nowNanos;
        if (tokens == capacity) {
            return;
        }
        long seconds = elapsed / NANOS_PER_SECOND;
        if (seconds >= SATURATE_SECONDS) {
            fill();
            return;
        }
        // seconds * rate < 2^28 * 2^33; (subsecond * rate + remainder) < 1e9 * 2^33 + 1e9 < 2^63
        long fraction = (elapsed % NANOS_PER_SECOND) * ratePerSecond + remainder;
        tokens += seconds * ratePerSecond + fraction / NANOS_PER_SECOND;
        remainder = fraction % NANOS_PER_SECOND;
        if (tokens >= capacity) {
            fill();
        }
    }

    private void fill() {
        tokens = capacity;
        remainder = 0;
    }

    @Override
    public String toString() {
        return "TokenBucket{" + tokens + "/" + capacity + " at " + ratePerSecond + "/s}";
    }
}
