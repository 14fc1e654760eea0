package io.riffle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores written in record-batch format v1 (by main's jar before the attributes section; see
 * {@code v1-store/README.md}) open with every record intact, the v1 field read back as attribute
 * {@link RecordAttributes#V1_FIELD}, and take v2 batches after their v1 ones in the same segment.
 */
class V1StoreTest {
    /**
     * A few minutes after write.py wrote the fixtures (their records arrived at 04:10:02 to 04:10:13 that day). The
     * stores open with their clock there: by the machine's clock the records are past their 24-hour retention and the
     * store would rightly drop them.
     */
    private static final long FIXTURE_CLOCK_MS = Instant.parse("2026-12-04T04:15:00Z").toEpochMilli();

    @TempDir
    Path temp;

    /** A copy of a checked-in directory: opening writes to it (epoch, checkpoint, recovery). */
    private Path copyOf(String name) throws IOException, URISyntaxException {
        Path source = Path.of(V1StoreTest.class.getResource("/v1-store/" + name).toURI());
        Path target = temp.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    /** Every record of the stream's logs, by index i in "<stream> record <i>", checked against what write.py put. */
    private static Map<Integer, StoredRecord> readStream(LogStore store, String stream) {
        Map<Integer, StoredRecord> byIndex = new HashMap<>();
        for (String id : store.logIds()) {
            if (id.startsWith("_")) {
                continue;
            }
            ShardLog log = store.get(id).orElseThrow();
            long pos = log.startPosition();
            while (pos < log.endPosition()) {
                ReadResult r = log.read(pos, 1000, 1 << 20);
                assertThat(r.status()).as("%s@%d: %s", id, pos, r.detail()).isEqualTo(ReadResult.Status.OK);
                for (StoredRecord rec : r.records()) {
                    String data = StandardCharsets.UTF_8.decode(rec.data()).toString();
                    if (!data.startsWith(stream + " record ")) {
                        continue; // v2 records a test appended
                    }
                    int i = Integer.parseInt(data.substring((stream + " record ").length()));
                    assertThat(rec.keyAsString()).isEqualTo("pk-" + i);
                    ByteBuffer field = rec.attributes().get(RecordAttributes.V1_FIELD);
                    if (i % 3 == 0) {
                        assertThat(StandardCharsets.US_ASCII.decode(field).toString()).isEqualTo(String.valueOf(i * 1000003L));
                    } else {
                        assertThat(field).isNull();
                    }
                    assertThat(byIndex.put(i, rec)).as("record %d read twice", i).isNull();
                }
                pos = r.nextPosition();
            }
        }
        return byIndex;
    }

    @Test
    void aCleanlyClosedV1StoreOpensWithEveryRecord() throws Exception {
        Path dir = copyOf("clean");
        try (LogStore store = LogStore.open(StoreConfig.at(dir).clockMs(() -> FIXTURE_CLOCK_MS))) {
            assertThat(store.recoveryReport().opening()).isEqualTo(RecoveryReport.Opening.CLEAN_SHUTDOWN);
            assertThat(store.logIds()).containsExactly("_meta", "s1-0", "s1-1");
            assertThat(readStream(store, "v1-clean")).hasSize(120).containsKeys(0, 1, 2, 60, 119);
            assertThat(store.get("_meta").orElseThrow().endPosition()).isPositive();
        }
    }

    @Test
    void aV1StoreKilledMidRunRecoversEveryAcknowledgedRecord() throws Exception {
        Path dir = copyOf("crashed");
        try (LogStore store = LogStore.open(StoreConfig.at(dir).clockMs(() -> FIXTURE_CLOCK_MS))) {
            RecoveryReport report = store.recoveryReport();
            assertThat(report.opening()).isEqualTo(RecoveryReport.Opening.RECOVERED);
            assertThat(report.hasCuts()).as(report.summary()).isFalse();
            assertThat(readStream(store, "v1-crashed")).hasSize(90);
        }
    }

    @Test
    void v2BatchesFollowV1OnesInTheSameLogAndBothReadBackAfterARestart() throws Exception {
        Path dir = copyOf("clean");
        long v1End;
        try (LogStore store = LogStore.open(StoreConfig.at(dir).clockMs(() -> FIXTURE_CLOCK_MS))) {
            ShardLog log = store.get("s1-0").orElseThrow();
            v1End = log.endPosition();
            List<AppendRecord> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(AppendRecord.of(("v2-" + i).getBytes(StandardCharsets.UTF_8),
                        RecordAttributes.of(RecordAttributes.V1_FIELD, ("" + i).getBytes(StandardCharsets.US_ASCII))
                                .with(9, ByteBuffer.wrap(new byte[] {9})),
                        ("v2 data " + i).getBytes(StandardCharsets.UTF_8), FIXTURE_CLOCK_MS));
            }
            assertThat(log.append(batch).join().firstPosition()).isEqualTo(v1End);
        }
        try (LogStore store = LogStore.open(StoreConfig.at(dir).clockMs(() -> FIXTURE_CLOCK_MS))) {
            assertThat(readStream(store, "v1-clean")).hasSize(120);
            List<StoredRecord> v2 = store.get("s1-0").orElseThrow().read(v1End, 100, 1 << 20).records();
            assertThat(v2).hasSize(5);
            assertThat(v2.get(3).keyAsString()).isEqualTo("v2-3");
            assertThat(v2.get(3).attributes().get(9)).isEqualTo(ByteBuffer.wrap(new byte[] {9}));
            assertThat(StandardCharsets.US_ASCII.decode(v2.get(3).attributes().get(RecordAttributes.V1_FIELD)).toString())
                    .isEqualTo("3");
        }
    }
}
