package io.riffle.aws.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Streaming decode and encode of the JSON protocols' bodies, the runtime of the generated
 * {@code <Service>Codec}s: no tree, each member read once straight into its record's builder.
 * <pre>
 *             JSON 1.0/1.1                            CBOR 1.1
 *   blob      base64 string (checked strictly),       byte string, a view of the body, not a copy (a base64
 *             decoded once                            text string is also accepted)
 *   timestamp epoch seconds, a number with a          tag 1 + epoch MILLISECONDS as an integer (what the
 *             fraction: 1700000000.123                AWS SDKs write and read, although RFC 8949 says seconds)
 *   integer   truncated as Coral does: fractions floored, out-of-range values clamped to the type
 *   boolean   true/false; the strings true/yes/1 and false/no/0 too
 * </pre>
 * A body that does not parse, or is not an object, is a {@code SerializationException} without message; a
 * member of the wrong kind one with Coral's text (e.g. "class java.lang.String can not be converted to an
 * Integer"), as Kinesis answers. Null members are left unset, unknown members skipped, null list items kept
 * (the validator reports them), null map values dropped.
 *
 * <p>Parse limits ({@link StreamReadConstraints}): nesting, token count and string length, so a hostile
 * document is refused as the parser reaches the limit. Stateless after construction; any thread may use it.
 */
public final class WireCodec {
    /** Coral's number class, named in its messages when a number arrives where it does not fit. */
    private static final String NUMBER_CLASS = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
    private static final String START_OF_LIST = "Start of list found where not expected";
    private static final String START_OF_MAP = "Start of structure or map found where not expected.";
    /** CBOR tag 1, "epoch-based date/time"; AWS puts milliseconds under it. */
    private static final int CBOR_TAG_EPOCH = 1;
    /** Above Jackson's 20M default: a 10 MiB blob is ~14M base64 characters. The HTTP layer bounds bodies. */
    public static final int MAX_STRING_CHARS = 64 * 1024 * 1024;
    public static final int MAX_NESTING_DEPTH = 16;
    /** The largest Kinesis request has ~4,000 tokens (PutRecords: 500 records of 8). */
    public static final long MAX_TOKENS = 20_000;
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    private final JsonFactory json;
    private final CBORFactory cbor;

    public WireCodec(StreamReadConstraints limits) {
        this.json = JsonFactory.builder().streamReadConstraints(limits)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
        this.cbor = CBORFactory.builder().streamReadConstraints(limits).build();
    }

