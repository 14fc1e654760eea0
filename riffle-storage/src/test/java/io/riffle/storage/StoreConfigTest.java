package io.riffle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
    @Test
    void anUnboundedLogsGenerationsAreUnboundedToo() {
        StoreConfig config = StoreConfig.at(Path.of("/data")).unboundedLogIds(Set.of("_meta"));
        assertThat(config.isUnbounded("_meta")).isTrue();
        assertThat(config.isUnbounded("_meta.3")).isTrue();
        assertThat(config.isUnbounded("_meta.x")).isFalse();
        assertThat(config.isUnbounded("_meta.")).isFalse();
        assertThat(config.isUnbounded("_metadata")).isFalse();
        assertThat(config.isUnbounded("s1-0")).isFalse();
    }

    @Test
    void durabilityNamesParseAndUnknownOnesSayWhatIsAllowed() {
        assertThat(Durability.parse("fsync")).isEqualTo(Durability.FSYNC);
        assertThat(Durability.parse(" Interval ")).isEqualTo(Durability.INTERVAL);
        assertThat(Durability.parse("NONE")).isEqualTo(Durability.NONE);
        assertThatThrownBy(() -> Durability.parse("sometimes"))
                .hasMessageContaining("fsync (default), interval or none");
    }

    @Test
    void inconsistentSettingsAreRefusedWithEveryProblemListed() {
        assertThat(StoreConfig.at(Path.of("x")).problems()).isEmpty();
        assertThatThrownBy(() -> StoreConfig.at(Path.of("x")).durability(Durability.INTERVAL).fsyncIntervalMs(0)
                .segmentMaxBytes(10).validate())
                .hasMessageContaining("fsync-interval-ms")
                .hasMessageContaining("segment-max-bytes");
    }
}
