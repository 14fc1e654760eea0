package io.riffle.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.bench.common.CommandLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutOptionsTest {
    @Test
    void theDefaultsAreTheIssuesBenchmark() throws Exception {
        FanOutOptions o = FanOutOptions.parse(new String[0]);
        assertThat(o.pushRates()).containsExactly(1_000, 20_000);
        assertThat(o.pollRates()).containsExactly(1_000);
        assertThat(o.consumerCounts()).containsExactly(1, 5, 20);
        assertThat(o.recordBytes()).isEqualTo(100);
        assertThat(o.preloadBytes()).isEqualTo(100_000_000L);
        assertThat(o.preloadRecords()).as("100 MB of 1 KiB records, rounded up").isEqualTo(97_657);
        assertThat(o.mostConsumers()).isEqualTo(20);
        assertThat(o.durability()).isEqualTo("fsync");
        assertThat(o.warmupSeconds()).as("JIT compilation settles after about 30 s").isEqualTo(30);
        assertThat(o.seconds()).isEqualTo(20);
        assertThat(o.isDrainWarmUp()).isTrue();
        assertThat(FanOutOptions.parse(new String[] {"--no-drain-warmup"}).isDrainWarmUp()).isFalse();
    }

    @Test
    void listsAndZeroForNone() throws Exception {
        FanOutOptions o = FanOutOptions.parse(new String[] {"--push-rates=500,2000", "--poll-rates=0",
            "--consumers=3", "--server-set=subscription-lifetime-ms=2000"});
        assertThat(o.pushRates()).containsExactly(500, 2_000);
        assertThat(o.pollRates()).isEmpty();
        assertThat(o.consumerCounts()).isEqualTo(List.of(3));
        assertThat(o.serverSettings()).containsEntry("subscription-lifetime-ms", "2000");
    }

    @Test
    void theBenchmarkKeepsThroughputLimitsOff() {
        assertThatThrownBy(() -> FanOutOptions.parse(new String[] {"--server-set=throughput-limits=true"}))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("limits stay off");
    }

    @Test
    void aRecordTooSmallForItsHeaderIsRefused() {
        assertThatThrownBy(() -> FanOutOptions.parse(new String[] {"--record-bytes=10"}))
                .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("--record-bytes");
    }

    @Test
    void helpIsNull() throws Exception {
        assertThat(FanOutOptions.parse(new String[] {"--help"})).isNull();
    }
}
