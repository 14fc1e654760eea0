package io.riffle.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.bench.common.CommandLine;
import io.riffle.bench.fanout.LatencyReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonOptionsTest {

    @Test
    void defaultsAreTheIssuesWorkloads() throws Exception {
        ComparisonOptions o = ComparisonOptions.parse(new String[0]);
        assertThat(o.pairs()).containsExactly(DurabilityPair.FSYNC, DurabilityPair.NONE);
        assertThat(o.recordBytes()).containsExactly(1024, 100);
        assertThat(o.producers()).isEqualTo(4);
        assertThat(o.shards()).isEqualTo(8);
        assertThat(o.latencyRate()).isEqualTo(1000);
        assertThat(o.latencyReader()).isEqualTo(LatencyReader.GET_RECORDS);
        assertThat(o.warmupRounds()).isEqualTo(1);
        assertThat(o.jvmOptions(List.of("-XX:+UseG1GC"))).containsExactly("-Xmx1g", "-XX:+UseG1GC");
    }

    @Test
    void quickShortensTheRunButGivenOptionsWin() throws Exception {
        ComparisonOptions o = ComparisonOptions.parse(new String[] {"--quick", "--reps=2"});
        assertThat(o.reps()).isEqualTo(2);
        assertThat(o.warmupRounds()).isZero();
        assertThat(o.seconds()).isEqualTo(3);
        assertThat(o.chart()).isNull();
    }

    @Test
    void theLatencyReaderIsGetRecordsOrSubscribeToShard() throws Exception {
        assertThat(ComparisonOptions.parse(new String[] {}).latencyReader()).isEqualTo(LatencyReader.GET_RECORDS);
        assertThat(ComparisonOptions.parse(new String[] {"--latency-reader=subscribe"}).latencyReader())
                .isEqualTo(LatencyReader.SUBSCRIBE_TO_SHARD);
        assertThatThrownBy(() -> ComparisonOptions.parse(new String[] {"--latency-reader=poll"}))
                .isInstanceOf(CommandLine.UsageException.class)
                .hasMessageContaining("neither getrecords nor subscribe");
    }

    @Test
    void recordBytesNoneLeavesOnlyTheLatencyWorkload() throws Exception {
        ComparisonOptions o = ComparisonOptions.parse(new String[] {"--record-bytes=none"});
        assertThat(o.recordBytes()).isEmpty();
        assertThat(o.describe()).contains("--record-bytes=none ");
    }

    @Test
    void unknownDurabilityPairsAreRefused() {
        assertThatThrownBy(() -> ComparisonOptions.parse(new String[] {"--durability=interval"}))
                .isInstanceOf(CommandLine.UsageException.class)
                .hasMessageContaining("neither fsync nor none");
    }
}
