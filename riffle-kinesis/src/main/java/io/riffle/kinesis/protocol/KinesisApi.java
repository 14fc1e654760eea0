package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.QuerySignature;
import io.riffle.aws.ServiceRoute;
import io.riffle.kinesis.protocol.ServiceModel.OperationModel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kinesis API: checks a call in the order Kinesis does, then decodes, validates and runs the
 * registered {@link Operation}, and encodes its result or error in the request's wire format.
 *
 * <p>Order of checks (kinesalite's, which mirrors Kinesis; first failure answers):
 * <ol>
 *   <li>empty body: SerializationException when the target names a model operation, else
 *       UnknownOperationException; JSON when the Content-Type is JSON 1.1, otherwise CBOR; no message;</li>
 *   <li>Content-Type neither JSON 1.1, CBOR 1.1 nor {@code application/json} (so also JSON 1.0 and none):
 *       XML, 403 AccessDeniedException when the target has no {@code Service.Operation} form, else
 *       404 {@code <UnknownOperationException/>};</li>
 *   <li>{@code application/json}: Coral's legacy wrapper, 400 SerializationException when the body
 *       is not an object, else 404 UnknownOperationException;</li>
 *   <li>body not a JSON/CBOR object: SerializationException (even when the target is unknown);</li>
 *   <li>target not {@code Kinesis_20131202.<model operation>}: UnknownOperationException, no message;</li>
 *   <li>no Authorization header: MissingAuthenticationTokenException "Missing Authentication Token";
 *       a malformed one: IncompleteSignatureException (see {@link AuthorizationHeader}); a query-string
 *       signature as well as the header: InvalidSignatureException, an incomplete one: IncompleteSignatureException
 *       (see {@link QuerySignature}); with auth=sigv4,
 *       the front door's refusal ({@link AwsRequest#authRefusal()}: unknown key, wrong signature, clock
 *       skew, wrong scope), which it hands over instead of answering ({@link #answersAuthRefusals()});</li>
 *   <li>an operation of the model that is not registered: UnsupportedOperationException (400, not retried);</li>
 *   <li>member types: SerializationException; constraints: ValidationException;</li>
 *   <li>the operation; a {@link KinesisException} is answered as is, anything else is logged and answered
 *       as a 500 InternalFailure without message.</li>
 * </ol>
 *
 * <p>Threads: {@link #dispatch} runs on the caller's thread (a Netty event loop) up to and including
 * {@link Operation#invoke}; the answer is encoded on whichever thread completes the operation's
 * future. Register operations before the server starts taking calls.
 */
public final class KinesisApi implements ApiDispatcher, AwsService {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisApi.class);
    private static final String XML_CONTENT_TYPE = "text/xml";
    private static final String MISSING_TOKEN = "Missing Authentication Token";
    private static final String NO_OPERATION_NAME = "Unable to determine service/operation name to be authorized";

    private final ServiceModel model;
    private final ApiCodec codec;
    private final RequestValidator validator;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, StreamingOperation> streamingOperations = new ConcurrentHashMap<>();

    /** The API over the Kinesis model from the classpath. */
    public KinesisApi() {
        this(ServiceModel.kinesis());
    }

    public KinesisApi(ServiceModel model) {
        this.model = model;
        this.codec = new ApiCodec(model);
        this.validator = new RequestValidator(model);
    }

    /** Makes an operation of the model answerable. Throws when the model has no such operation. */
    public void register(String operationName, Operation operation) {
        if (model.operation(operationName).isEmpty()) {
            throw new IllegalArgumentException("the Kinesis model has no operation " + operationName);
        }
        operations.put(operationName, operation);
    }

    /** Makes an operation of the model whose answer is an event stream (SubscribeToShard) answerable. */
    public void registerStreaming(String operationName, StreamingOperation operation) {
        if (model.operation(operationName).isEmpty()) {
            throw new IllegalArgumentException("the Kinesis model has no operation " + operationName);
        }
        EventStreamAnswer.eventTypeOf(model, model.operation(operationName).get().outputShape()); // fails if none
        streamingOperations.put(operationName, operation);
    }

    @Override
    public String name() {
        return "kinesis";
    }

    /** Requests whose {@code X-Amz-Target} is {@code Kinesis_20131202.<anything>}. */
    @Override
    public List<ServiceRoute> routes() {
        return List.of(new ServiceRoute.ByTarget(model.targetPrefix() + "."));
    }

    /** Serves a request of the front door: {@link #dispatch} of its call. */
    @Override
    public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        String target = request.header(AwsRequest.TARGET_HEADER);
        String contentType = request.contentType();
        ApiCall call = new ApiCall(target == null ? "" : target.strip(), contentType == null ? "" : contentType,
                request.bodyBytes(), lowerCaseHeaders(request.headers()), request.requestId(), request.answering());
        AuthFailure refusal = request.authRefusal() != null ? request.authRefusal() : QuerySignature.refusal(request);
        boolean isQuerySigned = QuerySignature.formOf(request) == QuerySignature.Form.QUERY;
        return dispatch(call, refusal, isQuerySigned).thenApply(KinesisApi::toAwsAnswer);
    }

    /** CloudTrail's Kinesis data events: the calls that write or read records. */
    private static final java.util.Set<String> DATA_EVENTS = java.util.Set.of("PutRecord", "PutRecords", "GetRecords",
            "GetShardIterator", "SubscribeToShard");

    @Override
    public boolean isDataEvent(String operation) {
        return DATA_EVENTS.contains(operation);
    }

    /** Kinesis answers the front door's authentication refusals itself, at their point of its order of checks. */
    @Override
    public boolean answersAuthRefusals() {
        return true;
    }

    private static AwsAnswer toAwsAnswer(ApiAnswer answer) {
        if (answer.isStreamed()) {
            return AwsAnswer.streamed(answer.contentType(), answer.stream());
        }
        byte[] body = answer.body() == null ? new byte[0] : answer.body();
        return answer.contentType() == null
                ? new AwsAnswer(answer.status(), new DefaultHttpHeaders(), new AwsAnswer.Whole(Unpooled.wrappedBuffer(body)))
                : AwsAnswer.of(answer.status(), answer.contentType(), body);
    }

    /** The client's headers keyed in lower case; repeats joined with commas. */
    private static Map<String, String> lowerCaseHeaders(HttpHeaders headers) {
        Map<String, String> lowerCased = new HashMap<>(headers.size() * 2);
        for (Map.Entry<String, String> header : headers) {
            lowerCased.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
                    (first, second) -> first + "," + second);
        }
        return Collections.unmodifiableMap(lowerCased);
    }

    @Override
    public CompletableFuture<ApiAnswer> dispatch(ApiCall call) {
        return dispatch(call, null, false);
    }

    /**
     * @param authRefusal   why the front door refused the call's sender (answered at its point), or null
     * @param isQuerySigned whether the request signs with a complete query-string (presigned) signature
     */
    private CompletableFuture<ApiAnswer> dispatch(ApiCall call, AuthFailure authRefusal, boolean isQuerySigned) {
        WireFormat format = WireFormat.fromContentType(call.contentType()).orElse(WireFormat.CBOR);
        try {
            return handle(call, authRefusal, isQuerySigned);
        } catch (KinesisException e) {
            return CompletableFuture.completedFuture(error(format, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(internalFailure(call, "the protocol layer", format, e));
        }
    }

    private CompletableFuture<ApiAnswer> handle(ApiCall call, AuthFailure authRefusal, boolean isQuerySigned) {
        String mediaType = WireFormat.mediaType(call.contentType());
        Optional<WireFormat> wireFormat = WireFormat.fromContentType(call.contentType());
        String target = call.target() == null ? "" : call.target();
        int dot = target.indexOf('.');
        String service = dot < 0 ? target : target.substring(0, dot);
        String operationName = dot < 0 ? "" : target.substring(dot + 1);
        Optional<OperationModel> operation = service.equals(model.targetPrefix())
                ? model.operation(operationName) : Optional.empty();

        byte[] body = call.body();
        if (body == null || body.length == 0) {
            WireFormat format = wireFormat.orElse(null) == WireFormat.JSON ? WireFormat.JSON : WireFormat.CBOR;
            return done(error(format, (operation.isPresent() ? KinesisError.SERIALIZATION
                    : KinesisError.UNKNOWN_OPERATION).exception(null)));
        }
        if (wireFormat.isEmpty() && !mediaType.equals(WireFormat.LEGACY_JSON)) {
            return done(service.isEmpty() || operationName.isEmpty()
                    ? xml(403, "<AccessDeniedException>\n  <Message>" + NO_OPERATION_NAME
                            + "</Message>\n</AccessDeniedException>\n")
                    : xml(404, "<UnknownOperationException/>\n"));
        }
        if (wireFormat.isEmpty()) {
            return done(legacyJson(body));
        }
        WireFormat format = wireFormat.get();
        ObjectNode raw = codec.parse(body, format);
        if (operation.isEmpty()) {
            throw KinesisError.UNKNOWN_OPERATION.exception(null);
        }
        checkAuthentication(authRefusal, isQuerySigned, call.headers() == null ? Map.of() : call.headers());
        Operation registered = operations.get(operationName);
        StreamingOperation streaming = streamingOperations.get(operationName);
        if (registered == null && streaming == null) {
            throw KinesisError.NOT_IMPLEMENTED.exception(operationName + " is not supported by this version of Riffle yet");
        }
        String inputShape = operation.get().inputShape();
        ObjectNode request = codec.normalize(raw, inputShape, format);
        validator.validate(request, inputShape);
        if (streaming != null) {
            return open(call, operationName, streaming, request, format, operation.get().outputShape());
        }
        return invoke(call, operationName, registered, request, format);
    }

    private CompletableFuture<ApiAnswer> open(ApiCall call, String operationName, StreamingOperation operation,
                                              ObjectNode request, WireFormat format, String outputShape) {
        CompletableFuture<EventSource> result;
        try {
            result = operation.open(request);
        } catch (RuntimeException e) {
            return done(failure(call, operationName, format, e));
        }
        if (result == null) {
            return done(internalFailure(call, operationName, format,
                    new IllegalStateException(operationName + " returned no future")));
        }
        return onAnsweringThread(call, result, (source, failure) -> failure != null
                ? failure(call, operationName, format, failure)
                : ApiAnswer.streamed(EventStreamAnswer.CONTENT_TYPE,
                        new EventStreamAnswer(source, codec, format, outputShape)));
    }

    private CompletableFuture<ApiAnswer> invoke(ApiCall call, String operationName, Operation operation,
                                                ObjectNode request, WireFormat format) {
        CompletableFuture<ObjectNode> result;
        try {
            result = operation.invoke(request);
        } catch (RuntimeException e) {
            return done(failure(call, operationName, format, e));
        }
        if (result == null) {
            return done(internalFailure(call, operationName, format,
                    new IllegalStateException(operationName + " returned no future")));
        }
        return onAnsweringThread(call, result, (response, failure) -> {
            if (failure != null) {
                return failure(call, operationName, format, failure);
            }
            try {
                return new ApiAnswer(200, format.contentType(), codec.encodeResponse(response, format, operationName));
            } catch (RuntimeException e) {
                return internalFailure(call, operationName, format, e);
            }
        });
    }

    /**
     * Builds the answer on the call's answering thread: inline when the operation is already done
     * (the caller's thread is that thread), else handed over when the operation completes.
     */
    private static <T> CompletableFuture<ApiAnswer> onAnsweringThread(
            ApiCall call, CompletableFuture<T> result, BiFunction<? super T, Throwable, ApiAnswer> answer) {
        return result.isDone() ? result.handle(answer) : result.handleAsync(answer, call.answering());
    }

    private static void checkAuthentication(AuthFailure refusal, boolean isQuerySigned, Map<String, String> headers) {
        if (refusal != null) { // the front door's SigV4 verdict, in Kinesis' words
            KinesisError error = KinesisError.ofType(refusal.code());
            throw error != null ? error.exception(refusal.message())
                    : KinesisError.INTERNAL_FAILURE.exception(null); // a dialect Kinesis does not speak: a bug
        }
        String authorization = headers.get("authorization");
        if (authorization == null && isQuerySigned) {
            return; // a complete presigned query (its shape checked by QuerySignature, its signature by the front door)
        }
        if (authorization == null) {
            throw KinesisError.MISSING_AUTHENTICATION_TOKEN.exception(MISSING_TOKEN);
        }
        boolean hasDate = headers.containsKey("x-amz-date") || headers.containsKey("date");
        String incomplete = AuthorizationHeader.incompleteSignatureMessage(authorization, hasDate);
        if (incomplete != null) {
            throw KinesisError.INCOMPLETE_SIGNATURE.exception(incomplete);
        }
    }

    private ApiAnswer failure(ApiCall call, String operationName, WireFormat format, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof KinesisException e) {
            return error(format, e);
        }
        return internalFailure(call, operationName, format, cause);
    }

    private ApiAnswer internalFailure(ApiCall call, String where, WireFormat format, Throwable cause) {
        LOG.error("InternalFailure in {} for request {} ({})", where, call.requestId(), call.target(), cause);
        return error(format, KinesisError.INTERNAL_FAILURE.exception(null));
    }

    private ApiAnswer error(WireFormat format, KinesisException e) {
        return new ApiAnswer(e.status(), format.contentType(), codec.encodeError(e, format));
    }

    /** Coral's answer to {@code application/json}: it parses the body but runs nothing. */
    private ApiAnswer legacyJson(byte[] body) {
        boolean isObject;
        try {
            codec.parse(body, WireFormat.JSON);
            isObject = true;
        } catch (KinesisException e) {
            isObject = false;
        }
        String type = isObject ? "UnknownOperationException" : "SerializationException";
        String json = "{\"Output\":{\"__type\":\"com.amazon.coral.service#" + type + "\"},\"Version\":\"1.0\"}";
        return new ApiAnswer(isObject ? 404 : 400, WireFormat.LEGACY_JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiAnswer xml(int status, String body) {
        return new ApiAnswer(status, XML_CONTENT_TYPE, body.getBytes(StandardCharsets.UTF_8));
    }

    private static CompletableFuture<ApiAnswer> done(ApiAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
