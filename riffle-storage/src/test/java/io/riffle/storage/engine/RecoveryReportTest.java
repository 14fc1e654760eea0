package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.appendOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.Durability;
import io.riffle.storage.RecoveryReport;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link EmbeddedLogStore#recoveryReport()} says after each way a store can be opened (cuts: CorruptionTest). */
class RecoveryReportTest {
    @TempDir
    Path temp;
    private StoreFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aNewStoreACleanShutdownAndACrashWithNothingToCutSaySo() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        EmbeddedLogStore store = fixture.open();
        assertThat(store.recoveryReport().opening()).isEqualTo(RecoveryReport.Opening.CREATED);
        assertThat(store.recoveryReport().summary()).isEqualTo("created a new store, writer epoch 1");
        appendOk(store.create("a"), 0, 3, 1);
        store.create("b");

        store = fixture.reopen();
        RecoveryReport clean = store.recoveryReport();
        assertThat(clean.opening()).isEqualTo(RecoveryReport.Opening.CLEAN_SHUTDOWN);
        assertThat(clean.hasCuts()).isFalse();
        assertThat(clean.summary()).isEqualTo("opened after a clean shutdown: 2 logs, writer epoch 2");

        appendOk(store.get("a").orElseThrow(), 3, 2, 2);
        store = fixture.crashAndReopen();
        RecoveryReport crashed = store.recoveryReport();
        assertThat(crashed.opening()).isEqualTo(RecoveryReport.Opening.RECOVERED);
        assertThat(crashed.logs()).isEqualTo(2);
        assertThat(crashed.writerEpoch()).isEqualTo(3);
        assertThat(crashed.hasCuts()).isFalse();
        assertThat(crashed.summary()).startsWith("recovered after a crash in ")
                .contains("2 logs, writer epoch 3; nothing cut");
    }

    @Test
    void deletedLogsWhoseBatchesAreStillJournaledAreNamed() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp);
        EmbeddedLogStore store = fixture.open();
        appendOk(store.create("kept"), 0, 2, 1);
        appendOk(store.create("gone"), 0, 2, 1);
        store.closeAbruptly();
        // the log's directory goes while its batches are still in the journal (no checkpoint since)
        for (String name : fixture.io.list(fixture.dir.resolve("logs/gone"))) {
            fixture.io.delete(fixture.dir.resolve("logs/gone").resolve(name));
        }
        fixture.io.delete(fixture.dir.resolve("logs/gone"));
        store = fixture.open();
        assertThat(store.recoveryReport().orphanLogs()).containsExactly("gone");
        assertThat(store.recoveryReport().summary()).contains("skipped the journal batches of 1 deleted logs");
    }
}
