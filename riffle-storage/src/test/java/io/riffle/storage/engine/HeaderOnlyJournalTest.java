package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.appendOk;
import static io.riffle.storage.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.riffle.storage.Durability;
import io.riffle.storage.LogCapture;
import io.riffle.storage.RecoveryReport;
import io.riffle.storage.ShardLog;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability none journals each batch's header only (its records are written once, to the segment): a crashed
 * process's batches are confirmed against the segments, and a confirmed batch a segment lost is cut and reported,
 * since there is nothing to replay it from.
 */
class HeaderOnlyJournalTest {
    @RegisterExtension
    final LogCapture logs = LogCapture.ofNames("io.riffle.storage.engine")
            .expect(Level.ERROR, "is not in the segment; it and later batches of this log are lost");

    @TempDir
    Path temp;
    private StoreFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        assertThat(logs.unexpected()).isEmpty();
    }

    @Test
    void theJournalHoldsHeadersOnlyAndACrashKeepsEveryAcknowledgedBatch() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.NONE, temp);
        ShardLog log = fixture.open().create("n");
        appendOk(log, 0, 50, 1);
        appendOk(log, 50, 50, 2);
        appendOk(log, 100, 50, 3);
        long segmentBytes = sizeOf(files(".seg"));
        long journalBytes = sizeOf(files(".jnl"));
        assertThat(journalBytes).as("three groups of one header each, against %d segment bytes", segmentBytes)
                .isLessThan(segmentBytes / 10);

        ShardLog recovered = fixture.crashAndReopen().get("n").orElseThrow();

        assertThat(recovered.endPosition()).isEqualTo(150);
        assertThat(readAll(recovered)).hasSize(150);
        assertThat(fixture.store().recoveryReport().logCuts()).isEmpty();
    }

    @Test
    void aConfirmedBatchTheSegmentLostIsCutAndReported() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.NONE, temp);
        ShardLog log = fixture.open().create("n");
        appendOk(log, 0, 50, 1);
        Path segment = files(".seg").get(0);
        long before = Files.size(segment);
        appendOk(log, 50, 50, 2);
        fixture.store().closeAbruptly();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(before); // the OS wrote the journal's page back, not the segment's
        }

        ShardLog recovered = fixture.open().get("n").orElseThrow();

        assertThat(recovered.endPosition()).isEqualTo(50);
        assertThat(readAll(recovered)).hasSize(50);
        List<RecoveryReport.LogCut> cuts = fixture.store().recoveryReport().logCuts();
        assertThat(cuts).singleElement().satisfies(cut -> {
            assertThat(cut.logId()).isEqualTo("n");
            assertThat(cut.fromPosition()).isEqualTo(50);
            assertThat(cut.reason()).contains("durability none");
        });
        appendOk(recovered, 50, 10, 3); // the log goes on from its recovered end
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(fixture.dir)) {
            return all.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static long sizeOf(List<Path> paths) throws IOException {
        long total = 0;
        for (Path p : paths) {
            total += Files.size(p);
        }
        return total;
    }
}
