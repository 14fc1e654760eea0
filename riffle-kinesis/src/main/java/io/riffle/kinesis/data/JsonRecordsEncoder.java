package io.riffle.kinesis.data;

import io.netty.buffer.ByteBuf;
import io.riffle.kinesis.model.KinesisSequenceNumber;
import io.riffle.kinesis.model.RecordNumberDigits;
import io.riffle.kinesis.protocol.EncodedResponse;
import io.riffle.storage.RecordCursor;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A records answer in AWS JSON 1.1, written straight from storage's read buffers (walked by a {@link RecordCursor},
 * no object per record) into one buffer whose size is computed first: no tree, no String per record, the base64
 * by the JDK's vectorized encoder ({@link Base64Slices}).
 *
 * <pre>
 * {"Records":[R,R,...]<the other members>}     the other members: the tail object ({"A":..,"B":..}) without its "{"
 * R = {"SequenceNumber":"<56 digits>","ApproximateArrivalTimestamp":<seconds>.<mmm>,"Data":"<base64>",
 *      "PartitionKey":"<key>"[,"EncryptionType":"<type>"]}
 * </pre>
 * Members in the model's order, as the generated writer writes them; the arrival time as the JSON protocol's epoch
 * seconds with three decimals (Jackson's plain BigDecimal); the key is its stored UTF-8 bytes with JSON's escapes
 * (as Jackson writes them: {@code \" \\ \b \t \n \f \r}, other control characters {@code \}{@code u00XX}).
 * One thread; the scratch arrays live as long as the encoder (one answer).
 */
final class JsonRecordsEncoder implements EncodedResponse.Body {
    private static final byte[] OPEN = ascii("{\"Records\":[");
    private static final byte[] SEQUENCE = ascii("{\"SequenceNumber\":\"");
    private static final byte[] ARRIVAL = ascii("\",\"ApproximateArrivalTimestamp\":");
    private static final byte[] DATA = ascii(",\"Data\":\"");
    private static final byte[] KEY = ascii("\",\"PartitionKey\":\"");
    private static final byte[] ENCRYPTION = ascii("\",\"EncryptionType\":\"");
    private static final byte[] CLOSE_RECORD = ascii("\"}");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    /** A record's bytes before its data: the sequence number, the arrival time (at most 19 + 4 characters). */
    private static final int RECORD_HEAD_MAX_BYTES = SEQUENCE.length + KinesisSequenceNumber.DIGITS + ARRIVAL.length
            + 23 + DATA.length;

    private final RecordNumberDigits numbers;
    private final byte[] encryptionType;
    private final List<StoredRecord> records;
    private final byte[] tail;
    private final int size;
    private final Base64Slices base64 = new Base64Slices();
    private final byte[] digits = new byte[20];

    /**
     * The answer: {@code records} as the Records member, then the members of {@code tail} (a JSON object of the
     * answer's shape without Records, as the generated writer wrote it).
     *
     * @param encryptionType every record's EncryptionType, or null when the stream's records carry none
     */
    JsonRecordsEncoder(RecordNumberDigits numbers, String encryptionType, List<StoredRecord> records, byte[] tail) {
        this.numbers = numbers;
        this.encryptionType = encryptionType == null ? null : ascii(encryptionType);
        this.records = records;
        this.tail = tail;
        int total = OPEN.length + Math.max(0, records.size() - 1) + 1 + (tail.length == 2 ? 1 : tail.length);
        for (RecordCursor r = RecordCursor.over(records); r.next(); ) {
            total += recordSize(r);
        }
        this.size = total;
    }

    /** Exactly the answer's size: base64's length and the keys' escapes are known before writing. */
    @Override
    public int maxSizeBytes() {
        return size;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        int written = RecordsAnswer.writeInPlace(buf, size, this::write);
        if (written != size) {
            throw new IllegalStateException("wrote " + written + " bytes of a " + size + "-byte body");
        }
    }

    private void write(ByteBuffer answer) {
        answer.put(OPEN);
        // room for the largest piece asked for at once, twice over (a few small records per bulk copy)
        StagedOutput out = new StagedOutput(answer, 2 * RECORD_HEAD_MAX_BYTES);
        boolean isFirst = true;
        for (RecordCursor r = RecordCursor.over(records); r.next(); isFirst = false) {
            if (!isFirst) {
                out.room(1).put((byte) ',');
            }
            writeRecord(out, r);
        }
        out.flush();
        answer.put((byte) ']');
        if (tail.length == 2) {
            answer.put((byte) '}');
        } else {
            answer.put((byte) ',').put(tail, 1, tail.length - 1);
        }
    }

    private int recordSize(RecordCursor r) {
        int size = SEQUENCE.length + KinesisSequenceNumber.DIGITS + ARRIVAL.length
                + timestampLength(r.arrivalTimestampMs()) + DATA.length + Base64Slices.encodedLength(r.dataLength())
                + KEY.length + escapedLength(r.keyBuffer(), r.keyOffset(), r.keyLength()) + CLOSE_RECORD.length;
        return encryptionType == null ? size : size + ENCRYPTION.length + encryptionType.length;
    }

    private void writeRecord(StagedOutput out, RecordCursor r) {
        long arrivalMs = r.arrivalTimestampMs();
        numbers.write(r.writerEpoch(), r.position(), arrivalMs);
        ByteBuffer s = out.room(RECORD_HEAD_MAX_BYTES);
        s.put(SEQUENCE).put(numbers.array(), numbers.offset(), KinesisSequenceNumber.DIGITS).put(ARRIVAL);
        writeTimestamp(s, arrivalMs);
        s.put(DATA);
        base64.write(out, r.dataBuffer(), r.dataOffset(), r.dataLength());
        out.room(KEY.length).put(KEY);
        writeEscaped(out, r.keyBuffer(), r.keyOffset(), r.keyLength());
        if (encryptionType != null) {
            out.room(ENCRYPTION.length + encryptionType.length).put(ENCRYPTION).put(encryptionType);
        }
        out.room(CLOSE_RECORD.length).put(CLOSE_RECORD);
    }

    /** {@code <seconds>.<mmm>}: what Jackson writes for {@code BigDecimal.valueOf(ms, 3)} as plain text. */
    private static int timestampLength(long ms) {
        return decimalLength(ms / 1000) + 4;
    }

    private void writeTimestamp(ByteBuffer s, long ms) {
        long seconds = ms / 1000;
        int length = decimalLength(seconds);
        for (int i = length - 1; i >= 0; i--) {
            digits[i] = (byte) ('0' + seconds % 10);
            seconds /= 10;
        }
        int fraction = (int) (ms % 1000);
        digits[length] = '.';
        digits[length + 1] = (byte) ('0' + fraction / 100);
        digits[length + 2] = (byte) ('0' + fraction / 10 % 10);
        digits[length + 3] = (byte) ('0' + fraction % 10);
        s.put(digits, 0, length + 4);
    }

    private static int decimalLength(long value) {
        int length = 1;
        for (long v = value; v >= 10; v /= 10) {
            length++;
        }
        return length;
    }

    /** The UTF-8 key's length once escaped; bytes of multi-byte characters (0x80 and up) pass unchanged. */
    private static int escapedLength(ByteBuffer key, int offset, int length) {
        int escaped = 0;
        for (int i = offset; i < offset + length; i++) {
            escaped += escapedLength(key.get(i));
        }
        return escaped;
    }

    private static int escapedLength(byte b) {
        if (b == '"' || b == '\\') {
            return 2;
        }
        if (b >= 0 && b < 0x20) {
            return shortEscape(b) != 0 ? 2 : 6;
        }
        return 1;
    }

    private static byte shortEscape(byte b) {
        return switch (b) {
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
    }

    private static void writeEscaped(StagedOutput out, ByteBuffer key, int offset, int length) {
        if (escapedLength(key, offset, length) == length) {
            out.copy(key, offset, length);
            return;
        }
        for (int i = offset; i < offset + length; i++) {
            byte b = key.get(i);
            ByteBuffer s = out.room(6);
            if (escapedLength(b) == 1) {
                s.put(b);
            } else if (b == '"' || b == '\\') {
                s.put((byte) '\\').put(b);
            } else if (shortEscape(b) != 0) {
                s.put((byte) '\\').put(shortEscape(b));
            } else {
                s.put((byte) '\\').put((byte) 'u').put((byte) '0').put((byte) '0').put(HEX[b >>> 4]).put(HEX[b & 0xF]);
            }
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
