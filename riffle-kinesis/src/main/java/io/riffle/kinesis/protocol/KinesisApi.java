package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.Caller;
import io.riffle.aws.QuerySignature;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.auth.Authorizer;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.ErrorEnvelope;
import io.riffle.aws.wire.OperationSpec;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireShape;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.KinesisValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kinesis API: checks a call in the order Kinesis does, decodes its body once with the generated
 * codec into the operation's request record ({@code io.riffle.kinesis.api}), validates it with the generated
 * validator, runs the registered {@link Operation} and encodes its response record or error in the request's
 * wire format. No tree: one streaming pass over the body, each blob decoded once.
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
 *   <li>body not a JSON/CBOR object, or not well-formed: SerializationException without message (even when
 *       the target is unknown);</li>
 *   <li>target not {@code Kinesis_20131202.<model operation>}: UnknownOperationException, no message;</li>
 *   <li>no Authorization header: MissingAuthenticationTokenException "Missing Authentication Token";
 *       a malformed one: IncompleteSignatureException (see {@link AuthorizationHeader}); a query-string
 *       signature as well as the header: InvalidSignatureException, an incomplete one: IncompleteSignatureException
 *       (see {@link QuerySignature}); with auth=sigv4,
 *       the front door's refusal ({@link AwsRequest#authRefusal()}: unknown key, wrong signature, clock
 *       skew, wrong scope), which it hands over instead of answering ({@link #answersAuthRefusals()});</li>
 *   <li>an operation of the model that is not registered: UnsupportedOperationException (400, not retried);</li>
 *   <li>member types: SerializationException with Coral's text; constraints: ValidationException;</li>
 *   <li>the operation; a {@link KinesisException} is answered as is, anything else is logged and answered
 *       as a 500 InternalFailure without message.</li>
 * </ol>
 *
 * <p>The body is decoded once, at step 4, straight into the request record. A failure there is classified:
 * one without message (the document does not parse, is not an object, or passes the parse limits) is answered
 * at once; a member of the wrong type (a message in Coral's words) is held until steps 5-7 have passed, after a
 * check that the rest of the document is well-formed (a syntax error later in the body is still answered first,
 * as Kinesis parses the whole document before it looks at members).
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
    private static final String TARGET_PREFIX = KinesisOperations.SERVICE.targetPrefix();

    private final WireCodec codec = WireCodec.standard();
    private final Map<String, Served<?, ?>> operations = new ConcurrentHashMap<>();
    private volatile KinesisAccess access;

    /** How one operation is served: a plain answer or an event stream. */
    private sealed interface Served<I, O> {
        OperationSpec<I, O> spec();
    }

    private record Answered<I, O>(OperationSpec<I, O> spec, Operation<I, O> operation) implements Served<I, O> {
    }

    /** An operation whose response writes itself ({@link EncodedResponse}): GetRecords. */
    private record SelfEncoded<I, O>(OperationSpec<I, O> spec, Operation<I, EncodedResponse> operation)
            implements Served<I, O> {
    }

    private record Streamed<I, O, E extends EncodedResponse>(OperationSpec<I, O> spec, String eventType,
                                                             StreamingOperation<I, E> operation) implements Served<I, O> {
    }

    /** Makes an operation of the model answerable. */
    public <I, O> void register(OperationSpec<I, O> spec, Operation<I, O> operation) {
        operations.put(checkedName(spec), new Answered<>(spec, operation));
    }

    /** {@link #register(OperationSpec, Operation)} of a registration. */
    public void register(Registration<?, ?> registration) {
        registerTyped(registration);
    }

    private <I, O> void registerTyped(Registration<I, O> registration) {
        if (registration.encoding() != null) {
            operations.put(checkedName(registration.spec()),
                    new SelfEncoded<>(registration.spec(), registration.encoding()));
        } else {
            register(registration.spec(), registration.operation());
        }
    }

    /**
     * Makes an operation of the model whose answer is an event stream (SubscribeToShard) answerable: its events
     * are of the model's shape {@code eventType}, and each writes itself ({@link EncodedResponse}).
     */
    public <I, O, E extends EncodedResponse> void registerStreaming(OperationSpec<I, O> spec, String eventType,
                                                                    StreamingOperation<I, E> operation) {
        operations.put(checkedName(spec), new Streamed<>(spec, eventType, operation));
    }

    private static String checkedName(OperationSpec<?, ?> spec) {
        if (KinesisOperations.SERVICE.operation(spec.name()).orElse(null) != spec) {
            throw new IllegalArgumentException("the Kinesis model has no operation " + spec.name());
        }
        return spec.name();
    }

    @Override
    public String name() {
        return "kinesis";
    }

    /** Requests whose {@code X-Amz-Target} is {@code Kinesis_20131202.<anything>}. */
    @Override
    public List<ServiceRoute> routes() {
        return List.of(new ServiceRoute.ByTarget(TARGET_PREFIX + "."));
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
        Subject subject = request.caller() == null ? null
                : new Subject(request.caller(), Authorizer.requestKeys(request, Instant.now()));
        return dispatch(call, refusal, isQuerySigned, subject).thenApply(KinesisApi::toAwsAnswer);
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
        ByteBuf body = answer.buffer() == null ? Unpooled.EMPTY_BUFFER : answer.buffer();
        HttpHeaders headers = new DefaultHttpHeaders();
        if (answer.contentType() != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        return new AwsAnswer(answer.status(), headers, new AwsAnswer.Whole(body));
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
        return dispatch(call, null, false, null);
    }

    /** Who sent a request and its condition keys, for the access check. */
    private record Subject(Caller caller, Map<String, List<String>> keys) {
    }

    /**
     * Checks every request against the account's policies from now on (auth=sigv4): after validation,
     * {@code kinesis:<Operation>} on the request's stream or consumer ({@link KinesisAccess});
     * denied is {@code AccessDeniedException} with AWS's text. Unset, nothing is checked.
     */
    public void enforce(KinesisAccess checks) {
        this.access = checks;
    }

    /**
     * @param authRefusal   why the front door refused the call's sender (answered at its point), or null
     * @param isQuerySigned whether the request signs with a complete query-string (presigned) signature
     */
    private CompletableFuture<ApiAnswer> dispatch(ApiCall call, AuthFailure authRefusal, boolean isQuerySigned,
                                                  Subject subject) {
        WireFormat format = WireFormat.fromContentType(call.contentType()).orElse(WireFormat.CBOR);
        try {
            return handle(call, authRefusal, isQuerySigned, subject);
        } catch (AwsServiceException e) {
            return CompletableFuture.completedFuture(error(format, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(internalFailure(call, "the protocol layer", format, e));
        }
    }

    private CompletableFuture<ApiAnswer> handle(ApiCall call, AuthFailure authRefusal, boolean isQuerySigned,
                                                Subject subject) {
        String mediaType = WireFormat.mediaType(call.contentType());
        Optional<WireFormat> wireFormat = WireFormat.fromContentType(call.contentType());
        String target = call.target() == null ? "" : call.target();
        int dot = target.indexOf('.');
        String service = dot < 0 ? target : target.substring(0, dot);
        String operationName = dot < 0 ? "" : target.substring(dot + 1);
        OperationSpec<?, ?> spec = service.equals(TARGET_PREFIX)
                ? KinesisOperations.SERVICE.operation(operationName).orElse(null) : null;

        byte[] body = call.body();
        if (body == null || body.length == 0) {
            WireFormat format = wireFormat.orElse(null) == WireFormat.JSON ? WireFormat.JSON : WireFormat.CBOR;
            return done(error(format, (spec != null ? KinesisError.SERIALIZATION
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
        if (spec == null) {
            if (!isObjectDocument(body, format)) {
                throw KinesisError.SERIALIZATION.exception(null);
            }
            throw KinesisError.UNKNOWN_OPERATION.exception(null);
        }
        return handle(call, format, spec, authRefusal, isQuerySigned, subject);
    }

    /** Steps 4-9 for an operation of the model: the body is decoded once, the failure classified. */
    private <I, O> CompletableFuture<ApiAnswer> handle(ApiCall call, WireFormat format, OperationSpec<I, O> spec,
                                                       AuthFailure authRefusal, boolean isQuerySigned,
                                                       Subject subject) {
        I request = null;
        AwsServiceException memberFailure = null;
        try {
            request = codec.decode(call.body(), format.wire(), spec.inputReader());
        } catch (AwsServiceException e) {
            if (e.getMessage() == null || !isObjectDocument(call.body(), format)) {
                throw KinesisError.SERIALIZATION.exception(null);
            }
            memberFailure = e; // a member of the wrong type: answered after authentication
        }
        checkAuthentication(authRefusal, isQuerySigned, call.headers() == null ? Map.of() : call.headers());
        Served<?, ?> served = operations.get(spec.name());
        if (served == null) {
            throw KinesisError.NOT_IMPLEMENTED.exception(spec.name() + " is not supported by this version of Riffle yet");
        }
        if (memberFailure != null) {
            throw memberFailure;
        }
        KinesisValidator.validateAny((WireShape) request).throwIfAny();
        KinesisAccess checks = access;
        if (checks != null && subject != null) {
            Optional<AuthFailure> denied = checks.check(subject.caller(), subject.keys(), spec.name(), request);
            if (denied.isPresent()) {
                throw KinesisError.ACCESS_DENIED.exception(denied.get().message());
            }
        }
        @SuppressWarnings("unchecked") // registered under the spec's name, so of the spec's types
        Served<I, O> typed = (Served<I, O>) served;
        return switch (typed) {
            case Answered<I, O> answered -> invoke(call, format, spec.name(), answered.operation(), request,
                    response -> new ApiAnswer(200, format.contentType(), encode(spec, response, format)));
            case SelfEncoded<I, O> encoded -> invoke(call, format, spec.name(), encoded.operation(), request,
                    response -> new ApiAnswer(200, format.contentType(),
                            response.encode(format, AnswerAllocator.INSTANCE), null));
            case Streamed<I, O, ?> streamed -> open(call, format, streamed, request);
        };
    }

    private <I, O, E extends EncodedResponse> CompletableFuture<ApiAnswer> open(ApiCall call, WireFormat format, Streamed<I, O, E> served,
                                                        I request) {
        String operationName = served.spec().name();
        CompletableFuture<EventSource<E>> result;
        try {
            result = served.operation().open(request);
        } catch (RuntimeException e) {
            return done(failure(call, operationName, format, e));
        }
        if (result == null) {
            return done(internalFailure(call, operationName, format,
                    new IllegalStateException(operationName + " returned no future")));
        }
        return onAnsweringThread(call, result, (source, failure) -> failure != null
                ? failure(call, operationName, format, failure)
                : ApiAnswer.streamed(EventStreamAnswer.CONTENT_TYPE, new EventStreamAnswer<>(source, codec,
                        format, served.eventType())));
    }

    /** Runs the operation; its response becomes the answer by {@code answer}, on the call's answering thread. */
    private <I, R> CompletableFuture<ApiAnswer> invoke(ApiCall call, WireFormat format, String name,
                                                       Operation<I, R> operation, I request,
                                                       Function<R, ApiAnswer> answer) {
        CompletableFuture<R> result;
        try {
            result = operation.invoke(request);
        } catch (RuntimeException e) {
            return done(failure(call, name, format, e));
        }
        if (result == null) {
            return done(internalFailure(call, name, format, new IllegalStateException(name + " returned no future")));
        }
        return onAnsweringThread(call, result, (response, failure) -> {
            if (failure != null) {
                return failure(call, name, format, failure);
            }
            try {
                return answer.apply(response);
            } catch (RuntimeException e) {
                return internalFailure(call, name, format, e);
            }
        });
    }

    /** The response in the wire format; an operation without output answers an empty body. */
    private <O> byte[] encode(OperationSpec<?, O> spec, O response, WireFormat format) {
        if (!spec.hasOutput()) {
            return new byte[0];
        }
        if (response == null) {
            throw new IllegalStateException(spec.name() + " answered no " + spec.outputShape());
        }
        return codec.encode(format.wire(), response, spec.outputWriter());
    }

    /**
     * Builds the answer on the call's answering thread: inline when the operation is already done
     * (the caller's thread is that thread), else handed over when the operation completes.
     */
    private static <T> CompletableFuture<ApiAnswer> onAnsweringThread(
            ApiCall call, CompletableFuture<T> result, BiFunction<? super T, Throwable, ApiAnswer> answer) {
        return result.isDone() ? result.handle(answer) : result.handleAsync(answer, call.answering());
    }

    /**
     * Whether the body is one well-formed JSON/CBOR object and nothing after it, within the parse limits: what
     * Kinesis checks before it looks at the target. Only on paths that answer an error.
     */
    private boolean isObjectDocument(byte[] body, WireFormat format) {
        try (JsonParser p = codec.factory(format.wire()).createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
        if (cause instanceof AwsServiceException e) {
            return error(format, e);
        }
        return internalFailure(call, operationName, format, cause);
    }

    private ApiAnswer internalFailure(ApiCall call, String where, WireFormat format, Throwable cause) {
        LOG.error("InternalFailure in {} for request {} ({})", where, call.requestId(), call.target(), cause);
        return error(format, KinesisError.INTERNAL_FAILURE.exception(null));
    }

    private ApiAnswer error(WireFormat format, AwsServiceException e) {
        return new ApiAnswer(e.status(), format.contentType(), ErrorEnvelope.encode(codec, e, format.wire()));
    }

    /** Coral's answer to {@code application/json}: it parses the body but runs nothing. */
    private ApiAnswer legacyJson(byte[] body) {
        boolean isObject = isObjectDocument(body, WireFormat.JSON);
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
