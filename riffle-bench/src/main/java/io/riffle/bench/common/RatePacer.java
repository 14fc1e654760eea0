package io.riffle.bench.common;

import java.util.ArrayList;
import java.util.List;

/**
 * Open-loop pacing of a producer at a fixed rate: at any moment, {@code floor(elapsed x rate)}
 * records are due since the start, whatever the server's answers took. The producer wakes on a
 * fixed grid of ticks ({@code start + k x interval}) and sends what is due; a tick that wakes late
 * finds more due and sends it at once, so a slow server or a descheduled producer does not lower
 * the offered rate (no coordinated omission from a closed loop).
 *
 * <p>Pure arithmetic on {@code System.nanoTime()} values; not thread-safe (one producer thread).
 */
public final class RatePacer {
    private final long recordsPerSecond;
    private final long startNanos;
    private final long intervalNanos;
    private long released;

    /**
     * @param recordsPerSecond the rate, > 0
     * @param intervalNanos    time between ticks, > 0
     */
    public RatePacer(long recordsPerSecond, long intervalNanos, long startNanos) {
        if (recordsPerSecond <= 0 || intervalNanos <= 0) {
            throw new IllegalArgumentException("rate and interval must be positive: " + recordsPerSecond + ", "
                    + intervalNanos);
        }
        this.recordsPerSecond = recordsPerSecond;
        this.startNanos = startNanos;
        this.intervalNanos = intervalNanos;
    }

    /** Records due by {@code nowNanos} and not yet released; 0 before the start. */
    public long dueAt(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (elapsed <= 0) {
            return 0;
        }
        // exact in longs: 10^6 records/s for 10^12 ns (17 minutes) stays below 2^63
        return Math.max(0, Math.multiplyExact(elapsed, recordsPerSecond) / 1_000_000_000L - released);
    }

    /** The producer sent {@code records} of what was due. */
    public void release(long records) {
        released += records;
    }

    long released() {
        return released;
    }

    /** The first tick strictly after {@code nowNanos}. */
    public long tickAfter(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (elapsed < 0) {
            return startNanos;
        }
        return startNanos + (elapsed / intervalNanos + 1) * intervalNanos;
    }

    /** {@code due} records cut into calls of at most {@code maxBatch}: 1,200 by 500 is 500, 500, 200. */
    public static List<Integer> batches(long due, int maxBatch) {
        List<Integer> sizes = new ArrayList<>();
        for (long left = due; left > 0; left -= maxBatch) {
            sizes.add((int) Math.min(left, maxBatch));
        }
        return sizes;
    }
}
