package io.riffle.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.bench.common.PhaseCost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FanOutTableTest {
    private static final PhaseCost COST = new PhaseCost("0.52 0.80 1.10 2/250 999", 20.0, 4_000_000_000L,
            6_000_000_000L, 12_000_000_000L, 3_100_000_000L, 500_000_000L);

    private static LatencyResult push(int rate, long p99Micros) {
        return new LatencyResult("SubscribeToShard (push)", true, rate, rate * 0.999, 20_000, 1_234, p99Micros, 15_600,
                250_000, 900, 3_100, "PutRecords 200/s", COST);
    }

    @Test
    void millisecondsKeepAboutThreeSignificantDigits() {
        assertThat(FanOutTable.ms(412)).isEqualTo("0.412");
        assertThat(FanOutTable.ms(3_581)).isEqualTo("3.58");
        assertThat(FanOutTable.ms(41_230)).isEqualTo("41.2");
        assertThat(FanOutTable.ms(512_400)).isEqualTo("512");
        assertThat(FanOutTable.ms(-1)).isEqualTo("n/a");
    }

    @Test
    void aLatencyRowHasEveryColumnOfTheHeader() {
        List<String> lines = FanOutTable.latencyTable(List.of(push(1_000, 4_200)));
        assertThat(lines).hasSize(3);
        assertThat(columns(lines.get(0))).isEqualTo(columns(lines.get(1))).isEqualTo(columns(lines.get(2)));
        assertThat(lines.get(2)).isEqualTo("| SubscribeToShard (push) | 1,000 | 999 | 20,000 | 1.23 | 4.20 | 15.6 | 250 "
                + "| 0.900 / 3.10 | PutRecords 200/s | 4.0 s (20%) | 6.0 s (30%) | 2.0 s (10%) | 3.1 s / 0.5 s | 0.52 |");
    }

    @Test
    void theVerdictComparesTheThousandPerSecondPushRunWithTenMilliseconds() {
        assertThat(FanOutTable.verdict(List.of(push(20_000, 50_000), push(1_000, 9_990))))
                .contains("**met**").contains("p99 = 9.99 ms");
        assertThat(FanOutTable.verdict(List.of(push(1_000, 10_000)))).contains("**not met**").contains("p99 = 10.0 ms");
        assertThat(FanOutTable.verdict(List.of(push(20_000, 1_000)))).as("no run at 1,000 records/s").isNull();
    }

    @Test
    void aDrainRowShowsAggregateAndPerConsumerFigures() {
        DrainResult r = new DrainResult(2, 100_000, 102_400_000, new double[] {2.0, 4.0}, 4.0, "12 / 15 / 18", 1,
                Map.of(), "ok", COST);
        List<String> lines = FanOutTable.drainTable(List.of(r));
        assertThat(columns(lines.get(0))).isEqualTo(columns(lines.get(1))).isEqualTo(columns(lines.get(2)));
        // 2 x 102.4 MB in 4 s; consumers at 51.2 and 25.6 MB/s
        assertThat(lines.get(2)).isEqualTo("| 2 | 100,000 | 102.4 | 4.0 | 51.2 | 50,000 | 25.6 / 38.4 / 51.2 "
                + "| 12 / 15 / 18 | 1 | yes | 4.0 s (20%) | 6.0 s (30%) | 2.0 s (10%) | 3.1 s / 0.5 s | 0.52 |");
    }

    @Test
    void aFailedDrainSaysSoAndLeavesUnfinishedConsumersOut() {
        DrainResult r = new DrainResult(2, 1_000, 1_000_000, new double[] {1.0, -1}, 60.0, "40 / 40 / 40", 0, Map.of(),
                "consumer 1: received 10", COST);
        String row = FanOutTable.drainTable(List.of(r)).get(2);
        assertThat(row).contains("| **NO** |").contains("| 1.0 / 1.0 / 1.0 |");
    }

    @Test
    void cpuFiguresSayNotAvailableWhenLinuxDidNotTell() {
        PhaseCost unknown = new PhaseCost("?", 10.0, -1, 1_000_000_000L, -1, -1, 2_000_000_000L);
        assertThat(unknown.server()).isEqualTo("n/a");
        assertThat(unknown.loadGenerator()).isEqualTo("1.0 s (10%)");
        assertThat(unknown.elsewhere()).isEqualTo("n/a");
        assertThat(unknown.oneMinuteLoad()).isEqualTo("?");
        assertThat(unknown.runQueueWaits()).isEqualTo("n/a / 2.0 s");
    }

    @Test
    void numbersArePrintedAsTyped() {
        assertThat(FanOutTable.plain(20)).isEqualTo("20");
        assertThat(FanOutTable.plain(2.5)).isEqualTo("2.5");
    }

    private static long columns(String line) {
        return line.chars().filter(c -> c == '|').count();
    }
}
