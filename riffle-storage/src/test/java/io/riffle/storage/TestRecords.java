package io.riffle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Records whose content follows from (log, position), so any record read back can be checked. */
public final class TestRecords {
    /** The attribute every third record carries. */
    public static final int ATTRIBUTE = 7;

    private TestRecords() {
    }

    public static byte[] key(String log, long position) {
        return ("key-" + log + "-" + position).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] data(String log, long position) {
        int length = (int) ((position * 7919 + log.hashCode()) & 0x1FF) + 1;
        byte[] data = new byte[length];
        long x = position * 0x9E3779B97F4A7C15L ^ log.hashCode();
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            data[i] = (byte) x;
        }
        return data;
    }

    public static AppendRecord record(String log, long position, long timestampMs) {
        RecordAttributes attributes = position % 3 == 0
                ? RecordAttributes.of(ATTRIBUTE, ("" + position * 31).getBytes(StandardCharsets.UTF_8))
                : RecordAttributes.NONE;
        return AppendRecord.of(key(log, position), attributes, data(log, position), timestampMs);
    }

    public static List<AppendRecord> batch(String log, long firstPosition, int count, long timestampMs) {
        List<AppendRecord> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(record(log, firstPosition + i, timestampMs));
        }
        return batch;
    }

    /** Appends and waits; fails the test unless the append succeeds at the expected position. */
    public static AppendResult appendOk(ShardLog log, long expectedFirst, int count, long timestampMs) throws Exception {
        AppendResult r = log.append(batch(log.id(), expectedFirst, count, timestampMs)).get(30, TimeUnit.SECONDS);
        assertThat(r.status()).as("append to %s: %s", log.id(), r.detail()).isEqualTo(AppendResult.Status.OK);
        assertThat(r.firstPosition()).isEqualTo(expectedFirst);
        assertThat(r.count()).isEqualTo(count);
        return r;
    }

    /** Checks that the record has exactly the content written at its position. */
    public static void assertIntact(String log, StoredRecord r) {
        assertThat(r.keyAsString()).isEqualTo(new String(key(log, r.position()), StandardCharsets.UTF_8));
        assertThat(r.dataBytes()).as("data of %s@%d", log, r.position()).isEqualTo(data(log, r.position()));
        if (r.position() % 3 == 0) {
            assertThat(StandardCharsets.UTF_8.decode(r.attributes().get(ATTRIBUTE)).toString())
                    .isEqualTo("" + r.position() * 31);
        } else {
            assertThat(r.attributes().isEmpty()).isTrue();
        }
    }

    /** Checks that walking a read's cursor finds every record of its list, field by field, and nothing more. */
    public static void assertCursorAgrees(ReadResult r) {
        RecordCursor c = r.cursor();
        for (StoredRecord rec : r.records()) {
            assertThat(c.next()).as("cursor at %d", rec.position()).isTrue();
            assertThat(c.position()).isEqualTo(rec.position());
            assertThat(c.arrivalTimestampMs()).isEqualTo(rec.arrivalTimestampMs());
            assertThat(c.writerEpoch()).isEqualTo(rec.writerEpoch());
            assertThat(c.keyBuffer().slice(c.keyOffset(), c.keyLength())).isEqualTo(rec.key());
            assertThat(c.dataBuffer().slice(c.dataOffset(), c.dataLength())).isEqualTo(rec.data());
            assertThat(c.attributes()).isEqualTo(rec.attributes());
            assertThat(c.record()).isEqualTo(rec);
        }
        assertThat(c.next()).as("cursor past the last record").isFalse();
        assertThat(c.next()).isFalse();
    }

    /** Reads the whole log from its start, checking order and content; returns the records. */
    public static List<StoredRecord> readAll(ShardLog log) {
        List<StoredRecord> all = new ArrayList<>();
        long pos = log.startPosition();
        while (pos < log.endPosition()) {
            ReadResult r = log.read(pos, 1000, 1 << 20);
            assertThat(r.status()).as("read %s@%d: %s", log.id(), pos, r.detail()).isEqualTo(ReadResult.Status.OK);
            assertThat(r.records()).as("progress at %s@%d", log.id(), pos).isNotEmpty();
            assertCursorAgrees(r);
            for (StoredRecord rec : r.records()) {
                assertThat(rec.position()).isEqualTo(pos);
                assertIntact(log.id(), rec);
                all.add(rec);
                pos++;
            }
            assertThat(r.nextPosition()).isEqualTo(pos);
        }
        return all;
    }
}
