package io.riffle.kinesis.data;

import io.netty.buffer.ByteBuf;
import io.riffle.kinesis.model.KinesisSequenceNumber;
import io.riffle.kinesis.model.RecordNumberDigits;
import io.riffle.kinesis.protocol.EncodedResponse;
import io.riffle.storage.RecordCursor;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A records answer in AWS CBOR 1.1, written straight from storage's read buffers (walked by a {@link RecordCursor},
 * no object per record) into one buffer sized by a bound known without a walk (the records' count and bytes, each
 * length's header at its longest): each record's data copied once, as a definite-length byte string, no tree, no
 * String per record. Walking the records a first time to size the answer exactly cost 3% of the server's CPU in a
 * read back of 1 KiB records; the bound is 5 bytes a record over for records of 256 B to 64 KiB with today's times.
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
    /** A record's map header (4 members, or 5 with EncryptionType) and its first key, written together. */
    private static final byte[] MAP4_SEQUENCE = concat(header(MAJOR_MAP, 4), SEQUENCE);
    private static final byte[] MAP5_SEQUENCE = concat(header(MAJOR_MAP, 5), SEQUENCE);
    private static final byte[] ARRIVAL = concat(text("ApproximateArrivalTimestamp"), new byte[] {(byte) TAG_EPOCH});
    private static final byte[] DATA = text("Data");
    private static final byte[] KEY = text("PartitionKey");
    private static final byte[] ENCRYPTION = text("EncryptionType");
    /** A record's bytes besides its key and data, at most: each variable header (time, data, key) at its longest. */
    private static final int RECORD_MAX_FRAMING = MAP4_SEQUENCE.length + KinesisSequenceNumber.DIGITS
            + ARRIVAL.length + headerLength(Long.MAX_VALUE) + DATA.length + headerLength(Integer.MAX_VALUE)
            + KEY.length + headerLength(Integer.MAX_VALUE);

    private final RecordNumberDigits numbers;
    private final byte[] encryptionType;
    private final List<StoredRecord> records;
    private final byte[] tail;
    private final int tailMembers;
    private final int maxSize;

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
        int recordFraming = RECORD_MAX_FRAMING + (this.encryptionType == null ? 0 : this.encryptionType.length);
        this.maxSize = Math.toIntExact(1 + RECORDS.length + headerLength(records.size()) + tail.length - 1
                + (long) records.size() * recordFraming + RecordCursor.payloadBytes(records));
    }

    @Override
    public int maxSizeBytes() {
        return maxSize;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        RecordsAnswer.writeInPlace(buf, maxSize, this::write);
    }

    private void write(ByteBuffer out) {
        out.put((byte) ((MAJOR_MAP << 5) | (tailMembers + 1))).put(RECORDS);
        writeHeader(out, MAJOR_ARRAY, records.size());
        byte[] recordStart = encryptionType == null ? MAP4_SEQUENCE : MAP5_SEQUENCE;
        for (RecordCursor r = RecordCursor.over(records); r.next(); ) {
            writeRecord(out, r, recordStart);
        }
        out.put(tail, 1, tail.length - 1);
    }

    private void writeRecord(ByteBuffer out, RecordCursor r, byte[] recordStart) {
        long arrivalMs = r.arrivalTimestampMs();
        numbers.write(r.writerEpoch(), r.position(), arrivalMs);
        out.put(recordStart).put(numbers.array(), numbers.offset(), KinesisSequenceNumber.DIGITS);
        out.put(ARRIVAL);
        writeHeader(out, MAJOR_UNSIGNED, arrivalMs);
        out.put(DATA);
        writeBytes(out, MAJOR_BYTES, r.dataBuffer(), r.dataOffset(), r.dataLength());
        out.put(KEY);
        // stored as the key's UTF-8 bytes: a text string as it is
        writeBytes(out, MAJOR_TEXT, r.keyBuffer(), r.keyOffset(), r.keyLength());
        if (encryptionType != null) {
            out.put(encryptionType);
        }
    }

    /** A byte or text string of {@code length} bytes of {@code from} at {@code offset}, copied once. */
    private static void writeBytes(ByteBuffer out, int major, ByteBuffer from, int offset, int length) {
        writeHeader(out, major, length);
        out.put(out.position(), from, offset, length);
        out.position(out.position() + length);
    }

    /** The length of the header of an item whose argument is {@code value} (a count, a length or an integer). */
    static int headerLength(long value) {
        return value < 24 ? 1 : value < 0x100 ? 2 : value < 0x1_0000 ? 3 : value < 0x1_0000_0000L ? 5 : 9;
    }

    static void writeHeader(ByteBuffer out, int major, long value) {
        int type = major << 5;
        if (value < 24) {
            out.put((byte) (type | (int) value));
        } else if (value < 0x100) {
            out.put((byte) (type | 24)).put((byte) value);
        } else if (value < 0x1_0000) {
            out.put((byte) (type | 25)).putShort((short) value);
        } else if (value < 0x1_0000_0000L) {
            out.put((byte) (type | 26)).putInt((int) value);
        } else {
            out.put((byte) (type | 27)).putLong(value);
        }
    }

    private static byte[] header(int major, long value) {
        ByteBuffer out = ByteBuffer.allocate(9);
        writeHeader(out, major, value);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** A text string item of ASCII {@code value}. */
    private static byte[] text(String value) {
        return concat(header(MAJOR_TEXT, value.length()), value.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
