package io.riffle.cli.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, in log-linear buckets (HdrHistogram's idea, small): exact below 64 µs,
 * then 32 buckets per power of two, so a percentile is within about 3% of the true value. Any
 * thread may record; a reader sees a consistent-enough view for a progress line.
 *
 * <pre>
 *   value v (µs)        bucket
 *   0 .. 63             v
 *   2^k .. 2^(k+1)-1    64 + (k-6)*32 + ((v >> (k-5)) - 32)      for k >= 6
 * </pre>
 */
public final class LatencyHistogram {

    private static final int LINEAR = 64;
    private static final int SUB_BUCKETS = 32;
    private static final int MAX_POWER = 40; // about 12.7 days in µs; longer values are clamped
    static final int BUCKETS = LINEAR + (MAX_POWER - 6 + 1) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void recordMicros(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    public long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The latency at percentile {@code p} (0 to 100) in microseconds; 0 when empty. */
    public long percentileMicros(double p) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return value(i);
            }
        }
        return value(BUCKETS - 1);
    }

    public long maxMicros() {
        for (int i = BUCKETS - 1; i >= 0; i--) {
            if (counts.get(i) > 0) {
                return value(i);
            }
        }
        return 0;
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int power = Math.min(MAX_POWER, 63 - Long.numberOfLeadingZeros(micros));
        if (power == MAX_POWER && micros >= (2L << MAX_POWER)) {
            return BUCKETS - 1;
        }
        int shift = power - 5;
        return LINEAR + (power - 6) * SUB_BUCKETS + (int) ((micros >>> shift) - SUB_BUCKETS);
    }

    /** A bucket's representative value: its lowest value plus half its width. */
    static long value(int index) {
        if (index < LINEAR) {
            return index;
        }
        int power = (index - LINEAR) / SUB_BUCKETS + 6;
        int sub = (index - LINEAR) % SUB_BUCKETS;
        int shift = power - 5;
        return ((long) (sub + SUB_BUCKETS) << shift) + ((1L << shift) >> 1);
    }
}
