package io.riffle.kinesis.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * De-aggregates the records the Kinesis Producer Library writes with aggregation on, where one
 * Kinesis record holds many user records:
 *
 * <pre>
 *   0             4                                  n-16          n
 *   +-------------+----------------------------------+-------------+
 *   | F3 89 9A C2 | protobuf AggregatedRecord         | MD5 of the  |
 *   |   (magic)   | (key tables, then the records)    |  protobuf   |
 *   +-------------+----------------------------------+-------------+
 *
 *   message AggregatedRecord {
 *     repeated string partition_key_table     = 1;
 *     repeated string explicit_hash_key_table = 2;
 *     repeated Record records                 = 3;
 *   }
 *   message Record {
 *     required uint64 partition_key_index     = 1;
 *     optional uint64 explicit_hash_key_index = 2;
 *     required bytes  data                    = 3;
 *     repeated Tag    tags                    = 4;   // skipped
 *   }
 * </pre>
 *
 * A record without the magic, too short, with an MD5 that does not match or a protobuf that does
 * not parse is one user record as it is (what the KCL does too). The protobuf reading is the few
 * wire types these messages use; unknown fields are skipped.
 */
public final class KplAggregate {

    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    static final int MAGIC_BYTES = MAGIC.length;
    static final int MD5_BYTES = 16;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** One user record; {@code subSequenceNumber} is its index in the aggregate (0 when not aggregated). */
    public record UserRecord(String partitionKey, String explicitHashKey, byte[] data, long subSequenceNumber,
                             boolean isAggregated) {}

    private KplAggregate() {}

    /** The user records in one Kinesis record, in the producer's order. */
    public static List<UserRecord> deaggregate(String partitionKey, byte[] data) {
        if (!hasMagicAndDigest(data)) {
            return List.of(new UserRecord(partitionKey, null, data, 0, false));
        }
        try {
            return parse(data, MAGIC_BYTES, data.length - MD5_BYTES);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return List.of(new UserRecord(partitionKey, null, data, 0, false));
        }
    }

    static boolean hasMagicAndDigest(byte[] data) {
        if (data.length < MAGIC_BYTES + MD5_BYTES || !Arrays.equals(data, 0, MAGIC_BYTES, MAGIC, 0, MAGIC_BYTES)) {
            return false;
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md5.update(data, MAGIC_BYTES, data.length - MAGIC_BYTES - MD5_BYTES);
        return Arrays.equals(md5.digest(), 0, MD5_BYTES, data, data.length - MD5_BYTES, data.length);
    }

    private static List<UserRecord> parse(byte[] data, int from, int to) {
        List<String> partitionKeys = new ArrayList<>();
        List<String> explicitHashKeys = new ArrayList<>();
        List<long[]> records = new ArrayList<>(); // {partitionKeyIndex, explicitHashKeyIndex or -1, dataStart, dataEnd}
        Reader in = new Reader(data, from, to);
        while (in.hasMore()) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (type == LENGTH_DELIMITED && field == 1) {
                partitionKeys.add(in.string());
            } else if (type == LENGTH_DELIMITED && field == 2) {
                explicitHashKeys.add(in.string());
            } else if (type == LENGTH_DELIMITED && field == 3) {
                int length = in.length();
                records.add(record(new Reader(data, in.position, in.position + length)));
                in.position += length;
            } else {
                in.skip(type);
            }
        }
        List<UserRecord> users = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            long[] r = records.get(i);
            String explicitHashKey = r[1] < 0 ? null : explicitHashKeys.get(Math.toIntExact(r[1]));
            users.add(new UserRecord(partitionKeys.get(Math.toIntExact(r[0])), explicitHashKey,
                    Arrays.copyOfRange(data, (int) r[2], (int) r[3]), i, true));
        }
        return users;
    }

    private static long[] record(Reader in) {
        long[] r = {-1, -1, -1, -1};
        while (in.hasMore()) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (type == VARINT && field == 1) {
                r[0] = in.varint();
            } else if (type == VARINT && field == 2) {
                r[1] = in.varint();
            } else if (type == LENGTH_DELIMITED && field == 3) {
                int length = in.length();
                r[2] = in.position;
                r[3] = in.position + length;
                in.position += length;
            } else {
                in.skip(type);
            }
        }
        if (r[0] < 0 || r[2] < 0) {
            throw new IllegalArgumentException("a Record without partition_key_index or data");
        }
        return r;
    }

    /** Protobuf wire reading over a slice of an array. */
    private static final class Reader {
        private final byte[] data;
        private final int end;
        private int position;

        Reader(byte[] data, int from, int to) {
            if (to > data.length || from > to) {
                throw new IllegalArgumentException("a length beyond the message");
            }
            this.data = data;
            this.position = from;
            this.end = to;
        }

        boolean hasMore() {
            return position < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw new IllegalArgumentException("a truncated varint");
                }
                byte b = data[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("a varint longer than 10 bytes");
        }

        int length() {
            long length = varint();
            if (length < 0 || length > end - position) {
                throw new IllegalArgumentException("a length beyond the message");
            }
            return (int) length;
        }

        String string() {
            int length = length();
            String s = new String(data, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        void skip(int type) {
            switch (type) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> advance(length());
                case FIXED32 -> advance(4);
                default -> throw new IllegalArgumentException("wire type " + type);
            }
        }

        private void advance(int bytes) {
            if (bytes > end - position) {
                throw new IllegalArgumentException("a field beyond the message");
            }
            position += bytes;
        }
    }
}
