package io.riffle.kinesis.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KplAggregateTest {

    @Test
    void deaggregatesUserRecordsWithTheirKeysInOrder() throws Exception {
        byte[] message = aggregatedRecord(List.of("alpha", "beta"), List.of("12345"),
                new Object[][] {{0, null, "one"}, {1, 0, "two"}, {0, null, "three"}});
        byte[] record = withMagicAndDigest(message);

        List<KplAggregate.UserRecord> users = KplAggregate.deaggregate("outer", record);

        assertThat(users).extracting(KplAggregate.UserRecord::partitionKey).containsExactly("alpha", "beta", "alpha");
        assertThat(users).extracting(u -> new String(u.data(), StandardCharsets.UTF_8)).containsExactly("one", "two", "three");
        assertThat(users).extracting(KplAggregate.UserRecord::explicitHashKey).containsExactly(null, "12345", null);
        assertThat(users).extracting(KplAggregate.UserRecord::subSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(users).allMatch(KplAggregate.UserRecord::isAggregated);
    }

    @Test
    void skipsFieldsItDoesNotKnowSuchAsTags() throws Exception {
        ByteArrayOutputStream recordBytes = new ByteArrayOutputStream();
        varintField(recordBytes, 1, 0);
        bytesField(recordBytes, 3, "data".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream tag = new ByteArrayOutputStream();
        bytesField(tag, 1, "k".getBytes(StandardCharsets.UTF_8));
        bytesField(recordBytes, 4, tag.toByteArray());
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        bytesField(message, 1, "key".getBytes(StandardCharsets.UTF_8));
        bytesField(message, 3, recordBytes.toByteArray());
        varintField(message, 9, 300); // an unknown field

        List<KplAggregate.UserRecord> users = KplAggregate.deaggregate("outer", withMagicAndDigest(message.toByteArray()));

        assertThat(users).singleElement().satisfies(u -> {
            assertThat(u.partitionKey()).isEqualTo("key");
            assertThat(new String(u.data(), StandardCharsets.UTF_8)).isEqualTo("data");
        });
    }

    @Test
    void aRecordWithoutTheMagicIsOneUserRecordAsItIs() {
        byte[] data = "plain text that is long enough to pass the length check".getBytes(StandardCharsets.UTF_8);

        assertThat(KplAggregate.deaggregate("pk", data)).singleElement().satisfies(u -> {
            assertThat(u.partitionKey()).isEqualTo("pk");
            assertThat(u.data()).isEqualTo(data);
            assertThat(u.isAggregated()).isFalse();
        });
    }

    @Test
    void aWrongDigestOrABrokenProtobufLeavesTheRecordAsItIs() throws Exception {
        byte[] good = withMagicAndDigest(aggregatedRecord(List.of("a"), List.of(), new Object[][] {{0, null, "x"}}));
        byte[] badDigest = good.clone();
        badDigest[badDigest.length - 1] ^= 1;
        byte[] truncatedMessage = withMagicAndDigest(Arrays.copyOf(
                aggregatedRecord(List.of("a"), List.of(), new Object[][] {{0, null, "xyz"}}), 7));
        byte[] indexOutOfTable = withMagicAndDigest(aggregatedRecord(List.of("a"), List.of(), new Object[][] {{5, null, "x"}}));
        byte[] tooShort = Arrays.copyOf(KplAggregate.MAGIC, 10);

        for (byte[] data : List.of(badDigest, truncatedMessage, indexOutOfTable, tooShort)) {
            assertThat(KplAggregate.deaggregate("pk", data)).singleElement().satisfies(u -> {
                assertThat(u.isAggregated()).isFalse();
                assertThat(u.data()).isEqualTo(data);
            });
        }
    }

    /** records: {partitionKeyIndex, explicitHashKeyIndex or null, data}. */
    static byte[] aggregatedRecord(List<String> keys, List<String> hashKeys, Object[][] records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        keys.forEach(k -> bytesField(out, 1, k.getBytes(StandardCharsets.UTF_8)));
        hashKeys.forEach(k -> bytesField(out, 2, k.getBytes(StandardCharsets.UTF_8)));
        for (Object[] r : records) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            varintField(record, 1, (Integer) r[0]);
            if (r[1] != null) {
                varintField(record, 2, (Integer) r[1]);
            }
            bytesField(record, 3, ((String) r[2]).getBytes(StandardCharsets.UTF_8));
            bytesField(out, 3, record.toByteArray());
        }
        return out.toByteArray();
    }

    static byte[] withMagicAndDigest(byte[] message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(KplAggregate.MAGIC);
        out.write(message);
        out.write(MessageDigest.getInstance("MD5").digest(message));
        return out.toByteArray();
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        varint(out, (long) field << 3);
        varint(out, value);
    }

    private static void bytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
        varint(out, ((long) field << 3) | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
