package io.riffle.storage.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.RecordAttributes;
import io.riffle.storage.RecordCursor;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A read's records kept as offsets into its buffers: across batches, buffers (chunks) and writer epochs, the
 * cursor and the list give every record's fields as {@link RecordBatch#readRecord} decodes them.
 */
class BatchRecordsTest {

    @Test
    void theCursorAndTheListAgreeWithTheDecodedRecordsAcrossBatchesBuffersAndEpochs() {
        for (long seed = 1; seed <= 50; seed++) {
            Random random = new Random(seed);
            long position = random.nextInt(1000);
            BatchRecords records = new BatchRecords(position, 1 + random.nextInt(3));
            List<StoredRecord> expected = new ArrayList<>();
            int batches = 1 + random.nextInt(6);
            ByteBuffer chunk = null;
            for (int b = 0; b < batches; b++) {
                int epoch = 1 + random.nextInt(2);
                int count = 1 + random.nextInt(8);
                List<AppendRecord> appended = new ArrayList<>();
                long[] timestamps = new long[count];
                for (int i = 0; i < count; i++) {
                    byte[] key = ("k" + random.nextInt(1_000_000)).getBytes(StandardCharsets.UTF_8);
                    byte[] data = new byte[random.nextInt(300)];
                    random.nextBytes(data);
                    RecordAttributes attributes = random.nextBoolean() ? RecordAttributes.NONE
                            : RecordAttributes.of(1 + random.nextInt(200), new byte[random.nextInt(20)]);
                    timestamps[i] = 1_700_000_000_000L + b * 10L + i;
                    appended.add(AppendRecord.of(key, attributes, data, timestamps[i]));
                }
                ByteBuffer batch = RecordBatch.encode(position, epoch, appended, timestamps,
                        (int) RecordBatch.encodedSize(appended));
                if (chunk == null || random.nextBoolean()) {
                    chunk = batch.asReadOnlyBuffer(); // a new chunk; otherwise the batch shares the chunk's run
                } else {
                    ByteBuffer both = ByteBuffer.allocate(chunk.limit() + batch.limit());
                    both.put(chunk.duplicate().position(0)).put(batch.duplicate());
                    chunk = both.flip().asReadOnlyBuffer();
                }
                int rec = chunk.limit() - batch.limit() + RecordBatch.headerLength(batch, 0);
                for (int i = 0; i < count; i++, rec = RecordBatch.nextRecord(chunk, rec)) {
                    records.add(chunk, rec, position, epoch, RecordBatch.VERSION, BatchRecords.sizeBytes(chunk, rec));
                    StoredRecord r = RecordBatch.readRecord(chunk, rec, position, epoch, RecordBatch.VERSION);
                    assertThat(BatchRecords.sizeBytes(chunk, rec)).isEqualTo(r.sizeBytes());
                    expected.add(r);
                    position++;
                }
            }
            String what = "seed " + seed;
            assertThat(records).as(what).isEqualTo(expected);
            assertThat(records.endPosition()).as(what).isEqualTo(position);
            RecordCursor c = records.cursor();
            for (StoredRecord r : expected) {
                assertThat(c.next()).as(what).isTrue();
                assertThat(c.position()).as(what).isEqualTo(r.position());
                assertThat(c.writerEpoch()).as(what).isEqualTo(r.writerEpoch());
                assertThat(c.arrivalTimestampMs()).as(what).isEqualTo(r.arrivalTimestampMs());
                assertThat(c.keyBuffer().slice(c.keyOffset(), c.keyLength())).as(what).isEqualTo(r.key());
                assertThat(c.dataBuffer().slice(c.dataOffset(), c.dataLength())).as(what).isEqualTo(r.data());
                assertThat(c.attributes()).as(what).isEqualTo(r.attributes());
                assertThat(c.record()).as(what).isEqualTo(r);
            }
            assertThat(c.next()).as(what).isFalse();
            assertThat(RecordCursor.over(records)).as(what).isInstanceOf(c.getClass());
            long keysAndData = expected.stream().mapToLong(r -> r.key().remaining() + r.data().remaining()).sum();
            assertThat(records.payloadBytes()).as(what).isEqualTo(keysAndData);
            assertThat(RecordCursor.payloadBytes(List.copyOf(expected))).as(what + ", walked").isEqualTo(keysAndData);
        }
    }

    @Test
    void aRecordOutOfPositionOrderIsRefused() {
        List<AppendRecord> one = List.of(AppendRecord.of(new byte[] {'k'}, new byte[] {1}, 5));
        ByteBuffer batch = RecordBatch.encode(10, 1, one, new long[] {5}, (int) RecordBatch.encodedSize(one));
        BatchRecords records = new BatchRecords(10, 4);
        assertThatThrownBy(() -> records.add(batch, RecordBatch.HEADER_LENGTH, 11, 1, RecordBatch.VERSION, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(records).isEmpty();
    }
}
