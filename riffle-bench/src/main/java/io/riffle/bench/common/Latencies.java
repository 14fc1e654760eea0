package io.riffle.bench.common;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** The load generators' latency histograms: microseconds, up to two minutes, three significant digits. */
public final class Latencies {
    /** The highest latency a histogram holds; slower ones count as this. */
    public static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

    private Latencies() {
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** The histogram's value at {@code percentile}, in milliseconds. */
    public static double ms(Histogram micros, double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Microseconds from {@code fromNanos} to {@code toNanos}, within what a histogram holds. */
    public static long micros(long fromNanos, long toNanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, (toNanos - fromNanos) / 1000));
    }
}
