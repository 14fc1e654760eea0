package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.ErrorEnvelope;
import io.riffle.aws.wire.OperationSpec;
import io.riffle.aws.wire.WireCodec;
import io.riffle.kinesis.api.KinesisOperations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated Kinesis codec ({@code io.riffle.kinesis.api.KinesisCodec} over the wire runtime) holds Kinesis'
 * behaviour: what the tree codec's tests pinned, on the records (read back as trees in CBOR's conventions: blobs
 * binary, timestamps epoch milliseconds).
 */
class KinesisCodecTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORFactory CBOR = new CBORFactory();

    private static final WireCodec CODEC = WireCodec.standard();

    private static OperationSpec<?, ?> spec(String operation) {
        return KinesisOperations.SERVICE.operation(operation).orElseThrow();
    }

    /** Decodes a request of the operation and shows it as a tree. */
    static ObjectNode decode(byte[] body, WireFormat format, String operation) {
        return decodeAs(body, format, spec(operation));
    }

    private static <I> ObjectNode decodeAs(byte[] body, WireFormat format, OperationSpec<I, ?> spec) {
        return TreeCalls.tree(CODEC.decode(body, format.wire(), spec.inputReader()), spec.inputWriter());
    }

    /** Encodes a response given as a tree; an operation without output answers nothing. */
    static byte[] encodeResponse(ObjectNode response, WireFormat format, String operation) {
        return encodeAs(response, format, spec(operation));
    }

    private static <O> byte[] encodeAs(ObjectNode response, WireFormat format, OperationSpec<?, O> spec) {
        if (!spec.hasOutput()) {
            return new byte[0];
        }
        return CODEC.encode(format.wire(), TreeCalls.read(response, spec.outputReader()), spec.outputWriter());
    }

    static byte[] encodeError(AwsServiceException error, WireFormat format) {
        return ErrorEnvelope.encode(CODEC, error, format.wire());
    }

    interface CborBody {
        void write(CBORGenerator gen) throws IOException;
    }

    /** A CBOR body as the AWS SDK for Java v2 writes it: indefinite-length map, byte strings, tag 1 + millis. */
    static byte[] cbor(CborBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator gen = CBOR.createGenerator(out)) {
            gen.writeStartObject();
            body.write(gen);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode decodeJson(String operation, String body) {
        return decode(utf8(body), WireFormat.JSON, operation);
    }

    private AwsServiceException serializationError(String operation, String body) {
        try {
            decodeJson(operation, body);
        } catch (AwsServiceException e) {
            assertThat(e.type()).isEqualTo("SerializationException");
            return e;
        }
        throw new AssertionError("no SerializationException for " + body);
    }

    // ------------------------------------------------------------ JSON requests

    @Test
    void jsonBlobsAreBase64AndUnknownOrNullMembersAreDropped() throws IOException {
        ObjectNode request = decodeJson("PutRecord",
                "{\"StreamName\":\"s\",\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"k\",\"ExplicitHashKey\":null,\"Whatever\":1}");
        assertThat(request.get("Data").isBinary()).isTrue();
        assertThat(request.get("Data").binaryValue()).isEqualTo(utf8("hello"));
        assertThat(request.get("StreamName").asText()).isEqualTo("s");
        assertThat(request.has("ExplicitHashKey")).isFalse();
        assertThat(request.has("Whatever")).isFalse();
    }

    @Test
    void jsonTimestampsAreEpochSecondsWithFraction() {
        ObjectNode request = decodeJson("GetShardIterator",
                "{\"ShardId\":\"s\",\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":1700000000.123}");
        assertThat(request.get("Timestamp").isLong() || request.get("Timestamp").isInt()).isTrue();
        assertThat(request.get("Timestamp").longValue()).isEqualTo(1_700_000_000_123L);
        assertThat(decodeJson("GetShardIterator", "{\"Timestamp\":1700000000}").get("Timestamp").longValue())
                .isEqualTo(1_700_000_000_000L);
        // below a millisecond truncates, as the SDK's parser does
        assertThat(decodeJson("GetShardIterator", "{\"Timestamp\":1.7000000001239E9}").get("Timestamp").longValue())
                .isEqualTo(1_700_000_000_123L);
    }

    @Test
    void emptyBodyIsAnEmptyRequest() {
        assertThat(decode(new byte[0], WireFormat.JSON, "ListStreams")).isEmpty();
        assertThat(decode(null, WireFormat.CBOR, "ListStreams")).isEmpty();
    }

    @Test
    void bodiesThatAreNotObjectsAreSerializationExceptionsWithoutMessage() {
        for (String body : new String[] {"hello", "true", "null", "[]", "{\"a\":", "{} {}", "\"x\""}) {
            assertThat(serializationError("ListStreams", body).getMessage()).as(body).isNull();
        }
        assertThatThrownBy(() -> decode(utf8("{}"), WireFormat.CBOR, "ListStreams"))
                .isInstanceOf(AwsServiceException.class)
                .extracting(e -> ((AwsServiceException) e).type()).isEqualTo("SerializationException");
    }

    @Test
    void documentsWithMoreTokensOrDeeperNestingThanAnyKinesisRequestAreSerializationExceptions() throws IOException {
        StringBuilder manyKeys = new StringBuilder("{\"StreamName\":\"s\"");
        for (int i = 0; i < 1_000_000; i++) {
            manyKeys.append(",\"k").append(i).append("\":1");
        }
        String millionKeys = manyKeys.append('}').toString();
        assertThat(serializationError("PutRecords", millionKeys).getMessage()).isNull();
        ByteArrayOutputStream cborKeys = new ByteArrayOutputStream();
        try (CBORGenerator out = CBOR.createGenerator(cborKeys)) {
            out.writeStartObject();
            for (int i = 0; i < 100_000; i++) {
                out.writeNumberField("k" + i, i);
            }
            out.writeEndObject();
        }
        assertThatThrownBy(() -> decode(cborKeys.toByteArray(), WireFormat.CBOR, "PutRecords"))
                .isInstanceOf(AwsServiceException.class)
                .extracting(e -> ((AwsServiceException) e).type()).isEqualTo("SerializationException");
        String deep = "{\"a\":".repeat(WireCodec.MAX_NESTING_DEPTH + 1) + "1" + "}".repeat(WireCodec.MAX_NESTING_DEPTH + 1);
        assertThat(serializationError("PutRecords", deep).getMessage()).isNull();
    }

    @Test
    void theLargestPutRecordsIsWithinTheParseLimits() {
        StringBuilder body = new StringBuilder("{\"StreamName\":\"s\",\"Records\":[");
        for (int i = 0; i < 500; i++) {
            body.append(i == 0 ? "" : ",").append("{\"Data\":\"AAAA\",\"PartitionKey\":\"p").append(i)
                    .append("\",\"ExplicitHashKey\":\"").append(i).append("\"}");
        }
        ObjectNode decoded = decodeJson("PutRecords", body.append("]}").toString());
        assertThat(decoded.get("Records")).hasSize(500);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // kinesalite test/helpers.js assertType, checked against Kinesis
        "`\"23456\"` | '23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5",
        "`\"=+/=\"`  | '=+/=' can not be converted to a Blob: Invalid Base64 character: '='",
        "`\"+/+=\"`  | '+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected",
        "`\"ab*d\"`  | 'ab*d' can not be converted to a Blob: Invalid Base64 character: '*'",
        "`\"A===\"`  | 'A===' can not be converted to a Blob: Invalid last non-pad Base64 character dectected",
        "true        | class java.lang.Boolean can not be converted to a Blob",
        "23          | class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob",
        "34.56       | class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob",
        "[]          | Start of list found where not expected",
        "{}          | Start of structure or map found where not expected.",
    })
    void blobRefusals(String data, String message) {
        AwsServiceException e = serializationError("PutRecord", "{\"Data\":" + data + "}");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void canonicalBase64IsAccepted() throws IOException {
        for (String text : new String[] {"", "AA==", "AAA=", "AAAA", "+/8=", "aGVsbG8gd29ybGQ="}) {
            assertThat(decodeJson("PutRecord", "{\"Data\":\"" + text + "\"}").get("Data").binaryValue())
                    .isEqualTo(Base64.getDecoder().decode(text));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "StreamName | true        | class java.lang.Boolean can not be converted to an String",
        "StreamName | 23          | class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
        "StreamName | 34.56       | class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
        "StreamName | []          | Start of list found where not expected",
        "StreamName | {}          | Start of structure or map found where not expected.",
        "ShardCount | `\"23\"`    | class java.lang.String can not be converted to an Integer",
        "ShardCount | true        | class java.lang.Boolean can not be converted to an Integer",
        "ShardCount | []          | Start of list found where not expected",
        "ShardCount | {}          | Start of structure or map found where not expected.",
        "Tags       | `\"23\"`    | Expected map or null",
        "Tags       | 23          | Expected map or null",
        "Tags       | []          | Start of list found where not expected",
        "StreamModeDetails | 23   | Expected null",
        "StreamModeDetails | []   | Start of list found where not expected",
    })
    void createStreamTypeMismatches(String member, String value, String message) {
        assertThat(serializationError("CreateStream", "{\"" + member + "\":" + value + "}").getMessage())
                .isEqualTo(message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Records    | `\"23\"` | Expected list or null",
        "Records    | 23       | Expected list or null",
        "Records    | true     | Expected list or null",
        "Records    | {}       | Start of structure or map found where not expected.",
        "Records    | [23]     | Expected null",
        "Records    | [[]]     | Start of list found where not expected",
        "Records    | `[{\"PartitionKey\":5}]` | class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
    })
    void putRecordsTypeMismatches(String member, String value, String message) {
        assertThat(serializationError("PutRecords", "{\"" + member + "\":" + value + "}").getMessage())
                .isEqualTo(message);
    }

    @Test
    void timestampAndLongAndBooleanMismatches() {
        assertThat(serializationError("GetShardIterator", "{\"Timestamp\":\"23\"}").getMessage())
                .isEqualTo("class java.lang.String can not be converted to milliseconds since epoch");
        assertThat(serializationError("GetShardIterator", "{\"Timestamp\":true}").getMessage())
                .isEqualTo("class java.lang.Boolean can not be converted to milliseconds since epoch");
        assertThat(serializationError("ListStreams", "{\"Limit\":\"23\"}").getMessage())
                .isEqualTo("class java.lang.String can not be converted to an Integer");
        assertThat(serializationError("UpdateStreamWarmThroughput", "{\"WarmThroughputMiBps\":\"x\"}").getMessage())
                .isEqualTo("class java.lang.String can not be converted to an Integer");
    }

    @Test
    void integersAreFlooredAndClampedLikeCoralsTruncatingNumbers() {
        assertThat(decodeJson("CreateStream", "{\"ShardCount\":100000000000}").get("ShardCount").intValue())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(decodeJson("CreateStream", "{\"ShardCount\":1.9}").get("ShardCount").intValue()).isEqualTo(1);
        assertThat(decodeJson("CreateStream", "{\"ShardCount\":-1.5}").get("ShardCount").intValue()).isEqualTo(-2);
    }

    // ------------------------------------------------------------ CBOR requests

    @Test
    void cborRequestsAsTheJavaSdkWritesThem() throws IOException {
        byte[] data = {0, 1, 2, (byte) 0xff};
        byte[] body = cbor(gen -> {
            gen.writeStringField("StreamName", "s");
            gen.writeFieldName("Records");
            gen.writeStartArray();
            gen.writeStartObject();
            gen.writeFieldName("Data");
            gen.writeBinary(data);
            gen.writeStringField("PartitionKey", "k");
            gen.writeEndObject();
            gen.writeEndArray();
        });
        ObjectNode request = decode(body, WireFormat.CBOR, "PutRecords");
        assertThat(request.get("StreamName").asText()).isEqualTo("s");
        JsonNode record = request.get("Records").get(0);
        assertThat(record.get("Data").isBinary()).isTrue();
        assertThat(record.get("Data").binaryValue()).isEqualTo(data);
        assertThat(record.get("PartitionKey").asText()).isEqualTo("k");
    }

    @Test
    void cborTimestampsAreTagOneWithEpochMilliseconds() {
        byte[] body = cbor(gen -> {
            gen.writeStringField("ShardId", "shardId-000000000000");
            gen.writeStringField("ShardIteratorType", "AT_TIMESTAMP");
            gen.writeFieldName("Timestamp");
            gen.writeTag(1);
            gen.writeNumber(1_700_000_000_123L);
        });
        assertThat(decode(body, WireFormat.CBOR, "GetShardIterator").get("Timestamp").longValue())
                .isEqualTo(1_700_000_000_123L);
    }

    @Test
    void cborBlobAsTextIsBase64CheckedAndGarbageIsRefused() throws IOException {
        byte[] body = cbor(gen -> gen.writeStringField("Data", "aGk="));
        assertThat(decode(body, WireFormat.CBOR, "PutRecord").get("Data").binaryValue()).isEqualTo(utf8("hi"));
        byte[] bad = cbor(gen -> gen.writeStringField("Data", "a"));
        assertThatThrownBy(() -> decode(bad, WireFormat.CBOR, "PutRecord"))
                .hasMessage("'a' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 1");
        assertThatThrownBy(() -> decode(new byte[] {(byte) 0xbf, 0x61}, WireFormat.CBOR, "PutRecord"))
                .isInstanceOf(AwsServiceException.class);
    }

    // ------------------------------------------------------------ responses

    private ObjectNode getRecordsResponse() {
        ObjectNode response = NODES.objectNode();
        ObjectNode record = response.putArray("Records").addObject();
        record.put("SequenceNumber", "49590338271490256608559692538361571095921575989136588898");
        record.put("ApproximateArrivalTimestamp", 1_700_000_000_123L);
        record.put("Data", utf8("hello"));
        record.put("PartitionKey", "k");
        record.put("NotInTheModel", "dropped");
        response.put("NextShardIterator", "AAAA");
        response.put("MillisBehindLatest", 0L);
        response.putNull("ChildShards");
        return response;
    }

    @Test
    void jsonResponsesUseBase64AndPlainDecimalSeconds() throws IOException {
        byte[] body = encodeResponse(getRecordsResponse(), WireFormat.JSON, "GetRecords");
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"Records\":[{\"SequenceNumber\":\"49590338271490256608559692538361571095921575989136588898\","
                + "\"ApproximateArrivalTimestamp\":1700000000.123,\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"k\"}],"
                + "\"NextShardIterator\":\"AAAA\",\"MillisBehindLatest\":0}");
        // and it decodes the way the SDK reads it: BigDecimal seconds scaled to millis
        JsonNode parsed = JSON.readTree(body);
        assertThat(new java.math.BigDecimal(parsed.at("/Records/0/ApproximateArrivalTimestamp").asText())
                .movePointRight(3).longValue()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void jsonWholeSecondsStayPlain() {
        ObjectNode response = getRecordsResponse();
        ((ObjectNode) response.get("Records").get(0)).put("ApproximateArrivalTimestamp", 1_700_000_000_000L);
        String text = new String(encodeResponse(response, WireFormat.JSON, "GetRecords"), StandardCharsets.UTF_8);
        assertThat(text).contains("\"ApproximateArrivalTimestamp\":1700000000.000");
    }

    @Test
    void cborResponsesUseByteStringsAndTaggedIntegerMillis() throws IOException {
        byte[] body = encodeResponse(getRecordsResponse(), WireFormat.CBOR, "GetRecords");
        List<String> seen = new ArrayList<>();
        try (CBORParser parser = CBOR.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = parser.currentName();
                if ("ApproximateArrivalTimestamp".equals(name)) {
                    assertThat(token).isEqualTo(JsonToken.VALUE_NUMBER_INT);
                    assertThat(parser.getCurrentTag()).isEqualTo(1);
                    // the SDK v2 reads it with Long.parseLong(text)
                    assertThat(Long.parseLong(parser.getText())).isEqualTo(1_700_000_000_123L);
                    seen.add(name);
                } else if ("Data".equals(name)) {
                    assertThat(token).isEqualTo(JsonToken.VALUE_EMBEDDED_OBJECT);
                    assertThat(parser.getBinaryValue()).isEqualTo(utf8("hello"));
                    seen.add(name);
                }
            }
        }
        assertThat(seen).containsExactly("ApproximateArrivalTimestamp", "Data");
        JsonNode tree = new CBORMapper().readTree(body);
        assertThat(tree.at("/Records/0/NotInTheModel").isMissingNode()).isTrue();
        assertThat(tree.get("MillisBehindLatest").longValue()).isZero();
    }

    @Test
    void responsesRoundTripInBothFormats() throws IOException {
        // what we encode reads back as the same tree, in both formats
        ObjectNode response = NODES.objectNode();
        ObjectNode shard = response.putArray("Shards").addObject();
        shard.put("ShardId", "shardId-000000000000");
        shard.putObject("HashKeyRange").put("StartingHashKey", "0").put("EndingHashKey", "1");
        shard.putObject("SequenceNumberRange").put("StartingSequenceNumber", "1");
        response.put("NextToken", "t");
        for (WireFormat format : WireFormat.values()) {
            byte[] body = encodeResponse(response, format, "ListShards");
            JsonNode back = (format == WireFormat.CBOR ? new CBORMapper() : JSON).readTree(body);
            assertThat(back).as(format.name()).isEqualTo(response);
        }
    }

    @Test
    void operationsWithoutOutputAnswerAnEmptyBody() {
        assertThat(encodeResponse(NODES.objectNode().put("x", 1), WireFormat.JSON, "CreateStream")).isEmpty();
        assertThat(encodeResponse(null, WireFormat.CBOR, "DeleteStream")).isEmpty();
    }

    // A response member of the wrong kind (a tree's mistake the tree codec caught) cannot be built: responses are
    // records now.

    // ------------------------------------------------------------ errors

    @Test
    void jsonErrorsCarryTypeAndMessage() {
        byte[] body = encodeError(KinesisError.RESOURCE_NOT_FOUND.exception("Stream s under account 000000000000 not found."),
                WireFormat.JSON);
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream s under account 000000000000 not found.\"}");
    }

    @Test
    void serializationExceptionsSpellMessageWithACapitalAndBareTypesHaveNoMessage() {
        assertThat(new String(encodeError(KinesisError.SERIALIZATION.exception("Expected null"), WireFormat.JSON),
                StandardCharsets.UTF_8)).isEqualTo("{\"__type\":\"SerializationException\",\"Message\":\"Expected null\"}");
        assertThat(new String(encodeError(KinesisError.UNKNOWN_OPERATION.exception(null), WireFormat.JSON),
                StandardCharsets.UTF_8)).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
    }

    @Test
    void cborErrorsAreTheSameMap() throws IOException {
        byte[] body = encodeError(KinesisError.VALIDATION.exception("1 validation error detected: x"), WireFormat.CBOR);
        JsonNode tree = new CBORMapper().readTree(body);
        assertThat(tree.get("__type").asText()).isEqualTo("ValidationException");
        assertThat(tree.get("message").asText()).isEqualTo("1 validation error detected: x");
        assertThat(tree.size()).isEqualTo(2);
        assertThat(body[0] & 0xff).as("definite-length map of 2").isEqualTo(0xa2);
    }
}
