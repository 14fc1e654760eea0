package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.riffle.kinesis.protocol.ServiceModel.Member;
import io.riffle.kinesis.protocol.ServiceModel.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two codecs of the Kinesis API over one model: decodes a request body into an
 * {@link ObjectNode} in the conventions {@link Operation} expects, and encodes responses and
 * errors in the request's {@link WireFormat}.
 *
 * <p>Normalized form (both formats): blob members are {@link BinaryNode}s, timestamp members are
 * numbers of epoch milliseconds, integers are clamped to their type, unknown members and null
 * values are dropped. On the wire:
 * <pre>
 *             JSON 1.1                                CBOR 1.1
 *   blob      base64 string (checked strictly)        byte string (a base64 text string is also accepted)
 *   timestamp epoch seconds, a number with a          tag 1 + epoch MILLISECONDS as an integer (what the
 *             fraction: 1700000000.123                AWS SDKs write and read, although RFC 8949 says seconds)
 *   errors    {"__type": T, "message": M}             the same map; SerializationException uses "Message"
 * </pre>
 * A type mismatch is a {@code SerializationException} with the message Kinesis gives (the Coral
 * texts kinesalite recorded, e.g. "class java.lang.String can not be converted to an Integer").
 *
 * <p>Stateless after construction; any thread may use it.
 */
