package io.riffle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
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
