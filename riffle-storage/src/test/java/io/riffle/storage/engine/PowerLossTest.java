package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.appendOk;
import static io.riffle.storage.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.riffle.storage.TestRecords;
import io.riffle.storage.AppendResult;
import io.riffle.storage.Durability;
import io.riffle.storage.LogCapture;
import io.riffle.storage.ShardLog;
import io.riffle.storage.io.SimulatedDisk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power losses on the simulated disk: what each durability setting keeps. Randomness is seeded;
 * the seed is in every assertion message.
 */
class PowerLossTest {
    @TempDir
    Path temp;
    private StoreFixture fixture;

    /**
     * A power loss stops the disk under the store's threads, whose writes then fail and say so;
     * the next open cuts the torn or unconfirmed tails that survived, and says so. Nothing else.
     */
    @RegisterExtension
    final LogCapture logs = LogCapture.ofNames("io.riffle.storage.engine")
            .expect(Level.WARN, "simulated power loss")
            .expect(Level.ERROR, "simulated power loss")
            .expect(Level.WARN, "cut \\d+ bytes from (position|offset) \\d+");

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        assertThat(logs.unexpected()).isEmpty();
    }

    @Test
    void fsyncLosesNothingAcknowledgedAcrossManyKillsAndPowerLosses() throws Exception {
        long seed = Long.getLong("riffle.test.seed", System.nanoTime());
        Random random = new Random(seed);
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp)
                .tune(c -> c.segmentMaxBytes(32 * 1024).checkpointIntervalMs(20));
        EmbeddedLogStore store = fixture.open();
        List<String> ids = List.of("p0", "p1", "p2", "p3");
        for (String id : ids) {
            store.create(id);
        }
        Map<String, Long> acknowledgedEnd = new HashMap<>();
        for (int round = 0; round < 40; round++) {
            String context = "seed " + seed + ", round " + round;
            List<CompletableFuture<AppendResult>> pending = new ArrayList<>();
            List<String> pendingLog = new ArrayList<>();
            Map<String, Long> next = new HashMap<>();
            for (String id : ids) {
                next.put(id, store.get(id).orElseThrow().endPosition());
            }
            boolean holdLate = random.nextBoolean();
            int appends = 5 + random.nextInt(30);
            for (int i = 0; i < appends; i++) {
                if (holdLate && i == appends / 2) {
                    fixture.simulated().holdSyncs(true); // later appends are written but never synced
                }
                String id = ids.get(random.nextInt(ids.size()));
                ShardLog log = store.get(id).orElseThrow();
                long predicted = next.get(id); // appends are all-or-nothing and in order per log
                int n = 1 + random.nextInt(20);
                next.put(id, predicted + n);
                pending.add(log.append(TestRecords.batch(id, predicted, n, fixture.advanceClock(1))));
                pendingLog.add(id);
                if (!holdLate && random.nextInt(4) == 0) {
                    pending.get(pending.size() - 1).get(10, TimeUnit.SECONDS);
                }
                if (random.nextInt(8) == 0) {
                    fixture.advanceClock(25); // lets checkpoints happen between appends
                }
            }
            if (!holdLate) {
                // the power goes once a seeded number of appends are acknowledged, others maybe in flight
                int acknowledged = random.nextInt(pending.size() + 1);
                for (int i = 0; i < acknowledged; i++) {
                    pending.get(i).get(10, TimeUnit.SECONDS);
                }
            }
            // a third of the rounds end with a killed process instead: its unsynced bytes stay in the page
            // cache, and the next round's power loss must not take what the recovery after the kill kept
            boolean kill = random.nextInt(3) == 0;
            if (kill) {
                fixture.simulated().holdSyncs(false);
            } else {
                fixture.simulated().powerLoss(SimulatedDisk.TailFate.RANDOM_PREFIX, random);
            }
            store.closeAbruptly();
            for (int i = 0; i < pending.size(); i++) {
                CompletableFuture<AppendResult> f = pending.get(i);
                if (f.isDone() && f.join().isOk()) {
                    AppendResult r = f.join();
                    acknowledgedEnd.merge(pendingLog.get(i), r.firstPosition() + r.count(), Math::max);
                }
            }
            if (!kill) {
                fixture.simulated().powerOn();
            }
            store = fixture.open();
            for (String id : ids) {
                ShardLog log = store.get(id).orElseThrow();
                assertThat(log.endPosition()).as("%s: end of %s", context, id)
                        .isGreaterThanOrEqualTo(acknowledgedEnd.getOrDefault(id, 0L));
                assertThat(readAll(log)).as("%s: records of %s", context, id).hasSize((int) log.endPosition());
                acknowledgedEnd.put(id, log.endPosition()); // what survived is the new baseline
            }
        }
    }

    @Test
    void noneLosesAcknowledgedRecordsOnPowerLossButFsyncDoesNot() throws Exception {
        for (Durability durability : List.of(Durability.NONE, Durability.FSYNC)) {
            fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, durability, temp);
            EmbeddedLogStore store = fixture.open();
            ShardLog log = store.create("d");
            appendOk(log, 0, 50, 1);
            appendOk(log, 50, 50, 2);
            store = fixture.powerLossAndReopen(SimulatedDisk.TailFate.DROP, new Random(1));
            long survived = store.get("d").orElseThrow().endPosition();
            if (durability == Durability.NONE) {
                assertThat(survived).as("none: the OS had not written anything yet").isZero();
            } else {
                assertThat(survived).as("fsync: every acknowledged record").isEqualTo(100);
                assertThat(readAll(store.get("d").orElseThrow())).hasSize(100);
            }
            fixture.close();
            fixture = null;
        }
    }

    /**
     * After a killed process, the segment bytes its journal confirmed are still in the page cache, not
     * on the disk; recovery keeps them and writes a checkpoint that lets that journal go. Unless
     * recovery syncs them first, a power loss later takes acknowledged records the journal no longer has.
     */
    @Test
    void fsyncKeepsWhatRecoveryAfterAKillConfirmedThroughALaterPowerLoss() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.create("k");
        appendOk(log, 0, 10, 1);
        appendOk(log, 10, 5, 2);
        store = fixture.crashAndReopen();
        assertThat(readAll(store.get("k").orElseThrow())).hasSize(15);
        store = fixture.powerLossAndReopen(SimulatedDisk.TailFate.DROP, new Random(4));
        assertThat(store.get("k").orElseThrow().endPosition()).as("acknowledged before the kill").isEqualTo(15);
        assertThat(readAll(store.get("k").orElseThrow())).hasSize(15);
    }

    @Test
    void intervalMakesAcknowledgedRecordsDurableOnceTheIntervalPasses() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.INTERVAL, temp);
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.create("i");
        appendOk(log, 0, 30, 1);
        long syncs = fixture.simulated().syncCount();
        fixture.advanceClock(10); // past the 5 ms interval of the fixture
        fixture.simulated().awaitSyncCountAbove(syncs); // the commit thread's interval sync
        store = fixture.powerLossAndReopen(SimulatedDisk.TailFate.DROP, new Random(2));
        assertThat(readAll(store.get("i").orElseThrow())).hasSize(30);
    }

    @Test
    void readersNeverSeeRecordsBeforeTheyAreDurable() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.create("v");
        appendOk(log, 0, 3, 1);
        fixture.simulated().holdSyncs(true);
        CompletableFuture<AppendResult> held = log.append(TestRecords.batch("v", 3, 4, 2));
        fixture.simulated().awaitHeldSync(); // the batch is written to segment and journal, its sync held
        assertThat(held).as("acknowledged only after the sync").isNotDone();
        assertThat(log.endPosition()).isEqualTo(3);
        assertThat(log.read(3, 10, 1 << 20).records()).isEmpty();
        fixture.simulated().holdSyncs(false);
        assertThat(held.get(10, TimeUnit.SECONDS).isOk()).isTrue();
        assertThat(readAll(log)).hasSize(7);
    }
}
