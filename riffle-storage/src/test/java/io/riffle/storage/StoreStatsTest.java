package io.riffle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreStatsTest {

    @Test
    void eachSyncIsCountedAndHandedToTheObserver() {
        StoreStats stats = new StoreStats();
        stats.synced(7); // before an observer: counted only
        List<Long> observed = new ArrayList<>();
        stats.observeSyncs(observed::add);
        stats.synced(1_500);
        stats.synced(250_000);

        assertThat(observed).containsExactly(1_500L, 250_000L);
        assertThat(stats.journalSyncs()).isEqualTo(3);
        assertThat(stats.journalSyncNanos()).isEqualTo(251_507);
    }
}
