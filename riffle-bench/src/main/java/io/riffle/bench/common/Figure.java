package io.riffle.bench.common;

/** A figure {@link KafkaComparison} reports for each system, with its unit and which way is better. */
public enum Figure {
    RECORDS_PER_SECOND("records/s", true),
    MB_PER_SECOND("MB/s", true),
    P50_MS("p50 latency, ms", false),
    P99_MS("p99 latency, ms", false),
    SERVER_CPU_SECONDS_PER_GB("server CPU s per GB moved", false),
    CLIENT_CPU_SECONDS_PER_GB("load generator CPU s per GB moved", false),
    SERVER_PEAK_RSS_MIB("server peak RSS, MiB", false);

    private final String label;
    private final boolean isHigherBetter;

    Figure(String label, boolean isHigherBetter) {
        this.label = label;
        this.isHigherBetter = isHigherBetter;
    }

    public String label() {
        return label;
    }

    boolean isHigherBetter() {
        return isHigherBetter;
    }
}
