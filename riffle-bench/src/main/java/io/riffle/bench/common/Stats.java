package io.riffle.bench.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics the benchmarks quote: medians of repeated runs and ratios between systems. */
public final class Stats {
    private Stats() {
    }

    /** The median of {@code values} (mean of the middle two for an even count); NaN for none. NaNs are left out. */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>();
        for (Double v : values) {
            if (v != null && !Double.isNaN(v)) {
                sorted.add(v);
            }
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().filter(v -> v != null && !Double.isNaN(v)).mapToDouble(Double::doubleValue).min()
                .orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().filter(v -> v != null && !Double.isNaN(v)).mapToDouble(Double::doubleValue).max()
                .orElse(Double.NaN);
    }

    /** {@code a / b}; NaN when either is unknown or {@code b} is 0. */
    public static double ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return Double.NaN;
        }
        return a / b;
    }

    /** Seconds of CPU per GB (10^9 bytes) moved; NaN when nothing moved or the CPU time is unknown. */
    public static double cpuSecondsPerGb(long cpuNanos, long bytes) {
        if (cpuNanos < 0 || bytes <= 0) {
            return Double.NaN;
        }
        return (cpuNanos / 1e9) / (bytes / 1e9);
    }
}
