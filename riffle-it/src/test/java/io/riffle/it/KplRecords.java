package io.riffle.it;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.kinesis.producer.protobuf.Messages;

/**
 * De-aggregates what the Kinesis Producer Library writes. With aggregation on, one Kinesis record
 * holds many user records:
 *
 * <pre>
 *   0             4                                 n-16         n
 *   +-------------+---------------------------------+------------+
 *   | F3 89 9A C2 | protobuf AggregatedRecord       | MD5 of the |
 *   |   (magic)   | (key tables, then the records)  |  protobuf  |
 *   +-------------+---------------------------------+------------+
 * </pre>
 *
 * A Kinesis record without the magic (or whose MD5 does not match) is one user record as it is.
 * The protobuf classes are the ones the KPL jar ships (generated from its messages.proto).
 */
final class KplRecords {

    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    static final int MD5_BYTES = 16;

    /** One user record, as the producer added it. */
    record UserRecord(String partitionKey, String explicitHashKey, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private KplRecords() {
    }

    /** True when {@code data} is a KPL aggregated record (magic and a matching MD5). */
    static boolean isAggregated(byte[] data) {
        if (data.length < MAGIC.length + MD5_BYTES
                || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return false;
        }
        byte[] message = Arrays.copyOfRange(data, MAGIC.length, data.length - MD5_BYTES);
        return Arrays.equals(md5(message), 0, MD5_BYTES, data, data.length - MD5_BYTES, data.length);
    }

    /** The user records in one Kinesis record, in the order the producer aggregated them. */
    static List<UserRecord> deaggregate(String partitionKey, byte[] data) {
        if (!isAggregated(data)) {
            return List.of(new UserRecord(partitionKey, null, data));
        }
        Messages.AggregatedRecord aggregated;
        try {
            aggregated = Messages.AggregatedRecord.parseFrom(
                    Arrays.copyOfRange(data, MAGIC.length, data.length - MD5_BYTES));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("a KPL aggregated record whose MD5 matches but whose protobuf does not parse", e);
        }
        List<UserRecord> records = new ArrayList<>();
        for (Messages.Record record : aggregated.getRecordsList()) {
            String explicitHashKey = record.hasExplicitHashKeyIndex()
                    ? aggregated.getExplicitHashKeyTable((int) record.getExplicitHashKeyIndex()) : null;
            records.add(new UserRecord(aggregated.getPartitionKeyTable((int) record.getPartitionKeyIndex()),
                    explicitHashKey, record.getData().toByteArray()));
        }
        return records;
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
