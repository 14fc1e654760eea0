package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.appendOk;
import static io.riffle.storage.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;

import io.riffle.storage.TestRecords;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.Durability;
import io.riffle.storage.IoErrorKind;
import io.riffle.storage.LogCapture;
import io.riffle.storage.ShardLog;
import io.riffle.storage.format.RecordBatch;
import io.riffle.storage.io.SimulatedDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A failed fsync and a full disk: the append fails clearly, nothing acknowledged is harmed. */
class IoFailureTest {
    @TempDir
    Path temp;
    private StoreFixture fixture;

    /** What a failed write logs, and what recovery says it cut (the unacknowledged tails). */
    @RegisterExtension
    final LogCapture logs = LogCapture.of(LocalShardLog.class, Journal.class, Checkpointer.class, LogRecovery.class)
            .expect(Level.ERROR, "No space left on device|Input/output error")
            .expect(Level.WARN, "No space left on device")
            .expect(Level.WARN, "cut \\d+ bytes from position");

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static List<AppendRecord> poison(int count) {
        byte[] data = "NEVER-ACKNOWLEDGED".getBytes(StandardCharsets.UTF_8);
        return java.util.Collections.nCopies(count, AppendRecord.of("bad".getBytes(StandardCharsets.UTF_8), data, 3));
    }

    @Test
    void failedFsyncFailsTheAppendAndTheShardContinuesAfterItsLastAcknowledgedRecord() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.create("s");
        ShardLog other = store.create("o");
        appendOk(log, 0, 10, 1);
        List<String> journalsBefore = fixture.io.list(fixture.dir.resolve("journal"));

        fixture.simulated().failNextSyncs(1);
        AppendResult failed = log.append(poison(5)).get(10, TimeUnit.SECONDS);
        assertThat(failed.status()).isEqualTo(AppendResult.Status.IO_ERROR);
        assertThat(failed.detail()).contains("fsync failure");
        assertThat(log.endPosition()).isEqualTo(10);

        appendOk(log, 10, 4, 4); // rolled back: continues right after the last acknowledged record
        appendOk(other, 0, 2, 4);
        assertThat(readAll(log)).hasSize(14);
        assertThat(fixture.io.list(fixture.dir.resolve("journal")))
                .as("the journal rolled to a new file").isNotEqualTo(journalsBefore);

