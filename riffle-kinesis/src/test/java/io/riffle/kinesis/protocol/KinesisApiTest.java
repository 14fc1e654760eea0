package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.riffle.aws.wire.Blob;
import io.riffle.aws.wire.OperationSpec;
import io.riffle.kinesis.api.GetRecordsInput;
import io.riffle.kinesis.api.GetRecordsOutput;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.ListStreamsInput;
import io.riffle.kinesis.api.ListStreamsOutput;
import io.riffle.kinesis.api.PutRecordInput;
import io.riffle.kinesis.api.PutRecordOutput;
import io.riffle.kinesis.api.PutRecordsInput;
import io.riffle.kinesis.api.PutRecordsOutput;
import io.riffle.kinesis.api.Record;
import io.riffle.storage.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KinesisApiTest {

    /** An InternalFailure is a bug of the server: logged at ERROR with its cause. */
    @RegisterExtension
    final LogCapture logs = LogCapture.of(KinesisApi.class).expect(Level.ERROR, "^InternalFailure in ");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    private static final String CBOR_TYPE = "application/x-amz-cbor-1.1";
    private static final String SIGNATURE = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/kinesis/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef";

    private final KinesisApi api = new KinesisApi();
    private final AtomicReference<Object> received = new AtomicReference<>();

    private static Map<String, String> signed() {
        Map<String, String> headers = new HashMap<>();
        headers.put("authorization", SIGNATURE);
        headers.put("x-amz-date", "20240101T000000Z");
        return headers;
    }

    private static ApiAnswer answer(CompletableFuture<ApiAnswer> future) {
        assertThat(future).isDone();
        assertThat(future.isCompletedExceptionally()).isFalse();
        return future.join();
    }

    private ApiAnswer call(String target, String contentType, String body, Map<String, String> headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return answer(api.dispatch(new ApiCall(target, contentType, bytes, headers, "req-1")));
    }

    private ApiAnswer json(String operation, String body) {
        return call("Kinesis_20131202." + operation, JSON_TYPE, body, signed());
    }

    private static String text(ApiAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode cborTree(ApiAnswer answer) {
        try {
            return new CBORMapper().readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertJsonError(ApiAnswer answer, int status, String body) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo(JSON_TYPE);
        assertThat(text(answer)).isEqualTo(body);
    }

    private void registerPutRecord() {
        api.register(KinesisOperations.PUT_RECORD, request -> {
            received.set(request);
            return CompletableFuture.completedFuture(new PutRecordOutput("shardId-000000000000", "1", "NONE"));
        });
    }

    private static ListStreamsOutput noStreams() {
        return ListStreamsOutput.builder().streamNames(List.of()).hasMoreStreams(false).build();
    }

    // ------------------------------------------------------------ success paths

    @Test
    void jsonCallRunsTheOperationWithANormalizedRequest() throws IOException {
        registerPutRecord();
        ApiAnswer answer = json("PutRecord", "{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"aGk=\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(JSON_TYPE);
        assertThat(text(answer)).isEqualTo(
                "{\"ShardId\":\"shardId-000000000000\",\"SequenceNumber\":\"1\",\"EncryptionType\":\"NONE\"}");
        assertThat(((PutRecordInput) received.get()).data().toByteArray()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cborCallAnswersInCbor() throws IOException {
        api.register(KinesisOperations.GET_RECORDS, request -> {
            received.set(request);
            Record record = new Record("1", Instant.ofEpochMilli(1_700_000_000_123L), Blob.copyOf(new byte[] {7}), "k",
                    null);
            return CompletableFuture.completedFuture(new GetRecordsOutput(List.of(record), null, 5L, null));
        });
        byte[] body = KinesisCodecTest.cbor(gen -> gen.writeStringField("ShardIterator", "AAAA"));
        ApiAnswer answer = answer(api.dispatch(new ApiCall("Kinesis_20131202.GetRecords", CBOR_TYPE, body, signed(), "r")));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(CBOR_TYPE);
        JsonNode tree = cborTree(answer);
        assertThat(tree.at("/Records/0/Data").binaryValue()).containsExactly(7);
        assertThat(tree.at("/Records/0/ApproximateArrivalTimestamp").longValue()).isEqualTo(1_700_000_000_123L);
        assertThat(((GetRecordsInput) received.get()).shardIterator()).isEqualTo("AAAA");
    }

    @Test
    void aCborRecordsDataIsAViewOfTheRequestBodyNotACopy() {
        AtomicReference<PutRecordsInput> put = new AtomicReference<>();
        api.register(KinesisOperations.PUT_RECORDS, request -> {
            put.set(request);
            return CompletableFuture.completedFuture(new PutRecordsOutput(0, List.of(), "NONE"));
        });
        byte[] body = KinesisCodecTest.cbor(gen -> {
            gen.writeStringField("StreamName", "s");
            gen.writeArrayFieldStart("Records");
            gen.writeStartObject();
            gen.writeFieldName("Data");
            gen.writeBinary(new byte[] {1, 2, 3});
            gen.writeStringField("PartitionKey", "k");
            gen.writeEndObject();
            gen.writeEndArray();
        });
        assertThat(answer(api.dispatch(new ApiCall("Kinesis_20131202.PutRecords", CBOR_TYPE, body, signed(), "r")))
                .status()).isEqualTo(200);
        Blob data = put.get().records().get(0).data();
        assertThat(data.toByteArray()).containsExactly(1, 2, 3);
        // the bytes are the body's own: what changes the body shows through (the HTTP layer never does)
        for (int i = 0; i < body.length - 2; i++) {
            if (body[i] == 1 && body[i + 1] == 2 && body[i + 2] == 3) {
                body[i] = 9;
            }
        }
        assertThat(data.toByteArray()).containsExactly(9, 2, 3);
    }

    @Test
    void operationsWithoutOutputAnswerAnEmptyBody() {
        api.register(KinesisOperations.CREATE_STREAM, request -> CompletableFuture.completedFuture(null));
        ApiAnswer answer = json("CreateStream", "{\"StreamName\":\"s\",\"ShardCount\":1}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void theAnswerWaitsForTheOperationsFuture() {
        CompletableFuture<ListStreamsOutput> pending = new CompletableFuture<>();
        api.register(KinesisOperations.LIST_STREAMS, request -> pending);
        CompletableFuture<ApiAnswer> future = api.dispatch(
                new ApiCall("Kinesis_20131202.ListStreams", JSON_TYPE, "{}".getBytes(StandardCharsets.UTF_8), signed(), "r"));
        assertThat(future).isNotDone();
        pending.complete(noStreams());
        assertThat(text(answer(future))).isEqualTo("{\"StreamNames\":[],\"HasMoreStreams\":false}");
    }

    @Test
    void anAnswerCompletedElsewhereIsEncodedOnTheCallsAnsweringThread() throws Exception {
        CompletableFuture<ListStreamsOutput> pending = new CompletableFuture<>();
        api.register(KinesisOperations.LIST_STREAMS, request -> pending);
        Queue<Runnable> answering = new ArrayDeque<>(); // stands for the connection's event loop
        CompletableFuture<ApiAnswer> future = api.dispatch(new ApiCall("Kinesis_20131202.ListStreams", JSON_TYPE,
                "{}".getBytes(StandardCharsets.UTF_8), signed(), "r", answering::add));
        Thread storage = new Thread(() -> pending.complete(noStreams()), "storage-ack");
        storage.start();
        storage.join();
        assertThat(future).as("not encoded on the completing thread").isNotDone();
        assertThat(answering).hasSize(1);
        answering.poll().run();
        assertThat(text(answer(future))).isEqualTo("{\"StreamNames\":[],\"HasMoreStreams\":false}");
    }

    @Test
    void anOperationAlreadyDoneIsAnsweredOnTheCallersThreadAtOnce() {
        api.register(KinesisOperations.LIST_STREAMS, request -> CompletableFuture.completedFuture(noStreams()));
        Queue<Runnable> answering = new ArrayDeque<>();
        CompletableFuture<ApiAnswer> future = api.dispatch(new ApiCall("Kinesis_20131202.ListStreams", JSON_TYPE,
                "{}".getBytes(StandardCharsets.UTF_8), signed(), "r", answering::add));
        assertThat(future).isDone();
        assertThat(answering).isEmpty();
    }

    // ------------------------------------------------------------ target, content type and body (kinesalite's order)

    @Test
    void unknownOrMissingTargetsAreUnknownOperationWithoutMessage() {
        for (String target : new String[] {null, "", "Whatever", "Kinesis_20131202.", "Kinesis_20131202.Whatever",
                "Whatever.ListStreams", "Kinesis_20131202.ListStream", "Kinesis_20131202.ListStreams.x"}) {
            assertJsonError(call(target, JSON_TYPE, "{}", signed()), 400, "{\"__type\":\"UnknownOperationException\"}");
        }
        // the target is checked before authentication
        assertJsonError(call("Kinesis_20131202.Whatever", JSON_TYPE, "{}", Map.of()), 400,
                "{\"__type\":\"UnknownOperationException\"}");
    }

    @Test
    void aBodyThatDoesNotParseIsASerializationExceptionEvenBeforeTheTarget() {
        assertJsonError(json("ListStreams", "hello"), 400, "{\"__type\":\"SerializationException\"}");
        assertJsonError(call("Kinesis_20131202.Whatever", JSON_TYPE, "hello", Map.of()), 400,
                "{\"__type\":\"SerializationException\"}");
        ApiAnswer cbor = call("Kinesis_20131202.ListStreams", CBOR_TYPE, "hello", Map.of());
        assertThat(cbor.contentType()).isEqualTo(CBOR_TYPE);
        assertThat(cborTree(cbor).get("__type").asText()).isEqualTo("SerializationException");
    }

    @Test
    void anEmptyBodyIsRefusedAsKinesisDoes() {
        assertJsonError(call("Kinesis_20131202.ListStreams", JSON_TYPE, "", Map.of()), 400,
                "{\"__type\":\"SerializationException\"}");
        assertJsonError(call("Kinesis_20131202.Whatever", JSON_TYPE, "", Map.of()), 400,
                "{\"__type\":\"UnknownOperationException\"}");
        // any other content type answers CBOR
        for (String contentType : new String[] {null, "application/x-amz-json-1.0", "application/json", CBOR_TYPE}) {
            ApiAnswer answer = call(null, contentType, null, Map.of());
            assertThat(answer.contentType()).isEqualTo(CBOR_TYPE);
            assertThat(cborTree(answer).toString()).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
        }
        assertThat(cborTree(call("Kinesis_20131202.ListStreams", null, null, Map.of())).toString())
                .isEqualTo("{\"__type\":\"SerializationException\"}");
    }

    @Test
    void otherContentTypesGetXmlErrors() {
        ApiAnswer noTarget = call(null, null, "{}", signed());
        assertThat(noTarget.status()).isEqualTo(403);
        assertThat(text(noTarget)).isEqualTo("<AccessDeniedException>\n"
                + "  <Message>Unable to determine service/operation name to be authorized</Message>\n"
                + "</AccessDeniedException>\n");
        for (String contentType : new String[] {null, "application/x-amz-json-1.0", "text/plain"}) {
            ApiAnswer answer = call("Kinesis_20131202.ListStreams", contentType, "{}", signed());
            assertThat(answer.status()).isEqualTo(404);
            assertThat(text(answer)).isEqualTo("<UnknownOperationException/>\n");
        }
    }

    @Test
    void legacyApplicationJsonGetsCoralsWrapper() {
        ApiAnswer bad = call("Kinesis_20131202.ListStreams", "     application/json     ;", "hello", Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).isEqualTo("application/json");
        assertThat(text(bad)).isEqualTo(
                "{\"Output\":{\"__type\":\"com.amazon.coral.service#SerializationException\"},\"Version\":\"1.0\"}");
        ApiAnswer good = call("Kinesis_20131202.ListStreams", "application/json", "{}", signed());
        assertThat(good.status()).isEqualTo(404);
        assertThat(text(good)).isEqualTo(
                "{\"Output\":{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"},\"Version\":\"1.0\"}");
    }

    // ------------------------------------------------------------ authentication

    @Test
    void aCallWithoutAuthorizationIsMissingItsToken() {
        registerPutRecord();
        assertJsonError(call("Kinesis_20131202.ListStreams", JSON_TYPE, "{}", Map.of()), 400,
                "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}");
        assertJsonError(call("Kinesis_20131202.ListStreams", "   application/x-amz-json-1.1   ;whatever", "{}",
                Map.of("x-amz-security-token", "t")), 400,
                "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}");
        assertThat(received.get()).isNull();
    }

    @Test
    void aMalformedAuthorizationIsAnIncompleteSignature() {
        String all = "Authorization header requires 'Credential' parameter. "
                + "Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
        assertJsonError(call("Kinesis_20131202.ListStreams", JSON_TYPE, "{}", Map.of("authorization", "X")), 400,
                "{\"__type\":\"IncompleteSignatureException\",\"message\":\"" + all + "Authorization=X\"}");
        for (String header : new String[] {"AWS4- Signature=b Credential=a", "AWS4- Signature=b,Credential=a",
                "AWS4- Signature=b, Credential=a"}) {
            assertJsonError(call("Kinesis_20131202.ListStreams", JSON_TYPE, "{}",
                            Map.of("authorization", header, "date", "a")), 400,
                    "{\"__type\":\"IncompleteSignatureException\",\"message\":\""
                            + "Authorization header requires 'SignedHeaders' parameter. Authorization=" + header + "\"}");
        }
    }

    @Test
    void aWellFormedSignatureIsAcceptedWithoutVerification() {
        assertThat(AuthorizationHeader.incompleteSignatureMessage(SIGNATURE, true)).isNull();
        assertThat(AuthorizationHeader.incompleteSignatureMessage("AWS4- Credential=a,SignedHeaders=b,Signature=c", true))
                .isNull();
        assertThat(AuthorizationHeader.incompleteSignatureMessage("AWS4- Credential= SignedHeaders=b Signature=c", true))
                .isEqualTo("Authorization header requires 'Credential' parameter. "
                        + "Authorization=AWS4- Credential= SignedHeaders=b Signature=c");
    }

    // ------------------------------------------------------------ model operations, validation, failures

    @Test
    void aModelOperationThatIsNotRegisteredIsNotSupportedYet() {
        assertJsonError(json("SplitShard", "{}"), 400, "{\"__type\":\"UnsupportedOperationException\","
                + "\"message\":\"SplitShard is not supported by this version of Riffle yet\"}");
    }

    @Test
    void registeringAnOperationOutsideTheModelFails() {
        OperationSpec<ListStreamsInput, ListStreamsOutput> notKinesis = new OperationSpec<>("FlyToTheMoon", "POST", "/",
                "ListStreamsInput", ListStreamsInput.class, KinesisCodec::readListStreamsInput, null,
                "ListStreamsOutput", ListStreamsOutput.class, null, KinesisCodec::writeListStreamsOutput, List.of());
        assertThatThrownBy(() -> api.register(notKinesis, request -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeMismatchesAndConstraintsAreAnsweredBeforeTheOperationRuns() {
        registerPutRecord();
        assertJsonError(json("PutRecord", "{\"PartitionKey\":\"k\",\"Data\":\"23456\"}"), 400,
                "{\"__type\":\"SerializationException\",\"Message\":\"'23456' can not be converted to a Blob: "
                        + "Base64 encoded length is expected a multiple of 4 bytes but found: 5\"}");
        assertJsonError(json("PutRecord", "{\"StreamName\":\"a b\",\"PartitionKey\":\"k\",\"Data\":\"\"}"), 400,
                "{\"__type\":\"ValidationException\",\"message\":\"1 validation error detected: Value 'a b' at "
                        + "'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                        + "[a-zA-Z0-9_.-]+\"}");
        assertThat(received.get()).isNull();
    }

    @Test
    void aMemberOfTheWrongTypeIsAnsweredAfterAuthenticationButABrokenDocumentBefore() {
        String missingToken = "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}";
        // a well-formed document with a member of the wrong type: authentication is checked first
        assertJsonError(call("Kinesis_20131202.PutRecord", JSON_TYPE, "{\"StreamName\":5}", Map.of()), 400, missingToken);
        // the same member, then the document breaks off: the document is refused first, without message
        assertJsonError(call("Kinesis_20131202.PutRecord", JSON_TYPE, "{\"StreamName\":5,", Map.of()), 400,
                "{\"__type\":\"SerializationException\"}");
        assertJsonError(call("Kinesis_20131202.PutRecord", JSON_TYPE, "{\"StreamName\":5} {}", Map.of()), 400,
                "{\"__type\":\"SerializationException\"}");
        // an operation not served yet is that before its members' types
        assertJsonError(json("SplitShard", "{\"StreamName\":5}"), 400, "{\"__type\":\"UnsupportedOperationException\","
                + "\"message\":\"SplitShard is not supported by this version of Riffle yet\"}");
        // signed and served: the member's type, in Coral's words, and the operation does not run
        registerPutRecord();
        assertJsonError(json("PutRecord", "{\"StreamName\":5}"), 400, "{\"__type\":\"SerializationException\","
                + "\"Message\":\"class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an "
                + "String\"}");
        assertThat(received.get()).isNull();
    }

    @Test
    void kinesisExceptionsFromTheOperationAreAnsweredAsIs() {
        api.register(KinesisOperations.DELETE_STREAM, request -> CompletableFuture.failedFuture(
                KinesisError.RESOURCE_NOT_FOUND.exception("Stream s under account 000000000000 not found.")));
        assertJsonError(json("DeleteStream", "{\"StreamName\":\"s\"}"), 400,
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream s under account 000000000000 not found.\"}");
        api.register(KinesisOperations.DESCRIBE_STREAM, request -> CompletableFuture.failedFuture(
                new CompletionException(KinesisError.LIMIT_EXCEEDED.exception("Rate exceeded for stream s"))));
        assertJsonError(json("DescribeStream", "{\"StreamName\":\"s\"}"), 400,
                "{\"__type\":\"LimitExceededException\",\"message\":\"Rate exceeded for stream s\"}");
        api.register(KinesisOperations.DESCRIBE_STREAM_SUMMARY, request -> {
            throw KinesisError.RESOURCE_IN_USE.exception("busy");
        });
        assertJsonError(json("DescribeStreamSummary", "{\"StreamName\":\"s\"}"), 400,
                "{\"__type\":\"ResourceInUseException\",\"message\":\"busy\"}");
    }

    @Test
    void anythingElseIsAnInternalFailure() {
        api.register(KinesisOperations.DELETE_STREAM, request -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        assertJsonError(json("DeleteStream", "{\"StreamName\":\"s\"}"), 500, "{\"__type\":\"InternalFailure\"}");
        api.register(KinesisOperations.DESCRIBE_STREAM, request -> CompletableFuture.failedFuture(new IOException("disk (expected by the test)")));
        assertJsonError(json("DescribeStream", "{\"StreamName\":\"s\"}"), 500, "{\"__type\":\"InternalFailure\"}");
        api.register(KinesisOperations.DESCRIBE_LIMITS, request -> null);
        assertJsonError(json("DescribeLimits", "{}"), 500, "{\"__type\":\"InternalFailure\"}");
        // an operation with output that answers none (a response that does not fit its shape cannot be built)
        api.register(KinesisOperations.LIST_STREAMS, request -> CompletableFuture.completedFuture(null));
        assertJsonError(json("ListStreams", "{}"), 500, "{\"__type\":\"InternalFailure\"}");
        assertThat(logs.messages(Level.ERROR)).containsExactly(
                "InternalFailure in DeleteStream for request req-1 (Kinesis_20131202.DeleteStream)",
                "InternalFailure in DescribeStream for request req-1 (Kinesis_20131202.DescribeStream)",
                "InternalFailure in DescribeLimits for request req-1 (Kinesis_20131202.DescribeLimits)",
                "InternalFailure in ListStreams for request req-1 (Kinesis_20131202.ListStreams)");
        assertThat(logs.unexpected()).isEmpty();
    }

    @Test
    void errorsOfCborCallsAreCbor() {
        byte[] body = KinesisCodecTest.cbor(gen -> gen.writeStringField("StreamName", "a b"));
        api.register(KinesisOperations.DELETE_STREAM, request -> CompletableFuture.completedFuture(null));
        ApiAnswer answer = answer(api.dispatch(new ApiCall("Kinesis_20131202.DeleteStream", CBOR_TYPE, body, signed(), "r")));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(CBOR_TYPE);
        JsonNode tree = cborTree(answer);
        assertThat(tree.get("__type").asText()).isEqualTo("ValidationException");
        assertThat(tree.get("message").asText()).startsWith("1 validation error detected: Value 'a b' at 'streamName'");
    }
}
