package io.riffle.triggers;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.riffle.aws.AccessNeeded;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.SigningRules;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.RestAnswer;
import io.riffle.aws.wire.RestJsonProtocol;
import io.riffle.aws.wire.RestRequest;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireShape;
import io.riffle.triggers.lambda.CreateEventSourceMappingRequest;
import io.riffle.triggers.lambda.DeleteEventSourceMappingRequest;
import io.riffle.triggers.lambda.GetEventSourceMappingRequest;
import io.riffle.triggers.lambda.LambdaRestCodec;
import io.riffle.triggers.lambda.LambdaValidator;
import io.riffle.triggers.lambda.ListEventSourceMappingsRequest;
import io.riffle.triggers.lambda.UpdateEventSourceMappingRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's event-source-mapping API on the front door (restJson, routed by the path prefix
 * {@code /2015-03-31/event-source-mappings}): find the operation from method and path, decode with the generated
 * {@code LambdaRestCodec}, check the model's constraints ({@code LambdaValidator}, a ValidationException listing
 * them), run it ({@link MappingOperations}) and encode the answer, or the error as {@code x-amzn-ErrorType} and
 * {@code {"message"}}. Called on the request's event loop; changes complete on the store's thread and are encoded
 * on the request's {@code answering} executor.
 */
public final class TriggersApi implements AwsService {
    private static final Logger log = LoggerFactory.getLogger(TriggersApi.class);
    public static final String PATH_PREFIX = "/2015-03-31/event-source-mappings";

    private volatile MappingOperations operations;
    private final WireCodec codec = WireCodec.standard();

    /** A service that answers once {@link #serve(MappingOperations)} is called (it is routed before storage opens). */
    public TriggersApi() {
    }

    public TriggersApi(MappingOperations operations) {
        this.operations = operations;
    }

    /** Starts serving the operations. */
    public void serve(MappingOperations ready) {
        this.operations = ready;
    }

    @Override
    public String name() {
        return "lambda";
    }

    /** Lambda's SigV4 rules: 5 minutes of clock skew, authentication errors 403 with {@code {"message"}} and {@code x-amzn-ErrorType}. */
    @Override
    public SigningRules signingRules() {
        return SigningRules.REST_JSON_5_MINUTES;
    }

    @Override
    public List<ServiceRoute> routes() {
        return List.of(new ServiceRoute.ByPath(PATH_PREFIX));
    }

    @Override
    public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
        RestRequest rest = new RestRequest(request.method(), request.path(), request.query(), headers,
                request.bodyBytes());
        String operation = LambdaRestCodec.operationFor(rest.method(), rest.path(), rest.query());
        try {
            if (operation == null) {
                throw new AwsServiceException("UnknownOperationException", 404, "Unknown operation "
                        + rest.method() + " " + rest.path());
            }
            if (operations == null) {
                throw LambdaErrors.serviceException("Event source mappings are not served yet: the server is starting");
            }
            Object input = LambdaRestCodec.decodeRequest(operation, rest, codec);
            LambdaValidator.validateAny((WireShape) input).throwIfAny();
            CompletableFuture<?> output = run(operation, input);
            return output.handleAsync((value, failure) -> failure == null
                    ? answer(LambdaRestCodec.encodeResponse(operation, value, codec))
                    : error(failure, operation), request.answering());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(error(e, operation));
        }
    }

    private CompletableFuture<?> run(String operation, Object input) {
        return switch (operation) {
            case "CreateEventSourceMapping" -> operations.create((CreateEventSourceMappingRequest) input);
            case "GetEventSourceMapping" ->
                    CompletableFuture.completedFuture(operations.get((GetEventSourceMappingRequest) input));
            case "UpdateEventSourceMapping" -> operations.update((UpdateEventSourceMappingRequest) input);
            case "DeleteEventSourceMapping" -> operations.delete((DeleteEventSourceMappingRequest) input);
            case "ListEventSourceMappings" ->
                    CompletableFuture.completedFuture(operations.list((ListEventSourceMappingsRequest) input));
            default -> throw new AwsServiceException("UnknownOperationException", 404, "Unknown operation " + operation);
        };
    }

    private AwsAnswer error(Throwable failure, String operation) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof AwsServiceException e) {
            return answer(RestJsonProtocol.error(codec, e));
        }
        log.error("{} failed", operation, cause);
        return answer(RestJsonProtocol.error(codec, LambdaErrors.serviceException("Internal error")));
    }

    private static AwsAnswer answer(RestAnswer rest) {
        HttpHeaders headers = new DefaultHttpHeaders();
        rest.headers().forEach(headers::set);
        return new AwsAnswer(rest.status(), headers, new AwsAnswer.Whole(Unpooled.wrappedBuffer(rest.body())));
    }

    /**
     * {@code lambda:<Operation>} on the mapping a path names
     * ({@code arn:aws:lambda:<region>:<account>:event-source-mapping:<UUID>}), {@code *} for Create and
     * List, as the Service Authorization Reference lists them; checked by the front door.
     */
    @Override
    public java.util.Optional<AccessNeeded> accessNeeded(AwsRequest request) {
        String operation = LambdaRestCodec.operationFor(request.method(), request.path(), request.query());
        if (operation == null || request.caller() == null) {
            return java.util.Optional.empty();
        }
        String rest = request.path().length() > PATH_PREFIX.length() + 1 ? request.path().substring(PATH_PREFIX.length() + 1)
                : "";
        String region = io.riffle.aws.CredentialScope.of(request).map(io.riffle.aws.CredentialScope::region)
                .orElse("us-east-1");
        return java.util.Optional.of(new AccessNeeded("lambda:" + operation, rest.isEmpty() || rest.contains("/") ? "*"
                : "arn:aws:lambda:" + region + ":" + request.caller().accountId() + ":event-source-mapping:" + rest));
    }
}