        store = fixture.powerLossAndReopen(SimulatedDisk.TailFate.RANDOM_PREFIX, new Random(7));
        assertThat(readAll(store.get("s").orElseThrow())).hasSize(14);
        assertThat(readAll(store.get("o").orElseThrow())).hasSize(2);
        assertThat(logs.messages(Level.ERROR)).singleElement().asString()
                .contains("write/sync failed", "1 appends fail", "fsync failure");
        assertThat(logs.unexpected()).isEmpty();
    }

    @Test
    void aFullDiskFailsAppendsUntilSpaceIsFreedWhetherTheSegmentOrTheJournalWriteHitsIt() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.create("full");
        appendOk(log, 0, 20, 1);

        List<AppendRecord> bad = poison(50);
        long batchBytes = RecordBatch.encodedSize(bad);
        io.riffle.storage.StoreHealth health = store.health();
        assertThat(health.problem()).isEmpty();
        // no room for the segment write
        fixture.clock.set(1_000);
        fixture.simulated().capacityBytes(fixture.simulated().usedBytes() + batchBytes / 2);
        AppendResult r = log.append(bad).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(AppendResult.Status.DISK_FULL);
        assertThat(r.detail()).contains("No space left on device");
        assertThat(health.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(IoErrorKind.DISK_FULL);
            assertThat(p.sinceMs()).isEqualTo(1_000);
            assertThat(p.detail()).contains("write to /sim/store/logs/full/", "No space left on device");
        });
        // room for the segment write, none for the journal group that repeats it
        fixture.clock.set(2_000);
        fixture.simulated().capacityBytes(fixture.simulated().usedBytes() + batchBytes + 8);
        r = log.append(bad).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(AppendResult.Status.DISK_FULL);
        assertThat(log.endPosition()).isEqualTo(20);
        assertThat(readAll(log)).hasSize(20);
        assertThat(health.problem()).hasValueSatisfying(p -> {
            assertThat(p.sinceMs()).as("full since the first failure").isEqualTo(1_000);
            assertThat(p.detail()).contains("journal write to /sim/store/journal/");
        });
        assertThat(health.ioErrors(IoErrorKind.DISK_FULL)).isEqualTo(2);
        assertThat(health.ioErrors(IoErrorKind.IO_ERROR)).isZero();

        fixture.simulated().capacityBytes(Long.MAX_VALUE); // space freed
        appendOk(log, 20, 5, 5);
        assertThat(health.problem()).as("healthy once an append succeeds").isEmpty();
        assertThat(readAll(log)).hasSize(25);
        // once per failing spell at WARN/ERROR, the repeat at DEBUG
        assertThat(logs.messages(Level.WARN)).filteredOn(m -> m.contains("No space left")).hasSize(1);
        assertThat(logs.messages(Level.ERROR)).isEmpty();
        store = fixture.powerLossAndReopen(SimulatedDisk.TailFate.RANDOM_PREFIX, new Random(11));
        assertThat(readAll(store.get("full").orElseThrow())).hasSize(25);
    }

    @Test
    void appendsQueuedBehindOneThatHitAFullDiskFailAsDiskFullToo() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp).tune(c -> c.maxGroupBytes(1));
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.create("q");
        ShardLog other = store.create("o");
        appendOk(log, 0, 3, 1);
        fixture.simulated().holdSyncs(true);
        var blocking = other.append(TestRecords.batch("o", 0, 1, 1));
        fixture.simulated().awaitHeldSync(); // the commit thread has written it and waits in its sync
        long before = fixture.simulated().usedBytes();
        List<AppendRecord> bad = poison(4);
        var first = log.append(bad);
        var second = log.append(bad);
        // both batches reach the segment (owner thread), then wait in the journal queue, one group each
        long segmentBytes = 2 * RecordBatch.encodedSize(bad);
        while (fixture.simulated().usedBytes() < before + segmentBytes) {
            Thread.onSpinWait();
        }
        fixture.simulated().capacityBytes(fixture.simulated().usedBytes()); // the journal cannot grow
        fixture.simulated().holdSyncs(false);

        assertThat(blocking.get(10, TimeUnit.SECONDS).status()).isEqualTo(AppendResult.Status.OK);
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(AppendResult.Status.DISK_FULL);
        AppendResult queued = second.get(10, TimeUnit.SECONDS);
        assertThat(queued.status()).as(queued.detail()).isEqualTo(AppendResult.Status.DISK_FULL);
        fixture.simulated().capacityBytes(Long.MAX_VALUE);
        appendOk(log, 3, 2, 2);
        assertThat(readAll(log)).hasSize(5);
    }

    @Test
    void aRetentionWriteOnAFullDiskKeepsTheOldRetentionAndLeavesNoTemporaryFile() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.create("r");
        log.setRetentionMs(3_600_000);
        Path dir = fixture.dir.resolve("logs").resolve("r");
        fixture.clock.set(5_000);
        fixture.simulated().capacityBytes(fixture.simulated().usedBytes());

        assertThatThrownBy(() -> log.setRetentionMs(7_200_000)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasRootCauseMessage("No space left on device (simulated, writing " + dir.resolve("retention.tmp") + ")");
        assertThat(log.retentionMs()).isEqualTo(3_600_000);
        assertThat(fixture.io.list(dir)).containsExactly("retention");
        assertThat(store.health().problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(IoErrorKind.DISK_FULL);
            assertThat(p.sinceMs()).isEqualTo(5_000);
            assertThat(p.detail()).startsWith("retention file of log r: No space left on device");
        });

        fixture.simulated().capacityBytes(Long.MAX_VALUE);
        log.setRetentionMs(7_200_000);
        assertThat(store.health().problem()).isEmpty();
        assertThat(fixture.io.list(dir)).containsExactly("retention");
        store = fixture.reopen();
        assertThat(store.get("r").orElseThrow().retentionMs()).isEqualTo(7_200_000);
    }

    /**
     * A checkpoint that fails half-way must not let the next one forget the shards it did not sync:
     * that one moves the journal's replay point past their unsynced bytes, and a power loss would
     * then take acknowledged records.
     */
    @Test
    void aShardOfAFailedCheckpointIsSyncedByTheNextOneBeforeItsJournalGoes() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        EmbeddedLogStore store = fixture.open();
        ShardLog kept = store.create("kept");
        ShardLog busy = store.create("busy");
        store.checkpoint();
        appendOk(kept, 0, 30, 1); // in its segment (unsynced) and in the journal (synced)
        fixture.simulated().failNextSyncs(1); // the checkpoint's first sync: kept's segment
        assertThatThrownBy(store::checkpoint).isInstanceOf(java.io.IOException.class)
                .hasRootCauseMessage("Input/output error (simulated fsync failure of "
                        + fixture.dir.resolve("logs/kept/00000000000000000000.seg") + ")");
        assertThat(store.health().problem()).hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(IoErrorKind.IO_ERROR));

        appendOk(busy, 0, 5, 2); // only busy is new for the next checkpoint
        store.checkpoint();
        assertThat(store.health().problem()).isEmpty();

        store = fixture.powerLossAndReopen(SimulatedDisk.TailFate.DROP, new Random(3));
        assertThat(readAll(store.get("kept").orElseThrow())).hasSize(30);
        assertThat(readAll(store.get("busy").orElseThrow())).hasSize(5);
        assertThat(logs.messages(Level.ERROR)).singleElement().asString().startsWith("checkpoint failed");
    }

    @Test
    void aFullDiskOnTheRealFileSystemIsReportedAsDiskFull() {
        assertThat(IoErrorKind.of(new java.io.IOException("No space left on device")))
                .isEqualTo(IoErrorKind.DISK_FULL);
        assertThat(IoErrorKind.of(new java.io.IOException("wrap", new java.io.IOException("Disk quota exceeded"))))
                .isEqualTo(IoErrorKind.DISK_FULL);
        assertThat(IoErrorKind.of(new java.io.IOException("Input/output error"))).isEqualTo(IoErrorKind.IO_ERROR);
    }
}
