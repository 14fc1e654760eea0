package io.riffle.storage.engine;

import static io.riffle.storage.engine.TestRecords.appendOk;
import static io.riffle.storage.engine.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.Durability;
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
import org.junit.jupiter.api.io.TempDir;

/** A failed fsync and a full disk: the append fails clearly, nothing acknowledged is harmed. */
class IoFailureTest {
    @TempDir
    Path temp;
    private StoreFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static List<AppendRecord> poison(int count) {
        byte[] data = "NEVER-ACKNOWLEDGED".getBytes(StandardCharsets.UTF_8);
        return java.util.Collections.nCopies(count, new AppendRecord("bad".getBytes(StandardCharsets.UTF_8), null, data, 3));
    }

    @Test
    void failedFsyncFailsTheAppendAndTheShardContinuesAfterItsLastAcknowledgedRecord() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        LogStore store = fixture.open();
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
    }

    @Test
    void aFullDiskFailsAppendsUntilSpaceIsFreedWhetherTheSegmentOrTheJournalWriteHitsIt() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        LogStore store = fixture.open();
        ShardLog log = store.create("full");
        appendOk(log, 0, 20, 1);

        List<AppendRecord> bad = poison(50);
        long batchBytes = RecordBatch.encodedSize(bad);
        // no room for the segment write
        fixture.simulated().capacityBytes(fixture.simulated().usedBytes() + batchBytes / 2);
        AppendResult r = log.append(bad).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(AppendResult.Status.DISK_FULL);
        assertThat(r.detail()).contains("No space left on device");
        // room for the segment write, none for the journal group that repeats it
        fixture.simulated().capacityBytes(fixture.simulated().usedBytes() + batchBytes + 8);
        r = log.append(bad).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(AppendResult.Status.DISK_FULL);
        assertThat(log.endPosition()).isEqualTo(20);
        assertThat(readAll(log)).hasSize(20);

        fixture.simulated().capacityBytes(Long.MAX_VALUE); // space freed
        appendOk(log, 20, 5, 5);
        assertThat(readAll(log)).hasSize(25);
        store = fixture.powerLossAndReopen(SimulatedDisk.TailFate.RANDOM_PREFIX, new Random(11));
        assertThat(readAll(store.get("full").orElseThrow())).hasSize(25);
    }

    @Test
    void aFullDiskOnTheRealFileSystemIsReportedAsDiskFull() {
        assertThat(IoErrors.isDiskFull(new java.io.IOException("No space left on device"))).isTrue();
        assertThat(IoErrors.isDiskFull(new java.io.IOException("wrap", new java.io.IOException("Disk quota exceeded"))))
                .isTrue();
        assertThat(IoErrors.isDiskFull(new java.io.IOException("Input/output error"))).isFalse();
    }
}
