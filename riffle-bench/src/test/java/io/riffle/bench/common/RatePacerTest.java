package io.riffle.bench.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RatePacerTest {
    private static final long START = 1_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void nothingIsDueBeforeTheStart() {
        RatePacer pacer = new RatePacer(1_000, 5 * MS, START);
        assertThat(pacer.dueAt(START - 1)).isZero();
        assertThat(pacer.dueAt(START)).isZero();
    }

    @Test
    void aThousandPerSecondOnFiveMillisecondTicksIsFivePerTick() {
        RatePacer pacer = new RatePacer(1_000, 5 * MS, START);
        long tick = pacer.tickAfter(START);
        assertThat(tick).isEqualTo(START + 5 * MS);
        for (int i = 0; i < 200; i++) {
            long due = pacer.dueAt(tick);
            assertThat(due).as("tick %d", i).isEqualTo(5);
            pacer.release(due);
            tick = pacer.tickAfter(tick);
        }
        assertThat(pacer.released()).as("one second's worth").isEqualTo(1_000);
    }

    @Test
    void aLateTickFindsTheBacklogDueSoTheRateHolds() {
        RatePacer pacer = new RatePacer(20_000, 5 * MS, START);
        pacer.release(pacer.dueAt(START + 5 * MS));
        assertThat(pacer.released()).isEqualTo(100);
        // the producer was descheduled for 38 ms: everything since the last send is due at once
        long late = START + 43 * MS;
        assertThat(pacer.dueAt(late)).isEqualTo(860 - 100);
        assertThat(pacer.tickAfter(late)).as("back on the grid").isEqualTo(START + 45 * MS);
    }

    @Test
    void fractionalRatesAddUpWithoutDrift() {
        RatePacer pacer = new RatePacer(333, 5 * MS, START);
        long sent = 0;
        for (long t = START + 5 * MS; t <= START + 10_000 * MS; t += 5 * MS) {
            long due = pacer.dueAt(t);
            pacer.release(due);
            sent += due;
        }
        assertThat(sent).isEqualTo(3_330);
    }

    @Test
    void aTickExactlyOnTheGridIsFollowedByTheNextOne() {
        RatePacer pacer = new RatePacer(1_000, 5 * MS, START);
        assertThat(pacer.tickAfter(START + 10 * MS)).isEqualTo(START + 15 * MS);
        assertThat(pacer.tickAfter(START - 7)).isEqualTo(START);
    }

    @Test
    void dueRecordsAreCutIntoCallsOfAtMostTheBatchLimit() {
        assertThat(RatePacer.batches(1_200, 500)).containsExactly(500, 500, 200);
        assertThat(RatePacer.batches(500, 500)).containsExactly(500);
        assertThat(RatePacer.batches(3, 500)).containsExactly(3);
        assertThat(RatePacer.batches(0, 500)).isEmpty();
    }

    @Test
    void aRateOrIntervalThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new RatePacer(0, 5 * MS, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(1_000, 0, START)).isInstanceOf(IllegalArgumentException.class);
    }
}