public final class ApiCodec {
    /** Coral's number class, named in Kinesis' messages when a number arrives where it does not fit. */
    private static final String NUMBER_CLASS = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
    private static final String START_OF_LIST = "Start of list found where not expected";
    private static final String START_OF_MAP = "Start of structure or map found where not expected.";
    /** CBOR tag 1, "epoch-based date/time"; AWS puts milliseconds under it. */
    private static final int CBOR_TAG_EPOCH = 1;
    /** Above Jackson's 20M default: a 10 MiB record is ~14M base64 characters. The HTTP layer bounds bodies. */
    private static final int MAX_STRING_CHARS = 64 * 1024 * 1024;
    /** No Kinesis request nests deeper than 4 (PutRecords: body, Records, a record, its fields). */
    static final int MAX_NESTING_DEPTH = 16;
    /**
     * The largest Kinesis request has ~4,000 tokens (PutRecords: 500 records of 8); a document with
     * far more (a million keys) is refused before it is parsed in full.
     */
    static final long MAX_TOKENS = 20_000;
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final ServiceModel model;
    private final ObjectMapper json;
    private final ObjectMapper cbor;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    public ApiCodec(ServiceModel model) {
        this.model = model;
        StreamReadConstraints limits = StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS)
                .maxNestingDepth(MAX_NESTING_DEPTH).maxTokenCount(MAX_TOKENS).build();
        JsonFactory jsonFactory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        this.json = JsonMapper.builder(jsonFactory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        CBORFactory cborFactory = CBORFactory.builder().streamReadConstraints(limits).build();
        this.cbor = CBORMapper.builder(cborFactory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public ServiceModel model() {
        return model;
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes and normalizes a request body for an operation of the model. An empty body is
     * {@code {}}. Throws a {@link KinesisException} (SerializationException) when the body is not a
     * JSON/CBOR object or a member has the wrong type.
     */
    public ObjectNode decode(byte[] body, WireFormat format, String operationName) {
        ServiceModel.OperationModel op = model.operation(operationName)
                .orElseThrow(() -> new IllegalArgumentException("no operation " + operationName + " in the model"));
        return normalize(parse(body, format), op.inputShape(), format);
    }

    /**
     * Parses a body into a tree without looking at the model: only "is it a JSON/CBOR object".
     * An empty body is {@code {}}. Kinesis says nothing but the type when the body does not parse.
     */
    public ObjectNode parse(byte[] body, WireFormat format) {
        if (body == null || body.length == 0) {
            return nodes.objectNode();
        }
        JsonNode tree;
        try {
            tree = (format == WireFormat.CBOR ? cbor : json).readTree(body);
        } catch (IOException | RuntimeException e) {
            throw KinesisError.SERIALIZATION.exception(null);
        }
        if (tree == null || !tree.isObject()) {
            throw KinesisError.SERIALIZATION.exception(null);
        }
        return (ObjectNode) tree;
    }

    /**
     * Checks a parsed request against an input shape (by name; null for an operation without
     * input) and returns it in normalized form.
     */
    public ObjectNode normalize(ObjectNode raw, String inputShape, WireFormat format) {
        if (inputShape == null) {
            return nodes.objectNode();
        }
        return structure(raw, model.shape(inputShape), format);
    }

    private ObjectNode structure(ObjectNode raw, Shape shape, WireFormat format) {
        ObjectNode out = nodes.objectNode();
        for (Member member : shape.members().values()) {
            JsonNode value = raw.get(member.name());
            if (value == null || value.isNull() || value.isMissingNode()) {
                continue;
            }
            out.set(member.name(), value(value, model.shape(member.shape()), format));
        }
        return out;
    }

    private JsonNode value(JsonNode v, Shape shape, WireFormat format) {
        return switch (shape.type()) {
            case STRING -> {
                if (v.isTextual()) {
                    yield v;
                }
                throw mismatch(v, "an String");
            }
            case BOOLEAN -> booleanValue(v);
            case INTEGER, LONG, DOUBLE, FLOAT -> number(v, shape);
            case BLOB -> blob(v);
            case TIMESTAMP -> timestamp(v, format);
            case LIST -> list(v, shape, format);
            case MAP -> map(v, shape, format);
            case STRUCTURE -> {
                if (v.isObject()) {
                    yield structure((ObjectNode) v, shape, format);
                }
                throw serialization(v.isArray() ? START_OF_LIST : "Expected null");
            }
        };
    }

    /** The message for a scalar of the wrong kind; {@code target} is Coral's wording ("an String", "a Blob"). */
    private static KinesisException mismatch(JsonNode v, String target) {
        if (v.isArray()) {
            return serialization(START_OF_LIST);
        }
        if (v.isObject() || v.isBinary()) {
            return serialization(START_OF_MAP);
        }
        if (v.isBoolean()) {
            return serialization("class java.lang.Boolean can not be converted to " + target);
        }
        if (v.isNumber()) {
            return serialization(NUMBER_CLASS + " can not be converted to " + target);
        }
        return serialization("class java.lang.String can not be converted to " + target);
    }

    private JsonNode booleanValue(JsonNode v) {
        if (v.isBoolean()) {
            return v;
        }
        if (v.isTextual()) {
            // kinesalite notes that Kinesis converts these strings; any other string is refused in upper case.
            switch (v.asText().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> {
                    return nodes.booleanNode(true);
                }
                case "false", "no", "0" -> {
                    return nodes.booleanNode(false);
                }
                default -> throw serialization("'" + v.asText().toUpperCase(Locale.ROOT)
                        + "' can not be converted to an Boolean");
            }
        }
        throw mismatch(v, "an Boolean");
    }

    private JsonNode number(JsonNode v, Shape shape) {
        String javaType = switch (shape.type()) {
            case INTEGER -> "Integer";
            case LONG -> "Long";
            case FLOAT -> "Float";
            default -> "Double";
        };
        if (!v.isNumber()) {
            throw mismatch(v, "an " + javaType);
        }
        return switch (shape.type()) {
            // Coral truncates: fractions are floored, out-of-range values clamp to the type's bounds
            case INTEGER -> nodes.numberNode(clamp(integral(v), INT_MIN, INT_MAX).intValue());
            case LONG -> nodes.numberNode(clamp(integral(v), LONG_MIN, LONG_MAX).longValue());
            default -> nodes.numberNode(v.doubleValue());
        };
    }

    private static BigInteger integral(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue();
        }
        if (v.isDouble() || v.isFloat()) {
            double d = v.doubleValue();
            if (Double.isNaN(d)) {
                return BigInteger.ZERO;
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? LONG_MAX : LONG_MIN;
            }
        }
        return v.decimalValue().setScale(0, RoundingMode.FLOOR).toBigInteger();
    }

    private static BigInteger clamp(BigInteger value, BigInteger min, BigInteger max) {
        return value.max(min).min(max);
    }

    private JsonNode blob(JsonNode v) {
        if (v.isBinary()) {
            return v;
        }
        if (!v.isTextual()) {
            throw mismatch(v, "a Blob");
        }
        return nodes.binaryNode(Base64Text.decode(v.asText()));
    }

    private JsonNode timestamp(JsonNode v, WireFormat format) {
        if (!v.isNumber()) {
            throw mismatch(v, "milliseconds since epoch");
        }
        BigDecimal value = v.isIntegralNumber() ? new BigDecimal(v.bigIntegerValue()) : decimal(v);
        // JSON carries epoch seconds, CBOR epoch milliseconds; both truncate below the millisecond, as the SDKs do.
        BigDecimal millis = format == WireFormat.JSON ? value.movePointRight(3) : value;
        return nodes.numberNode(clamp(millis.setScale(0, RoundingMode.DOWN).toBigInteger(), LONG_MIN, LONG_MAX)
                .longValue());
    }

    private static BigDecimal decimal(JsonNode v) {
        double d = v.doubleValue();
        if ((v.isDouble() || v.isFloat()) && (Double.isNaN(d) || Double.isInfinite(d))) {
            return Double.isNaN(d) ? BigDecimal.ZERO : d > 0 ? new BigDecimal(LONG_MAX) : new BigDecimal(LONG_MIN);
        }
        return v.decimalValue();
    }

    private JsonNode list(JsonNode v, Shape shape, WireFormat format) {
        if (v.isObject() || v.isBinary()) {
            throw serialization(START_OF_MAP);
        }
        if (!v.isArray()) {
            throw serialization("Expected list or null");
        }
        Shape memberShape = model.shape(shape.member());
        ArrayNode out = nodes.arrayNode(v.size());
        for (JsonNode item : v) {
            // a null item stays: the validator reports it ("Member must not be null")
            out.add(item.isNull() ? nodes.nullNode() : value(item, memberShape, format));
        }
        return out;
    }

    private JsonNode map(JsonNode v, Shape shape, WireFormat format) {
        if (v.isArray()) {
            throw serialization(START_OF_LIST);
        }
        if (!v.isObject()) {
            throw serialization("Expected map or null");
        }
        Shape valueShape = model.shape(shape.value());
        ObjectNode out = nodes.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isNull()) {
                out.set(e.getKey(), value(e.getValue(), valueShape, format));
            }
        }
        return out;
    }

