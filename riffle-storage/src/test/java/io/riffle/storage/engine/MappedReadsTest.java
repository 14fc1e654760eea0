package io.riffle.storage.engine;

import static io.riffle.storage.TestRecords.appendOk;
import static io.riffle.storage.TestRecords.assertCursorAgrees;
import static io.riffle.storage.TestRecords.assertIntact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.riffle.storage.Durability;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import io.riffle.storage.io.FileMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large reads whose reader releases them see the segment files through mappings (no copy), which the release
 * unmaps: what the process maps is read from {@code /proc/self/maps}.
 */
class MappedReadsTest {
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final int RECORDS = 12_000; // about 3 MiB of TestRecords' keys and data
    private static final long BUDGET = 8L << 20;

    @TempDir
    Path temp;
    private StoreFixture fixture;

    @BeforeEach
    void canSeeMappings() {
        assumeTrue(FileMappings.canUnmap(), "this JVM cannot unmap at once, so it never maps");
        assumeTrue(Files.isReadable(MAPS), "no /proc/self/maps here");
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aLargeReleasedReadIsMappedUntilReleasedAndHoldsWhatWasWritten() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.NONE, temp)
                .tune(c -> c.segmentMaxBytes(2L << 20)); // the read crosses segments
        ShardLog log = fixture.open().create("m");
        append(log);

        ReadResult mapped = log.readThenRelease(0, 10_000, BUDGET);
        assertThat(mapped.status()).isEqualTo(ReadResult.Status.OK);
        assertThat(mappingsOf(fixture.dir)).as("the read's views are mapped segment files").isNotEmpty();
        List<StoredRecord> copied = log.read(0, 10_000, BUDGET).records();
        assertThat(mapped.records()).hasSameSizeAs(copied).hasSize(10_000);
        for (int i = 0; i < copied.size(); i++) {
            assertIntact("m", mapped.records().get(i));
            assertThat(mapped.records().get(i)).isEqualTo(copied.get(i));
        }
        assertCursorAgrees(mapped);

        mapped.buffers().release();
        assertThat(mappingsOf(fixture.dir)).as("unmapped once released").isEmpty();
    }

    @Test
    void smallReadsAndReadsNotReleasedCopy() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.NONE, temp);
        ShardLog log = fixture.open().create("m");
        append(log);

        ReadResult small = log.readThenRelease(0, 100, 64 * 1024);
        ReadResult kept = log.read(0, 10_000, BUDGET);
        assertThat(small.records()).hasSize(100);
        assertThat(kept.records()).hasSize(10_000);
        assertThat(mappingsOf(fixture.dir)).as("nothing mapped").isEmpty();
        small.buffers().release();
    }

    @Test
    void withMappedReadsOffALargeReleasedReadCopies() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.NONE, temp).tune(c -> c.mappedReads(false));
        ShardLog log = fixture.open().create("m");
        append(log);

        ReadResult read = log.readThenRelease(0, 10_000, BUDGET);
        assertThat(read.records()).hasSize(10_000);
        assertThat(mappingsOf(fixture.dir)).as("nothing mapped").isEmpty();
        read.buffers().release();
    }

    @Test
    void aReaderFollowingTheWriterSeesEveryRecordIntact() throws Exception {
        fixture = new StoreFixture(StoreFixture.Disk.REAL, Durability.NONE, temp)
                .tune(c -> c.segmentMaxBytes(4L << 20));
        ShardLog log = fixture.open().create("m");
        int total = 40_000;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (long p = 0; p < total; p += 500) {
                    appendOk(log, p, 500, 1);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long pos = 0;
        while (pos < total) {
            ReadResult r = log.readThenRelease(pos, 10_000, BUDGET);
            assertThat(r.status()).as("read at %d: %s", pos, r.detail()).isEqualTo(ReadResult.Status.OK);
            for (StoredRecord rec : r.records()) {
                assertThat(rec.position()).isEqualTo(pos++);
                assertIntact("m", rec);
            }
            r.buffers().release();
            if (r.records().isEmpty()) {
                if (writer.isDone() && log.endPosition() <= pos) {
                    break; // the writer stopped short: its failure is the test's
                }
                Thread.onSpinWait(); // the writer has not acknowledged the next batch yet
            }
        }
        writer.get(60, TimeUnit.SECONDS);
        assertThat(pos).isEqualTo(total);
        assertThat(mappingsOf(fixture.dir)).isEmpty();
    }

    private static void append(ShardLog log) throws Exception {
        for (long p = 0; p < RECORDS; p += 500) {
            appendOk(log, p, 500, 1);
        }
        assertThat(log.endPosition()).isEqualTo(RECORDS);
    }

    /** Lines of this process's memory map that map a file under {@code dir}. */
    private static List<String> mappingsOf(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        return Files.readAllLines(MAPS).stream().filter(line -> line.contains(prefix)).toList();
    }
}
