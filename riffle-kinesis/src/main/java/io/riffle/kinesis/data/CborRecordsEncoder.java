package io.riffle.kinesis.data;

import io.netty.buffer.ByteBuf;
import io.riffle.kinesis.model.KinesisSequenceNumber;
import io.riffle.kinesis.model.RecordNumberDigits;
import io.riffle.kinesis.protocol.EncodedResponse;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A records answer in AWS CBOR 1.1, written straight from storage's record views into one buffer whose size is
 * computed first: each record's data copied once, as a definite-length byte string, no tree, no String per record.
 *
 * <pre>
 * map(1 + k) "Records" array(n) R R ... <the tail's k members>      the tail: a map of k (< 24) members, its
 *                                                                    one-byte header dropped
 * R = map(4 or 5) "SequenceNumber" text(56 digits) "ApproximateArrivalTimestamp" tag(1) uint(epoch ms)
 *     "Data" bytes(data) "PartitionKey" text(key) ["EncryptionType" text(type)]
 * </pre>
 * Every length definite and minimal (RFC 8949 section 3); the arrival time under tag 1 in epoch milliseconds, as
 * the AWS SDKs write and read it. One thread.
 */
final class CborRecordsEncoder implements EncodedResponse.Body {
    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int TAG_EPOCH = 0xC1;
    private static final byte[] RECORDS = text("Records");
    private static final byte[] SEQUENCE = concat(text("SequenceNumber"), header(MAJOR_TEXT, KinesisSequenceNumber.DIGITS));
    private static final byte[] ARRIVAL = concat(text("ApproximateArrivalTimestamp"), new byte[] {(byte) TAG_EPOCH});
    private static final byte[] DATA = text("Data");
    private static final byte[] KEY = text("PartitionKey");
    private static final byte[] ENCRYPTION = text("EncryptionType");

    private final RecordNumberDigits numbers;
    private final byte[] encryptionType;
    private final List<StoredRecord> records;
    private final byte[] tail;
    private final int tailMembers;
    private final int size;

    /**
     * The answer: {@code records} as the Records member, then the members of {@code tail} (a CBOR map of the
     * answer's shape without Records, as the generated writer wrote it: a definite map of fewer than 23 members).
     *
     * @param encryptionType every record's EncryptionType, or null when the stream's records carry none
     */
    CborRecordsEncoder(RecordNumberDigits numbers, String encryptionType, List<StoredRecord> records, byte[] tail) {
        this.numbers = numbers;
        this.encryptionType = encryptionType == null ? null : concat(ENCRYPTION, text(encryptionType));
        this.records = records;
        this.tail = tail;
        this.tailMembers = (tail[0] & 0xFF) - (MAJOR_MAP << 5);
        if (tailMembers < 0 || tailMembers >= 23) {
            throw new IllegalArgumentException("the tail is not a small definite map: " + (tail[0] & 0xFF));
        }
        int total = 1 + RECORDS.length + headerLength(records.size()) + tail.length - 1;
        for (int i = 0; i < records.size(); i++) {
            total += recordSize(records.get(i));
        }
        this.size = total;
    }

    @Override
    public int sizeBytes() {
        return size;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        int start = buf.writerIndex();
        buf.writeByte((MAJOR_MAP << 5) | (tailMembers + 1)).writeBytes(RECORDS);
        writeHeader(buf, MAJOR_ARRAY, records.size());
        for (int i = 0; i < records.size(); i++) {
            writeRecord(buf, records.get(i));
        }
        buf.writeBytes(tail, 1, tail.length - 1);
        RecordsAnswer.checkWritten(buf, start, size);
    }

    private int recordSize(StoredRecord r) {
        int data = r.data().remaining();
        int key = r.key().remaining();
        int size = 1 + SEQUENCE.length + KinesisSequenceNumber.DIGITS + ARRIVAL.length
                + headerLength(r.arrivalTimestampMs()) + DATA.length + headerLength(data) + data
                + KEY.length + headerLength(key) + key;
        return encryptionType == null ? size : size + encryptionType.length;
    }

    private void writeRecord(ByteBuf buf, StoredRecord r) {
        buf.writeByte((MAJOR_MAP << 5) | (encryptionType == null ? 4 : 5));
        numbers.write(r.writerEpoch(), r.position(), r.arrivalTimestampMs());
        buf.writeBytes(SEQUENCE).writeBytes(numbers.array(), numbers.offset(), KinesisSequenceNumber.DIGITS);
        buf.writeBytes(ARRIVAL);
        writeHeader(buf, MAJOR_UNSIGNED, r.arrivalTimestampMs());
        buf.writeBytes(DATA);
        writeView(buf, MAJOR_BYTES, r.data());
        buf.writeBytes(KEY);
        writeView(buf, MAJOR_TEXT, r.key()); // stored as the key's UTF-8 bytes: a text string as it is
        if (encryptionType != null) {
            buf.writeBytes(encryptionType);
        }
    }

    /** A byte or text string of the view's bytes, copied once; the view is moved by the copy and put back. */
    private static void writeView(ByteBuf buf, int major, ByteBuffer view) {
        int start = view.position();
        writeHeader(buf, major, view.remaining());
        buf.writeBytes(view);
        view.position(start);
    }

    /** The length of the header of an item whose argument is {@code value} (a count, a length or an integer). */
    static int headerLength(long value) {
        return value < 24 ? 1 : value < 0x100 ? 2 : value < 0x1_0000 ? 3 : value < 0x1_0000_0000L ? 5 : 9;
    }

    static void writeHeader(ByteBuf buf, int major, long value) {
        int type = major << 5;
        if (value < 24) {
            buf.writeByte(type | (int) value);
        } else if (value < 0x100) {
            buf.writeByte(type | 24).writeByte((int) value);
        } else if (value < 0x1_0000) {
            buf.writeByte(type | 25).writeShort((int) value);
        } else if (value < 0x1_0000_0000L) {
            buf.writeByte(type | 26).writeInt((int) value);
        } else {
            buf.writeByte(type | 27).writeLong(value);
        }
    }

    private static byte[] header(int major, long value) {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(9);
        writeHeader(buf, major, value);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** A text string item of ASCII {@code value}. */
    private static byte[] text(String value) {
        return concat(header(MAJOR_TEXT, value.length()), value.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
