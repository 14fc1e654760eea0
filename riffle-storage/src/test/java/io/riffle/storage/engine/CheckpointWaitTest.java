package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.appendOk;
import static io.riffle.storage.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.Durability;
import io.riffle.storage.ShardLog;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint requested while another runs waits for it on a condition: the commit thread puts
 * the request aside once (it used to queue it again and sleep, over and over, holding the journal's
 * lock) and keeps committing appends; when the running checkpoint finishes, the waiting requests
 * are taken together, covering everything appended meanwhile.
 */
class CheckpointWaitTest {
    @TempDir
    Path temp;
    private StoreFixture fixture;

    @AfterEach
    void close() {
        fixture.simulated().holdSyncs(false);
        fixture.close();
    }

    @Test
    void aCheckpointRequestedDuringAnotherWaitsForItWithoutSpinning() throws Exception {
        // durability none: appends are acknowledged without a sync, so only the checkpoint's syncs are held
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.NONE, temp);
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.create("c");
        appendOk(log, 0, 5, 1);
        Journal journal = store.journal();

        fixture.simulated().holdSyncs(true);
        CompletableFuture<Void> running = journal.checkpoint();
        fixture.simulated().awaitHeldSync(); // the checkpoint thread is stuck syncing the segment
        CompletableFuture<Void> second = journal.checkpoint();
        CompletableFuture<Void> third = journal.checkpoint();
        appendOk(log, 5, 5, 2);
        // The commit thread takes what is queued together and writes (and acknowledges) the appends before it
        // handles the barriers, so the two requests may be put aside just after this append's acknowledgement.
        awaitDeferred(journal, 2);
        long deferrals = journal.checkpointDeferrals();
        for (int i = 0; i < 20; i++) {
            appendOk(log, 10 + i, 1, 3); // many turns of the commit thread's loop...
        }
        assertThat(journal.checkpointDeferrals()).as("...and no request was looked at again").isEqualTo(deferrals)
                .isEqualTo(2);
        assertThat(running).isNotDone();
        assertThat(second).isNotDone();

        fixture.simulated().holdSyncs(false);
        running.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertThat(journal.deferredCheckpoints()).isZero();

        // the waiting requests' checkpoint covered the appends made while they waited
        store = fixture.powerLossAndReopen(io.riffle.storage.io.SimulatedDisk.TailFate.DROP, new java.util.Random(3));
        assertThat(readAll(store.get("c").orElseThrow())).hasSize(30);
    }

    /** Probes until {@code expected} checkpoint requests wait; fails after 10 s. */
    private static void awaitDeferred(Journal journal, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (journal.deferredCheckpoints() != expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(journal.deferredCheckpoints()).isEqualTo(expected);
    }
}
