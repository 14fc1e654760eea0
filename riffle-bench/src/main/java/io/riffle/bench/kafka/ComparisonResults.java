package io.riffle.bench.kafka;

import io.riffle.bench.common.Figure;
import io.riffle.bench.common.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a {@link KafkaComparison}: for each durability pair, workload and figure, the
 * value each system reached in each measured round, in the order they were added (which is the
 * order the table and chart show them). Medians across rounds are what gets quoted.
 *
 * <p>Used by the main thread.
 */
public final class ComparisonResults {
    static final String RIFFLE = "Riffle";
    static final String KAFKA = "Kafka";

    /** One line of the table. */
    record Key(DurabilityPair pair, String workload, Figure figure) {
    }

    /** A key's medians, their ratio and spread. */
    record Row(Key key, double riffle, double kafka, List<Double> riffleValues, List<Double> kafkaValues) {
        /** Riffle's median over Kafka's. */
        double ratio() {
            return Stats.ratio(riffle, kafka);
        }
    }

    private final Map<Key, Map<String, List<Double>>> values = new LinkedHashMap<>();

    void add(DurabilityPair pair, String workload, Figure figure, String system, double value) {
        values.computeIfAbsent(new Key(pair, workload, figure), k -> new LinkedHashMap<>())
                .computeIfAbsent(system, s -> new ArrayList<>())
                .add(value);
    }

    /** Adds every figure of one workload's result. */
    void add(DurabilityPair pair, String system, WorkloadResult r) {
        add(pair, r.workload(), Figure.RECORDS_PER_SECOND, system, r.recordsPerSecond());
        add(pair, r.workload(), Figure.MB_PER_SECOND, system, r.mbPerSecond());
        if (r.latencyMicros() != null) {
            add(pair, r.workload(), Figure.P50_MS, system, r.latencyMs(50));
            add(pair, r.workload(), Figure.P99_MS, system, r.latencyMs(99));
        }
        add(pair, r.workload(), Figure.SERVER_CPU_SECONDS_PER_GB, system, r.serverCpuSecondsPerGb());
        add(pair, r.workload(), Figure.CLIENT_CPU_SECONDS_PER_GB, system, r.clientCpuSecondsPerGb());
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        values.forEach((key, bySystem) -> {
            List<Double> riffle = bySystem.getOrDefault(RIFFLE, List.of());
            List<Double> kafka = bySystem.getOrDefault(KAFKA, List.of());
            rows.add(new Row(key, Stats.median(riffle), Stats.median(kafka), List.copyOf(riffle), List.copyOf(kafka)));
        });
        return rows;
    }

    /** The row of one key, or null. */
    Row row(DurabilityPair pair, String workload, Figure figure) {
        for (Row r : rows()) {
            if (r.key().equals(new Key(pair, workload, figure))) {
                return r;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }
}