    /** The limits the front door uses: {@link #MAX_NESTING_DEPTH}, {@link #MAX_TOKENS}, {@link #MAX_STRING_CHARS}. */
    public static WireCodec standard() {
        return new WireCodec(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS)
                .maxNestingDepth(MAX_NESTING_DEPTH).maxTokenCount(MAX_TOKENS).build());
    }

    // ---------------------------------------------------------------- whole documents

    /** Decodes a body (an empty one is {@code {}}); throws a SerializationException when it does not fit. */
    public <T> T decode(byte[] body, WireFormat format, WireReader<T> reader) {
        return decode(body, 0, body == null ? 0 : body.length, format, reader);
    }

    public <T> T decode(byte[] body, int offset, int length, WireFormat format, WireReader<T> reader) {
        boolean isEmpty = body == null || length == 0;
        try (JsonParser p = isEmpty ? json.createParser(EMPTY_OBJECT) : format == WireFormat.CBOR
                ? new CborBodyParser(cbor.createParser(body, offset, length), body, offset, length)
                : new JsonBodyParser(json.createParser(body, offset, length), body, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw serialization(null);
            }
            T value = reader.read(p, format);
            if (p.nextToken() != null) {
                throw serialization(null);
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            // a body that does not parse: Kinesis says nothing but the type
            throw serialization(null);
        }
    }

    /** Encodes a value with its writer. */
    public <T> byte[] encode(WireFormat format, T value, WireWriter<T> writer) {
        ReusedOutput out = ReusedOutput.take();
        try {
            try (JsonGenerator g = (format == WireFormat.CBOR ? cbor : json).createGenerator(out)) {
                writer.write(g, value, format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.giveBack();
        }
    }

    /**
     * One output stream per thread, kept from one answer to the next. A fresh 256-byte stream per answer grew by
     * doubling: a PutRecords answer (500 entries, ~55 KB) was eight growth copies and the final one, a tenth of the
     * put path's allocation (JFR). One over {@link #KEPT_BYTES} is not kept, so a rare large answer does not pin
     * its size to the thread; a nested encode on the same thread gets a stream of its own.
     */
    private static final class ReusedOutput extends ByteArrayOutputStream {
        private static final int KEPT_BYTES = 1024 * 1024;
        private static final ThreadLocal<ReusedOutput> KEPT = new ThreadLocal<>();

        ReusedOutput() {
            super(8 * 1024);
        }

        static ReusedOutput take() {
            ReusedOutput out = KEPT.get();
            if (out == null) {
                return new ReusedOutput();
            }
            KEPT.remove();
            out.reset();
            return out;
        }

        /** Back to the thread for its next answer, unless it grew past {@link #KEPT_BYTES}. */
        void giveBack() {
            if (buf.length <= KEPT_BYTES) {
                KEPT.set(this);
            }
        }
    }

    /**
     * The bytes of a blob sent as base64 text, with Kinesis' refusals (a SerializationException
     * naming the text and why; see {@code Base64Text}); for codecs that hold the text as a String.
     */
    public static byte[] decodeBase64(String text) {
        return Base64Text.decode(text);
    }

    public JsonFactory factory(WireFormat format) {
        return format == WireFormat.CBOR ? cbor : json;
    }

    public static AwsServiceException serialization(String message) {
        return new AwsServiceException("SerializationException", 400, message, "Message");
    }

    // ---------------------------------------------------------------- reading (generated code calls these)

    /** Checks that the current token starts a structure. */
    public static void expectStructure(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw serialization(t == JsonToken.START_ARRAY ? START_OF_LIST : "Expected null");
        }
    }

    /** Checks that the current token starts a list. */
    public static void expectList(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw serialization(START_OF_MAP);
        }
        if (t != JsonToken.START_ARRAY) {
            throw serialization("Expected list or null");
        }
    }

    /** Checks that the current token starts a map. */
    public static void expectMap(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            throw serialization(START_OF_LIST);
        }
        if (t != JsonToken.START_OBJECT) {
            throw serialization("Expected map or null");
        }
    }

    public static String readString(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        throw mismatch(p, "an String");
    }

    public static Boolean readBoolean(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_STRING) {
            // Kinesis converts these strings; any other string is refused in upper case
            String text = p.getText();
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> Boolean.TRUE;
                case "false", "no", "0" -> Boolean.FALSE;
                default -> throw serialization("'" + text.toUpperCase(Locale.ROOT) + "' can not be converted to an Boolean");
            };
        }
        throw mismatch(p, "an Boolean");
    }

    public static Integer readInteger(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        return clamp(integral(p, "an Integer"), INT_MIN, INT_MAX).intValue();
    }

    public static Long readLong(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        return clamp(integral(p, "an Long"), LONG_MIN, LONG_MAX).longValue();
    }

    public static Double readDouble(JsonParser p) throws IOException {
        if (!p.currentToken().isNumeric()) {
            throw mismatch(p, "an Double");
        }
        return p.getDoubleValue();
    }

    public static Float readFloat(JsonParser p) throws IOException {
        if (!p.currentToken().isNumeric()) {
            throw mismatch(p, "an Float");
        }
        return (float) p.getDoubleValue();
    }

    /**
     * A blob: a CBOR byte string as it is (a view of the body when the parser is {@link #decode}'s, else a copy), or
     * base64 text decoded strictly (Kinesis' refusals).
     */
    public static Blob readBlob(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_EMBEDDED_OBJECT) {
            Blob view = p instanceof CborBodyParser body ? body.byteStringView() : null;
            return view != null ? view : Blob.wrap(p.getBinaryValue());
        }
        if (t != JsonToken.VALUE_STRING) {
            throw mismatch(p, "a Blob");
        }
        Blob view = p instanceof JsonBodyParser body ? body.base64View() : null;
        // anything but canonical base64 in the body's bytes takes the slow path, which unescapes the text and
        // words a refusal as Kinesis does
        return view != null ? view : Blob.wrap(Base64Text.decode(p.getText()));
    }

    /** A timestamp: JSON epoch seconds (with a fraction), CBOR epoch milliseconds; below the millisecond truncated. */
    public static Instant readTimestamp(JsonParser p, WireFormat format) throws IOException {
        JsonToken t = p.currentToken();
        if (!t.isNumeric()) {
            throw mismatch(p, "milliseconds since epoch");
        }
        BigDecimal value = t == JsonToken.VALUE_NUMBER_INT ? new BigDecimal(p.getBigIntegerValue()) : decimal(p);
        BigDecimal millis = format == WireFormat.JSON ? value.movePointRight(3) : value;
        return Instant.ofEpochMilli(clamp(millis.setScale(0, RoundingMode.DOWN).toBigInteger(), LONG_MIN, LONG_MAX)
                .longValue());
    }

    private static BigInteger integral(JsonParser p, String target) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getBigIntegerValue();
        }
        if (t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw mismatch(p, target);
        }
        return decimal(p).setScale(0, RoundingMode.FLOOR).toBigInteger();
    }

    private static BigDecimal decimal(JsonParser p) throws IOException {
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.DOUBLE || type == JsonParser.NumberType.FLOAT) {
            double d = p.getDoubleValue();
            if (Double.isNaN(d)) {
                return BigDecimal.ZERO;
            }
            if (Double.isInfinite(d)) {
                return new BigDecimal(d > 0 ? LONG_MAX : LONG_MIN);
            }
        }
        return p.getDecimalValue();
    }

    private static BigInteger clamp(BigInteger value, BigInteger min, BigInteger max) {
        return value.max(min).min(max);
    }

    /** The message for a value of the wrong kind; {@code target} is Coral's wording ("an String", "a Blob"). */
    private static AwsServiceException mismatch(JsonParser p, String target) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            return serialization(START_OF_LIST);
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.VALUE_EMBEDDED_OBJECT) {
            return serialization(START_OF_MAP);
        }
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return serialization("class java.lang.Boolean can not be converted to " + target);
        }
        if (t != null && t.isNumeric()) {
            return serialization(NUMBER_CLASS + " can not be converted to " + target);
        }
        return serialization("class java.lang.String can not be converted to " + target);
    }

    // ---------------------------------------------------------------- writing

    public static void writeBlob(JsonGenerator g, Blob blob) throws IOException {
        if (blob.isBytes()) {
            g.writeBinary(blob.array(), blob.offset(), blob.length());
        } else {
            g.writeBinary(blob.toByteArray());
        }
    }

    public static void writeTimestamp(JsonGenerator g, Instant value, WireFormat format) throws IOException {
        long millis = value.toEpochMilli();
        if (format == WireFormat.CBOR) {
            ((CBORGenerator) g).writeTag(CBOR_TAG_EPOCH);
            g.writeNumber(millis);
        } else {
            g.writeNumber(BigDecimal.valueOf(millis, 3));
        }
    }
}
