package io.riffle.storage.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.RecordAttributes;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchTest {
    private static AppendRecord rec(String key, String attribute, String data, long ts) {
        return AppendRecord.of(key.getBytes(StandardCharsets.UTF_8),
                attribute == null ? RecordAttributes.NONE
                        : RecordAttributes.of(RecordAttributes.V1_FIELD, attribute.getBytes(StandardCharsets.UTF_8)),
                data.getBytes(StandardCharsets.UTF_8), ts);
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    @Test
    void encodesTheDrawnLayoutAndDecodesEveryField() {
        List<AppendRecord> records = List.of(rec("a", null, "hello", 10), rec("bb", "123", "", 11));
        int size = (int) RecordBatch.encodedSize(records);
        assertThat(size).isEqualTo(RecordBatch.HEADER_LENGTH + 2 * RecordBatch.RECORD_OVERHEAD + 1 + 5 + 2 + (3 + 3));
        ByteBuffer b = RecordBatch.encode(42, 7, records, new long[] {10, 11}, size);
        assertThat(b.getInt(RecordBatch.MAGIC_OFFSET)).isEqualTo(RecordBatch.MAGIC);
        assertThat(RecordBatch.version(b, 0)).isEqualTo((byte) 2);
        assertThat(RecordBatch.headerLength(b, 0)).isEqualTo(64);
        assertThat(RecordBatch.isEncrypted(b, 0)).isFalse();
        assertThat(b.getInt(RecordBatch.KEY_REFERENCE_OFFSET)).isZero();
        assertThat(RecordBatch.checkHeader(b, 0, size)).isEqualTo(size);
        assertThat(RecordBatch.isCrcValid(b, 0, size)).isTrue();
        assertThat(RecordBatch.basePosition(b, 0)).isEqualTo(42);
        assertThat(RecordBatch.recordCount(b, 0)).isEqualTo(2);
        assertThat(RecordBatch.writerEpoch(b, 0)).isEqualTo(7);
        assertThat(RecordBatch.firstTimestampMs(b, 0)).isEqualTo(10);
        assertThat(RecordBatch.lastTimestampMs(b, 0)).isEqualTo(11);

        int first = RecordBatch.headerLength(b, 0);
        StoredRecord r0 = RecordBatch.readRecord(b, first, 42, 7, RecordBatch.VERSION);
        assertThat(r0.keyAsString()).isEqualTo("a");
        assertThat(r0.attributes().isEmpty()).isTrue();
        assertThat(new String(r0.dataBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        StoredRecord r1 = RecordBatch.readRecord(b, RecordBatch.nextRecord(b, first), 43, 7, RecordBatch.VERSION);
        assertThat(r1.keyAsString()).isEqualTo("bb");
        assertThat(text(r1.attributes().get(RecordAttributes.V1_FIELD))).isEqualTo("123");
        assertThat(r1.attributes().get(2)).isNull();
        assertThat(r1.data().remaining()).isZero();
        assertThat(r1.arrivalTimestampMs()).isEqualTo(11);
        assertThat(RecordBatch.nextRecord(b, RecordBatch.nextRecord(b, first))).isEqualTo(size);
    }

    /** A reused direct buffer still holding another batch's bytes: the batch written into it is byte for byte new. */
    @Test
    void encodingIntoAReusedBufferWritesEveryByteOfTheBatch() {
        List<AppendRecord> records = List.of(rec("a", null, "hello", 10), rec("bb", "123", "", 11));
        int size = (int) RecordBatch.encodedSize(records);
        ByteBuffer fresh = RecordBatch.encode(42, 7, records, new long[] {10, 11}, size);
        ByteBuffer used = ByteBuffer.allocateDirect(size + 100);
        while (used.hasRemaining()) {
            used.put((byte) 0x5A);
        }
        used.position(17).limit(30);

        ByteBuffer b = RecordBatch.encode(used, 42, 7, records, new long[] {10, 11}, size);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(size);
        assertThat(b).as("the same bytes as a batch encoded into a new array").isEqualTo(fresh);
        assertThat(used.position()).as("the target's own indexes untouched").isEqualTo(17);
        assertThat(b.get(RecordBatch.NONCE_OFFSET + RecordBatch.NONCE_LENGTH - 1)).isZero();
    }

    /** A later version may lengthen the header: its records start at headerLength, the bytes between are skipped. */
    @Test
    void readersSkipHeaderBytesTheyDoNotKnow() {
        List<AppendRecord> records = List.of(rec("k", "h", "data", 3));
        int size = (int) RecordBatch.encodedSize(records);
        ByteBuffer plain = RecordBatch.encode(5, 1, records, new long[] {3}, size);
        int extra = 16;
        ByteBuffer longer = ByteBuffer.allocate(size + extra);
        longer.put(plain.duplicate().limit(RecordBatch.HEADER_LENGTH));
        longer.position(RecordBatch.HEADER_LENGTH + extra);
        longer.put(plain.duplicate().position(RecordBatch.HEADER_LENGTH));
        longer.putInt(RecordBatch.LENGTH_OFFSET, size + extra);
        longer.putShort(RecordBatch.HEADER_LENGTH_OFFSET, (short) (RecordBatch.HEADER_LENGTH + extra));
        longer.putInt(RecordBatch.CRC_OFFSET, Crc.crc32c(longer, RecordBatch.CRC_START, size + extra - RecordBatch.CRC_START));
        assertThat(RecordBatch.checkHeader(longer, 0, size + extra)).isEqualTo(size + extra);
        assertThat(RecordBatch.isCrcValid(longer, 0, size + extra)).isTrue();
        StoredRecord r = RecordBatch.readRecord(longer, RecordBatch.headerLength(longer, 0), 5, 1, RecordBatch.VERSION);
        assertThat(r.keyAsString()).isEqualTo("k");
        assertThat(text(r.data())).isEqualTo("data");
        assertThat(text(r.attributes().get(RecordAttributes.V1_FIELD))).isEqualTo("h");
    }

    /** Version 1's layout, written by hand: a 48-byte header and one opaque field per record. */
    @Test
    void version1BatchesAreReadWithTheirFieldAsAnAttribute() {
        byte[] key = "pk".getBytes(StandardCharsets.UTF_8);
        byte[] field = "340282366920938463463374607431768211455".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "v1 data".getBytes(StandardCharsets.UTF_8);
        int size = RecordBatch.V1_HEADER_LENGTH + RecordBatch.RECORD_OVERHEAD + key.length + field.length + data.length;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        b.putInt(RecordBatch.LENGTH_OFFSET, size);
        b.put(RecordBatch.VERSION_OFFSET, RecordBatch.VERSION_1);
        b.putLong(RecordBatch.BASE_POSITION_OFFSET, 9);
        b.putInt(RecordBatch.RECORD_COUNT_OFFSET, 1);
        b.putInt(RecordBatch.WRITER_EPOCH_OFFSET, 4);
        b.putLong(RecordBatch.FIRST_TIMESTAMP_OFFSET, 77);
        b.putLong(RecordBatch.LAST_TIMESTAMP_OFFSET, 77);
        b.position(RecordBatch.V1_HEADER_LENGTH);
        b.putInt(size - RecordBatch.V1_HEADER_LENGTH - 4).putLong(77).putShort((short) key.length).put(key)
                .putShort((short) field.length).put(field).putInt(data.length).put(data);
        b.putInt(RecordBatch.CRC_OFFSET, Crc.crc32c(b, RecordBatch.CRC_START, size - RecordBatch.CRC_START));
        assertThat(RecordBatch.checkHeader(b, 0, size)).isEqualTo(size);
        assertThat(RecordBatch.isCrcValid(b, 0, size)).isTrue();
        assertThat(RecordBatch.headerLength(b, 0)).isEqualTo(48);
        StoredRecord r = RecordBatch.readRecord(b, 48, 9, 4, RecordBatch.version(b, 0));
        assertThat(r.keyAsString()).isEqualTo("pk");
        assertThat(text(r.data())).isEqualTo("v1 data");
        assertThat(text(r.attributes().get(RecordAttributes.V1_FIELD))).isEqualTo(new String(field, StandardCharsets.US_ASCII));
        assertThat(r.attributes().copy()).isEqualTo(r.attributes());
        assertThat(r.attributes().encodedLength()).isEqualTo(3 + field.length);
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
        ByteBuffer unknownVersion = RecordBatch.encode(0, 1, List.of(rec("k", null, "x", 1)), new long[] {1},
                (int) RecordBatch.encodedSize(List.of(rec("k", null, "x", 1))));
        unknownVersion.put(RecordBatch.VERSION_OFFSET, (byte) 3);
        assertThat(RecordBatch.checkHeader(unknownVersion, 0, unknownVersion.limit())).isEqualTo(-1);
        assertThat(RecordBatch.encodedSize(List.of(AppendRecord.of(new byte[1],
                new byte[AppendRecord.MAX_DATA_BYTES], 0)))).isPositive();
    }

    @Test
    void attributesHoldSeveralTypedValues() {
        RecordAttributes a = RecordAttributes.of(1, new byte[] {1, 2})
                .with(200, ByteBuffer.wrap(new byte[0])).with(3, ByteBuffer.wrap(new byte[] {9}));
        assertThat(a.encodedLength()).isEqualTo(3 + 2 + 3 + 3 + 1);
        assertThat(a.get(1)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(a.get(200).remaining()).isZero();
        assertThat(a.get(3)).isEqualTo(ByteBuffer.wrap(new byte[] {9}));
        assertThat(a.get(4)).isNull();
        ByteBuffer encoded = ByteBuffer.allocate(a.encodedLength());
        a.writeTo(encoded);
        assertThat(RecordAttributes.decode(encoded.flip())).isEqualTo(a);
    }
}
