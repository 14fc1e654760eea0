package io.riffle.storage.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchTest {
    private static AppendRecord rec(String key, String hashKey, String data, long ts) {
        return new AppendRecord(key.getBytes(StandardCharsets.UTF_8),
                hashKey == null ? null : hashKey.getBytes(StandardCharsets.UTF_8),
                data.getBytes(StandardCharsets.UTF_8), ts);
    }

    @Test
    void encodesTheDrawnLayoutAndDecodesEveryField() {
        List<AppendRecord> records = List.of(rec("a", null, "hello", 10), rec("bb", "123", "", 11));
        int size = (int) RecordBatch.encodedSize(records);
        assertThat(size).isEqualTo(RecordBatch.HEADER_LENGTH + 2 * RecordBatch.RECORD_OVERHEAD + 1 + 5 + 2 + 3);
        ByteBuffer b = RecordBatch.encode(42, 7, records, new long[] {10, 11}, size);
        assertThat(b.getInt(RecordBatch.MAGIC_OFFSET)).isEqualTo(RecordBatch.MAGIC);
        assertThat(RecordBatch.checkHeader(b, 0, size)).isEqualTo(size);
        assertThat(RecordBatch.isCrcValid(b, 0, size)).isTrue();
        assertThat(RecordBatch.basePosition(b, 0)).isEqualTo(42);
        assertThat(RecordBatch.recordCount(b, 0)).isEqualTo(2);
        assertThat(RecordBatch.writerEpoch(b, 0)).isEqualTo(7);
        assertThat(RecordBatch.firstTimestampMs(b, 0)).isEqualTo(10);
        assertThat(RecordBatch.lastTimestampMs(b, 0)).isEqualTo(11);

        int first = RecordBatch.HEADER_LENGTH;
        StoredRecord r0 = RecordBatch.readRecord(b, first, 42, 7);
        assertThat(r0.keyAsString()).isEqualTo("a");
        assertThat(r0.explicitHashKey()).isNull();
        assertThat(new String(r0.dataBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        StoredRecord r1 = RecordBatch.readRecord(b, RecordBatch.nextRecord(b, first), 43, 7);
        assertThat(r1.keyAsString()).isEqualTo("bb");
        assertThat(StandardCharsets.UTF_8.decode(r1.explicitHashKey()).toString()).isEqualTo("123");
        assertThat(r1.data().remaining()).isZero();
        assertThat(r1.arrivalTimestampMs()).isEqualTo(11);
        assertThat(RecordBatch.nextRecord(b, RecordBatch.nextRecord(b, first))).isEqualTo(size);
    }

    @Test
    void everyFlippedByteIsCaughtByTheHeaderCheckOrTheCrc() {
        List<AppendRecord> records = List.of(rec("k", "9", "payload-bytes", 5), rec("k2", null, "x", 6));
        int size = (int) RecordBatch.encodedSize(records);
        for (int i = 0; i < size; i++) {
            ByteBuffer b = RecordBatch.encode(0, 1, records, new long[] {5, 6}, size);
            b.put(i, (byte) (b.get(i) ^ 0x5A));
            int length = RecordBatch.checkHeader(b, 0, size);
            boolean caught = length != size || !RecordBatch.isCrcValid(b, 0, size);
            assertThat(caught).as("flip at byte %d", i).isTrue();
        }
    }

    @Test
    void headersThatCannotBeRealAreRejected() {
        ByteBuffer empty = ByteBuffer.allocate(RecordBatch.HEADER_LENGTH);
        assertThat(RecordBatch.checkHeader(empty, 0, 10)).isZero();
        assertThat(RecordBatch.checkHeader(empty, 0, RecordBatch.HEADER_LENGTH)).isEqualTo(-1);
        assertThat(RecordBatch.encodedSize(List.of(new AppendRecord(new byte[1], null,
                new byte[AppendRecord.MAX_DATA_BYTES], 0)))).isPositive();
    }
}
