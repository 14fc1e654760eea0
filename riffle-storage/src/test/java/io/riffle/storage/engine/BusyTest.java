package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.appendOk;
import static io.riffle.storage.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.AppendResult;
import io.riffle.storage.Durability;
import io.riffle.storage.ShardLog;
import io.riffle.storage.TestRecords;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded owner and journal queues: past their byte bound an append is answered BUSY before
 * anything of it is written (no position taken, no segment byte), the store's heap does not grow
 * with the backlog, exempt logs (a server's metadata) are never refused, and once the disk catches
 * up appends go in again. The disk is held still with the simulated disk's holds, not with timing.
 */
class BusyTest {
    @TempDir
    Path temp;
    private StoreFixture fixture;

    @AfterEach
    void close() {
        fixture.simulated().holdSyncs(false);
        fixture.simulated().holdWritesTo(null);
        fixture.close();
    }

    private EmbeddedLogStore open(long ownerQueueMaxBytes, long journalQueueMaxBytes) throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.SIMULATED, Durability.FSYNC, temp)
                .tune(c -> c.ownerThreads(1).ownerQueueMaxBytes(ownerQueueMaxBytes)
                        .journalQueueMaxBytes(journalQueueMaxBytes).unboundedLogIds(Set.of("meta")));
        return fixture.open();
    }

    @Test
    void aFullJournalQueueRefusesAppendsBeforeTheyWriteAnything() throws Exception {
        EmbeddedLogStore store = open(1L << 30, 1); // one batch queued fills it
        ShardLog log = store.create("b");
        ShardLog meta = store.create("meta");
        appendOk(log, 0, 3, 1);
        fixture.simulated().holdSyncs(true);
        CompletableFuture<AppendResult> first = log.append(TestRecords.batch("b", 3, 3, 2));
        fixture.simulated().awaitHeldSync(); // the commit thread holds the first batch, unsynced

        AppendResult busy = log.append(TestRecords.batch("b", 6, 3, 3)).get(10, TimeUnit.SECONDS);
        assertThat(busy.status()).isEqualTo(AppendResult.Status.BUSY);
        assertThat(busy.detail()).contains("journal queue");
        CompletableFuture<AppendResult> exempt = meta.append(TestRecords.batch("meta", 0, 3, 3));

        fixture.simulated().holdSyncs(false);
        assertThat(first.get(10, TimeUnit.SECONDS).firstPosition()).isEqualTo(3);
        assertThat(exempt.get(10, TimeUnit.SECONDS).isOk()).as("the exempt log is never refused").isTrue();
        appendOk(log, 6, 3, 4); // the refused batch took no position
        assertThat(readAll(log)).hasSize(9);
        assertThat(fixture.crashAndReopen().get("b").map(TestRecords::readAll).orElseThrow()).hasSize(9);
    }

    @Test
    void aFullOwnerQueueRefusesAppendsAtOnce() throws Exception {
        EmbeddedLogStore store = open(1, 1L << 30); // one batch queued fills it
        ShardLog log = store.create("b");
        ShardLog meta = store.create("meta");
        appendOk(log, 0, 3, 1);
        fixture.simulated().holdWritesTo(".seg");
        CompletableFuture<AppendResult> writing = log.append(TestRecords.batch("b", 3, 3, 2));
        fixture.simulated().awaitHeldWrite(); // the one owner thread is stuck in the segment write
        CompletableFuture<AppendResult> queued = log.append(TestRecords.batch("b", 6, 3, 2));

        CompletableFuture<AppendResult> refused = log.append(TestRecords.batch("b", 9, 3, 3));
        assertThat(refused).as("answered before the owner runs again").isDone();
        assertThat(refused.get().status()).isEqualTo(AppendResult.Status.BUSY);
        assertThat(refused.get().detail()).contains("owner queue");
        CompletableFuture<AppendResult> exempt = meta.append(TestRecords.batch("meta", 0, 3, 3));
        assertThat(exempt).isNotDone();

        fixture.simulated().holdWritesTo(null);
        assertThat(writing.get(10, TimeUnit.SECONDS).firstPosition()).isEqualTo(3);
        assertThat(queued.get(10, TimeUnit.SECONDS).firstPosition()).isEqualTo(6);
        assertThat(exempt.get(10, TimeUnit.SECONDS).isOk()).isTrue();
        appendOk(log, 9, 3, 4);
        assertThat(readAll(log)).hasSize(12);
    }
}
