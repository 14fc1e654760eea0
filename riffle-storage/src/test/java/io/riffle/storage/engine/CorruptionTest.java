package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.appendOk;
import static io.riffle.storage.TestRecords.assertIntact;
import static io.riffle.storage.TestRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.riffle.storage.Durability;
import io.riffle.storage.LogCapture;
import io.riffle.storage.ReadResult;
import io.riffle.storage.RecoveryReport;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files on a real disk: garbage in a batch, torn tails, missing or damaged indexes, a
 * missing segment, interrupted renames, a damaged checkpoint. Records that fail their checks are
 * never served; what can be repaired from the journal is repaired; what is cut is logged.
 */
class CorruptionTest {
    @TempDir
    Path temp;
    private StoreFixture fixture;

    /** What recovery cuts, and damaged checkpoint and retention files, are reported at WARN; nothing else is. */
    @RegisterExtension
    final LogCapture logs = LogCapture.ofNames("io.riffle.storage.engine")
            .expect(Level.WARN, "cut \\d+ bytes from (position|offset) \\d+")
            .expect(Level.WARN, "^checkpoint file is damaged")
            .expect(Level.WARN, "retention file is damaged");

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        assertThat(logs.unexpected()).isEmpty();
    }

    private EmbeddedLogStore openWithSegments() throws IOException {
        fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.FSYNC, temp)
                .tune(c -> c.segmentMaxBytes(16 * 1024).indexIntervalBytes(1024));
        return fixture.open();
    }

    private Path logDir(String id) {
        return fixture.dir.resolve("logs").resolve(id);
    }

    private List<Path> files(String id, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(logDir(id))) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private void fill(ShardLog log, int batches) throws Exception {
        for (int i = 0; i < batches; i++) {
            appendOk(log, i * 10L, 10, i);
        }
    }

    @Test
    void garbageInABatchIsNeverServed() throws Exception {
        fill(openWithSegments().create("g"), 20);
        EmbeddedLogStore store = fixture.reopen();
        Path first = files("g", ".seg").get(0);
        overwrite(first, 3000, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ShardLog log = store.get("g").orElseThrow();
        long pos = 0;
        ReadResult r;
        do {
            r = log.read(pos, 7, 1 << 20);
            for (StoredRecord rec : r.records()) {
                assertIntact("g", rec);
            }
            pos = r.nextPosition();
        } while (r.status() == ReadResult.Status.OK && !r.records().isEmpty());
        assertThat(r.status()).isEqualTo(ReadResult.Status.CORRUPT);
        assertThat(r.detail()).contains("checksum mismatch");
        assertThat(pos).isLessThan(log.endPosition());
    }

    @Test
    void aTornSegmentTailIsRepairedFromTheJournal() throws Exception {
        EmbeddedLogStore store = openWithSegments();
        fill(store.create("t"), 5);
        store = fixture.crashAndReopen(); // recovery replays the journal of a crashed run...
        ShardLog log = store.get("t").orElseThrow();
        appendOk(log, 50, 10, 9);
        store.closeAbruptly();
        Path last = files("t", ".seg").get(files("t", ".seg").size() - 1);
        truncate(last, Files.size(last) - 100); // ...and repairs a torn last batch from it
        store = fixture.open();
        assertThat(readAll(store.get("t").orElseThrow())).hasSize(60);
        RecoveryReport report = store.recoveryReport();
        assertThat(report.opening()).isEqualTo(RecoveryReport.Opening.RECOVERED);
        assertThat(report.logCuts()).singleElement().satisfies(cut -> {
            assertThat(cut.logId()).isEqualTo("t");
            assertThat(cut.fromPosition()).isEqualTo(50);
            assertThat(cut.reason()).contains("torn batch");
        });
        assertThat(report.replayed()).singleElement()
                .isEqualTo(new RecoveryReport.Replay("t", 1, 59));
        assertThat(report.summary()).contains("log t: ").contains("from position 50")
                .contains("replayed 1 journal batches into 1 logs");
    }

    @Test
    void aTornTailInBothSegmentAndJournalIsCutCleanly() throws Exception {
        EmbeddedLogStore store = openWithSegments();
        ShardLog log = store.create("tt");
        fill(log, 3);
        store.checkpoint();
        appendOk(log, 30, 10, 9);
        store.closeAbruptly();
        Path journal;
        try (Stream<Path> s = Files.list(fixture.dir.resolve("journal"))) {
            journal = s.sorted().reduce((a, b) -> b).orElseThrow();
        }
        truncate(journal, Files.size(journal) - 10);
        Path last = files("tt", ".seg").get(files("tt", ".seg").size() - 1);
        truncate(last, Files.size(last) - 10);
        store = fixture.open();
        log = store.get("tt").orElseThrow();
        assertThat(logs.messages(Level.WARN)).anyMatch(m -> m.startsWith("journal ") && m.contains("torn group"))
                .anyMatch(m -> m.startsWith("log tt: cut ") && m.contains("torn batch"));
        assertThat(log.endPosition()).isEqualTo(30);
        assertThat(readAll(log)).hasSize(30);
        RecoveryReport report = store.recoveryReport();
        assertThat(report.journalCuts()).singleElement().satisfies(cut -> {
            assertThat(cut.file()).isEqualTo(journal.getFileName().toString());
            assertThat(cut.reason()).contains("torn group");
        });
        assertThat(report.logCuts()).singleElement().satisfies(cut -> {
            assertThat(cut.logId()).isEqualTo("tt");
            assertThat(cut.fromPosition()).isEqualTo(30);
            assertThat(cut.bytes()).isPositive();
        });
        assertThat(report.hasCuts()).isTrue();
        appendOk(log, 30, 1, 10);
    }

    @Test
    void missingOrDamagedIndexesAreRebuilt() throws Exception {
        fill(openWithSegments().create("i"), 30);
        fixture.reopen();
        fixture.close();
        fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.FSYNC, temp)
                .tune(c -> c.segmentMaxBytes(16 * 1024).indexIntervalBytes(1024));
        List<Path> indexes = files("i", ".idx");
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(2);
        Files.delete(indexes.get(0));
        overwrite(indexes.get(1), 20, new byte[] {9, 9, 9, 9});
        EmbeddedLogStore store = fixture.open();
        ShardLog log = store.get("i").orElseThrow();
        assertThat(readAll(log)).hasSize(300);
        assertThat(log.seekByTime(17)).isEqualTo(170);
        assertThat(Files.exists(indexes.get(0))).as("rebuilt index saved").isTrue();
    }

    @Test
    void aMissingSegmentIsReportedAndReadersCanMovePastIt() throws Exception {
        fill(openWithSegments().create("m"), 30);
        fixture.close();
        List<Path> segments = files("m", ".seg");
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        Files.delete(segments.get(1));
        EmbeddedLogStore store = openWithSegments();
        ShardLog log = store.get("m").orElseThrow();
        long pos = 0;
        ReadResult r;
        do {
            r = log.read(pos, 1000, 1 << 20);
            r.records().forEach(rec -> assertIntact("m", rec));
            pos = r.nextPosition();
        } while (r.status() == ReadResult.Status.OK);
        assertThat(r.status()).isEqualTo(ReadResult.Status.CORRUPT);
        assertThat(r.detail()).contains("missing");
        long next = Long.parseLong(segments.get(2).getFileName().toString().substring(0, 20));
        assertThat(r.nextPosition()).isEqualTo(next);
        assertThat(log.read(next, 1, 1 << 20).records().get(0).position()).isEqualTo(next);
    }

    @Test
    void interruptedRenamesLeaveTheOldFileInForce() throws Exception {
        fill(openWithSegments().create("r"), 5);
        fixture.close();
        Files.write(fixture.dir.resolve("checkpoint.tmp"), new byte[] {1, 2, 3});
        Files.write(logDir("r").resolve("retention.tmp"), "retention-ms=1".getBytes());
        EmbeddedLogStore store = openWithSegments();
        ShardLog log = store.get("r").orElseThrow();
        assertThat(log.retentionMs()).isEqualTo(fixture.config().defaultRetentionMs());
        assertThat(readAll(log)).hasSize(50);
    }

    @Test
    void aDamagedCheckpointMeansEverySegmentIsVerified() throws Exception {
        EmbeddedLogStore store = openWithSegments();
        fill(store.create("c"), 10);
        store.closeAbruptly();
        overwrite(fixture.dir.resolve("checkpoint"), 10, new byte[] {7, 7, 7});
        store = fixture.open();
        assertThat(logs.messages(Level.WARN))
                .containsExactly("checkpoint file is damaged; verifying every shard's segments from the start");
        assertThat(readAll(store.get("c").orElseThrow())).hasSize(100);
    }

    @Test
    void randomGarbageAfterACrashNeverYieldsABadRecordOrAFailedOpen() throws Exception {
        long seed = Long.getLong("riffle.test.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 12; round++) {
            Path dir = temp.resolve("round" + round);
            Files.createDirectories(dir);
            fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.FSYNC, dir)
                    .tune(c -> c.segmentMaxBytes(8 * 1024));
            EmbeddedLogStore store = fixture.open();
            ShardLog log = store.create("x");
            fill(log, 10);
            if (random.nextBoolean()) {
                store.checkpoint();
            }
            for (int i = 10; i < 15; i++) {
                appendOk(log, i * 10L, 10, i);
            }
            store.closeAbruptly();
            List<Path> targets;
            try (Stream<Path> s = Files.walk(fixture.dir)) {
                targets = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith("store-epoch"))
                        .sorted().toList();
            }
            for (int hit = 0; hit < 3; hit++) {
                Path target = targets.get(random.nextInt(targets.size()));
                long size = Files.size(target);
                if (size == 0) {
                    continue;
                }
                byte[] garbage = new byte[1 + random.nextInt(16)];
                random.nextBytes(garbage);
                overwrite(target, random.nextLong(size), garbage);
            }
            store = fixture.open();
            log = store.get("x").orElseThrow();
            long pos = log.startPosition();
            int guard = 0;
            ReadResult r;
            do {
                r = log.read(pos, 1000, 1 << 20);
                for (StoredRecord rec : r.records()) {
                    assertIntact("x", rec);
                }
                assertThat(r.nextPosition()).as("seed %d round %d", seed, round).isGreaterThanOrEqualTo(pos);
                pos = r.nextPosition();
            } while (r.status() == ReadResult.Status.OK && !r.records().isEmpty() && ++guard < 1000);
            fixture.close();
            fixture = null;
        }
    }
}
