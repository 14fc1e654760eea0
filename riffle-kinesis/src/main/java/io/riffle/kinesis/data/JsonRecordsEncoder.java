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
 * A records answer in AWS JSON 1.1, written straight from storage's record views into one buffer whose size
 * is computed first: no tree, no String per record, the base64 produced into the buffer in chunks.
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
    private static final byte[] ALPHABET = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    /** Base64 of each 12-bit value: two characters per entry, so 3 bytes take two lookups. */
    private static final byte[] PAIRS = new byte[2 * 4096];
    /** Input bytes per base64 chunk: a multiple of 3, so only the last chunk of a record is padded. */
    private static final int CHUNK_BYTES = 3 * 1024;

    static {
        for (int v = 0; v < 4096; v++) {
            PAIRS[2 * v] = ALPHABET[v >>> 6];
            PAIRS[2 * v + 1] = ALPHABET[v & 0x3F];
        }
    }

    private final RecordNumberDigits numbers;
    private final byte[] encryptionType;
    private final List<StoredRecord> records;
    private final byte[] tail;
    private final int size;
    private final byte[] in;
    private final byte[] out;
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
        int largestData = 0;
        for (int i = 0; i < records.size(); i++) {
            total += recordSize(records.get(i));
            largestData = Math.max(largestData, records.get(i).data().remaining());
        }
        this.size = total;
        int chunk = Math.min(CHUNK_BYTES, Math.max(3, largestData));
        this.in = new byte[chunk];
        this.out = new byte[(chunk + 2) / 3 * 4];
    }

    @Override
    public int sizeBytes() {
        return size;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        int start = buf.writerIndex();
        buf.writeBytes(OPEN);
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                buf.writeByte(',');
            }
            writeRecord(buf, records.get(i));
        }
        buf.writeByte(']');
        if (tail.length == 2) {
            buf.writeByte('}');
        } else {
            buf.writeByte(',').writeBytes(tail, 1, tail.length - 1);
        }
        RecordsAnswer.checkWritten(buf, start, size);
    }

    private int recordSize(StoredRecord r) { // before the scratch arrays: they are sized from the records
        int size = SEQUENCE.length + KinesisSequenceNumber.DIGITS + ARRIVAL.length
                + timestampLength(r.arrivalTimestampMs()) + DATA.length + (r.data().remaining() + 2) / 3 * 4
                + KEY.length + escapedLength(r.key()) + CLOSE_RECORD.length;
        return encryptionType == null ? size : size + ENCRYPTION.length + encryptionType.length;
    }

    private void writeRecord(ByteBuf buf, StoredRecord r) {
        numbers.write(r.writerEpoch(), r.position(), r.arrivalTimestampMs());
        buf.writeBytes(SEQUENCE).writeBytes(numbers.array(), numbers.offset(), KinesisSequenceNumber.DIGITS);
        buf.writeBytes(ARRIVAL);
        writeTimestamp(buf, r.arrivalTimestampMs());
        buf.writeBytes(DATA);
        writeBase64(buf, r.data());
        buf.writeBytes(KEY);
        writeEscaped(buf, r.key());
        if (encryptionType != null) {
            buf.writeBytes(ENCRYPTION).writeBytes(encryptionType);
        }
        buf.writeBytes(CLOSE_RECORD);
    }

    /** {@code <seconds>.<mmm>}: what Jackson writes for {@code BigDecimal.valueOf(ms, 3)} as plain text. */
    private static int timestampLength(long ms) {
        return decimalLength(ms / 1000) + 4;
    }

    private void writeTimestamp(ByteBuf buf, long ms) {
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
        buf.writeBytes(digits, 0, length + 4);
    }

    private static int decimalLength(long value) {
        int length = 1;
        for (long v = value; v >= 10; v /= 10) {
            length++;
        }
        return length;
    }

    /** Standard base64 with padding, as Jackson writes a binary value; read from the view without moving it. */
    private void writeBase64(ByteBuf buf, ByteBuffer data) {
        int start = data.position();
        int remaining = data.remaining();
        for (int done = 0; done < remaining; ) {
            int n = Math.min(in.length, remaining - done);
            data.get(start + done, in, 0, n);
            buf.writeBytes(out, 0, base64(in, n, out));
            done += n;
        }
    }

    /** Encodes {@code in[0..n)} into {@code out}; returns the characters written. */
    private static int base64(byte[] in, int n, byte[] out) {
        int o = 0;
        int full = n - n % 3;
        for (int i = 0; i < full; i += 3) {
            int bits = (in[i] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8 | (in[i + 2] & 0xFF);
            int high = (bits >>> 12) << 1;
            int low = (bits & 0xFFF) << 1;
            out[o] = PAIRS[high];
            out[o + 1] = PAIRS[high + 1];
            out[o + 2] = PAIRS[low];
            out[o + 3] = PAIRS[low + 1];
            o += 4;
        }
        if (n - full == 1) {
            int bits = (in[full] & 0xFF) << 16;
            out[o++] = ALPHABET[bits >>> 18];
            out[o++] = ALPHABET[(bits >>> 12) & 0x3F];
            out[o++] = '=';
            out[o++] = '=';
        } else if (n - full == 2) {
            int bits = (in[full] & 0xFF) << 16 | (in[full + 1] & 0xFF) << 8;
            out[o++] = ALPHABET[bits >>> 18];
            out[o++] = ALPHABET[(bits >>> 12) & 0x3F];
            out[o++] = ALPHABET[(bits >>> 6) & 0x3F];
            out[o++] = '=';
        }
        return o;
    }

    /** The UTF-8 key's length once escaped; bytes of multi-byte characters (0x80 and up) pass unchanged. */
    private static int escapedLength(ByteBuffer key) {
        int length = 0;
        for (int i = key.position(); i < key.limit(); i++) {
            length += escapedLength(key.get(i));
        }
        return length;
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

    private static void writeEscaped(ByteBuf buf, ByteBuffer key) {
        int start = key.position();
        if (escapedLength(key) == key.remaining()) {
            buf.writeBytes(key); // storage's view: moved by the copy, put back after it
            key.position(start);
            return;
        }
        for (int i = start; i < key.limit(); i++) {
            byte b = key.get(i);
            if (escapedLength(b) == 1) {
                buf.writeByte(b);
            } else if (b == '"' || b == '\\') {
                buf.writeByte('\\').writeByte(b);
            } else if (shortEscape(b) != 0) {
                buf.writeByte('\\').writeByte(shortEscape(b));
            } else {
                buf.writeByte('\\').writeByte('u').writeByte('0').writeByte('0')
                        .writeByte(HEX[b >>> 4]).writeByte(HEX[b & 0xF]);
            }
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
