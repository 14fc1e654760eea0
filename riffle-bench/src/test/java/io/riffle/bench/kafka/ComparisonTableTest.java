package io.riffle.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.bench.common.Figure;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    @Test
    void numbersKeepAboutThreeSignificantDigits() {
        assertThat(ComparisonTable.number(61_973.4)).isEqualTo("61,973");
        assertThat(ComparisonTable.number(437.2)).isEqualTo("437");
        assertThat(ComparisonTable.number(63.46)).isEqualTo("63.5");
        assertThat(ComparisonTable.number(2.345)).isEqualTo("2.35");
        assertThat(ComparisonTable.number(0.0123)).isEqualTo("0.012");
        assertThat(ComparisonTable.number(0)).isEqualTo("0.00");
        assertThat(ComparisonTable.number(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void ratiosHaveTwoDecimalsAndAnX() {
        assertThat(ComparisonTable.ratio(0.6234)).isEqualTo("0.62x");
        assertThat(ComparisonTable.ratio(Double.NaN)).isEqualTo("n/a");
        assertThat(ComparisonTable.ratio(Double.POSITIVE_INFINITY)).isEqualTo("n/a");
    }

    @Test
    void oneRowPerPairWorkloadAndFigureWithMediansRatioAndEveryRun() {
        ComparisonResults results = new ComparisonResults();
        for (double v : List.of(60_000.0, 50_000.0, 70_000.0)) {
            results.add(DurabilityPair.FSYNC, "ingest 1 KiB", Figure.RECORDS_PER_SECOND, ComparisonResults.RIFFLE, v);
        }
        for (double v : List.of(100_000.0, 80_000.0)) {
            results.add(DurabilityPair.FSYNC, "ingest 1 KiB", Figure.RECORDS_PER_SECOND, ComparisonResults.KAFKA, v);
        }
        results.add(DurabilityPair.NONE, "whole round", Figure.SERVER_PEAK_RSS_MIB, ComparisonResults.RIFFLE, 400);

        List<String> lines = ComparisonTable.markdown(results).lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("| durability (Riffle / Kafka) | workload | figure | Riffle | Kafka | Riffle / Kafka");
        assertThat(lines.get(2)).isEqualTo("| fsync / flush.messages=1 | ingest 1 KiB | records/s | 60,000 | 90,000 | 0.67x "
                + "| 60,000 / 50,000 / 70,000; 100,000 / 80,000 |");
        // a figure only one system has: no ratio
        assertThat(lines.get(3)).isEqualTo("| none / default | whole round | server peak RSS, MiB | 400 | n/a | n/a | 400; - |");
    }

    @Test
    void aWorkloadResultAddsLatencyFiguresOnlyWhenItMeasuredLatency() {
        Histogram latency = new Histogram(120_000_000L, 3);
        latency.recordValueWithCount(2_000, 99);
        latency.recordValue(50_000);
        WorkloadResult ingest = new WorkloadResult("ingest 1 KiB", 10_000, 10_240_000, 2.0, latency, 1_000_000_000L,
                500_000_000L, "0.5 0.5 0.5 1/100 1", List.of());
        WorkloadResult read = new WorkloadResult("read back 1 KiB", 10_000, 10_240_000, 0.5, null, 100_000_000L,
                100_000_000L, "0.5", List.of());
        ComparisonResults results = new ComparisonResults();
        results.add(DurabilityPair.FSYNC, ComparisonResults.RIFFLE, ingest);
        results.add(DurabilityPair.FSYNC, ComparisonResults.RIFFLE, read);

        assertThat(results.rows()).extracting(r -> r.key().workload() + ": " + r.key().figure()).containsExactly(
                "ingest 1 KiB: RECORDS_PER_SECOND", "ingest 1 KiB: MB_PER_SECOND", "ingest 1 KiB: P50_MS",
                "ingest 1 KiB: P99_MS", "ingest 1 KiB: SERVER_CPU_SECONDS_PER_GB", "ingest 1 KiB: CLIENT_CPU_SECONDS_PER_GB",
                "read back 1 KiB: RECORDS_PER_SECOND", "read back 1 KiB: MB_PER_SECOND",
                "read back 1 KiB: SERVER_CPU_SECONDS_PER_GB", "read back 1 KiB: CLIENT_CPU_SECONDS_PER_GB");
        assertThat(results.row(DurabilityPair.FSYNC, "ingest 1 KiB", Figure.RECORDS_PER_SECOND).riffle()).isEqualTo(5_000);
        assertThat(results.row(DurabilityPair.FSYNC, "ingest 1 KiB", Figure.MB_PER_SECOND).riffle()).isEqualTo(5.12);
        assertThat(results.row(DurabilityPair.FSYNC, "ingest 1 KiB", Figure.P50_MS).riffle()).isEqualTo(2.0);
        assertThat(results.row(DurabilityPair.FSYNC, "ingest 1 KiB", Figure.P99_MS).riffle()).isEqualTo(2.0);
        // 1 s of server CPU for 10.24 MB
        assertThat(results.row(DurabilityPair.FSYNC, "ingest 1 KiB", Figure.SERVER_CPU_SECONDS_PER_GB).riffle())
                .isCloseTo(97.66, org.assertj.core.data.Offset.offset(0.01));
    }
}