    static KinesisException serialization(String message) {
        return KinesisError.SERIALIZATION.exception(message);
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes an operation's result per its output shape. Members the shape does not name and
     * null values are left out; an operation without output shape answers an empty body, as
     * Kinesis does (e.g. CreateStream). Throws {@link IllegalStateException} when a member's node
     * does not fit its shape (a bug in the operation).
     */
    public byte[] encodeResponse(ObjectNode response, WireFormat format, String operationName) {
        ServiceModel.OperationModel op = model.operation(operationName)
                .orElseThrow(() -> new IllegalArgumentException("no operation " + operationName + " in the model"));
        if (op.outputShape() == null) {
            return new byte[0];
        }
        ObjectNode body = response == null ? nodes.objectNode() : response;
        return write(format, gen -> writeStructure(gen, body, model.shape(op.outputShape()), format, op.outputShape()));
    }

    /**
     * Encodes a structure of the model's shape {@code shapeName} (an event of an event stream), with
     * the same rules as {@link #encodeResponse}.
     */
    public byte[] encodeStructure(ObjectNode node, String shapeName, WireFormat format) {
        Shape shape = model.shape(shapeName);
        if (shape.type() != ServiceModel.ShapeType.STRUCTURE) {
            throw new IllegalArgumentException("no structure " + shapeName + " in the model");
        }
        return write(format, gen -> writeStructure(gen, node, shape, format, shapeName));
    }

    /**
     * Encodes an error as Kinesis does: {@code __type} and {@code message}; SerializationException
     * spells it {@code Message}; no message key when there is no message (e.g. UnknownOperationException).
     */
    public byte[] encodeError(KinesisException error, WireFormat format) {
        return encodeError(error.type(), error.error() == KinesisError.SERIALIZATION ? "Message" : "message",
                error.getMessage(), format);
    }

    private byte[] encodeError(String type, String messageKey, String message, WireFormat format) {
        return write(format, gen -> {
            gen.writeStartObject(null, message == null ? 1 : 2);
            gen.writeStringField("__type", type);
            if (message != null) {
                gen.writeStringField(messageKey, message);
            }
            gen.writeEndObject();
        });
    }

    private interface Body {
        void writeTo(JsonGenerator gen) throws IOException;
    }

    private byte[] write(WireFormat format, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = (format == WireFormat.CBOR ? cbor : json).createGenerator(out)) {
            body.writeTo(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeStructure(JsonGenerator gen, JsonNode node, Shape shape, WireFormat format, String path)
            throws IOException {
        if (!node.isObject()) {
            throw badResponse(path, shape, node);
        }
        List<Member> present = new ArrayList<>();
        for (Member m : shape.members().values()) {
            JsonNode v = node.get(m.name());
            if (v != null && !v.isNull() && !v.isMissingNode()) {
                present.add(m);
            }
        }
        gen.writeStartObject(node, present.size());
        for (Member m : present) {
            gen.writeFieldName(m.name());
            writeValue(gen, node.get(m.name()), model.shape(m.shape()), format, path + "." + m.name());
        }
        gen.writeEndObject();
    }

    private void writeValue(JsonGenerator gen, JsonNode v, Shape shape, WireFormat format, String path)
            throws IOException {
        switch (shape.type()) {
            case STRING -> {
                if (!v.isValueNode() || v.isBinary()) {
                    throw badResponse(path, shape, v);
                }
                gen.writeString(v.asText());
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw badResponse(path, shape, v);
                }
                gen.writeBoolean(v.booleanValue());
            }
            case INTEGER -> gen.writeNumber(number(v, shape, path).intValue());
            case LONG -> gen.writeNumber(number(v, shape, path).longValue());
            case DOUBLE, FLOAT -> gen.writeNumber(number(v, shape, path).doubleValue());
            case BLOB -> {
                if (!v.isBinary()) {
                    throw badResponse(path, shape, v);
                }
                gen.writeBinary(v.binaryValue());
            }
            case TIMESTAMP -> {
                long millis = number(v, shape, path).longValue();
                if (format == WireFormat.CBOR) {
                    ((CBORGenerator) gen).writeTag(CBOR_TAG_EPOCH);
                    gen.writeNumber(millis);
                } else {
                    gen.writeNumber(BigDecimal.valueOf(millis, 3));
                }
            }
            case LIST -> {
                if (!v.isArray()) {
                    throw badResponse(path, shape, v);
                }
                Shape memberShape = model.shape(shape.member());
                gen.writeStartArray(v, v.size());
                int i = 0;
                for (JsonNode item : v) {
                    if (item.isNull()) {
                        gen.writeNull();
                    } else {
                        writeValue(gen, item, memberShape, format, path + "[" + i + "]");
                    }
                    i++;
                }
                gen.writeEndArray();
            }
            case MAP -> {
                if (!v.isObject()) {
                    throw badResponse(path, shape, v);
                }
                Shape valueShape = model.shape(shape.value());
                int size = 0;
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    size += e.getValue().isNull() ? 0 : 1;
                }
                gen.writeStartObject(v, size);
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    if (!e.getValue().isNull()) {
                        gen.writeFieldName(e.getKey());
                        writeValue(gen, e.getValue(), valueShape, format, path + "." + e.getKey());
                    }
                }
                gen.writeEndObject();
            }
            case STRUCTURE -> writeStructure(gen, v, shape, format, path);
        }
    }

    private static JsonNode number(JsonNode v, Shape shape, String path) {
        if (!v.isNumber()) {
            throw badResponse(path, shape, v);
        }
        return v;
    }

    private static IllegalStateException badResponse(String path, Shape shape, JsonNode v) {
        return new IllegalStateException("response member " + path + " must be a " + shape.type()
                + " (shape " + shape.name() + ") but is a " + v.getNodeType());
    }
}
