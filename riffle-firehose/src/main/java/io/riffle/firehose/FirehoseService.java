package io.riffle.firehose;

import io.riffle.firehose.control.FirehoseErrors;
import io.riffle.firehose.limits.ControlPlaneLimits;
import io.riffle.aws.AccessNeeded;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.ErrorEnvelope;
import io.riffle.aws.wire.Violations;
import io.riffle.aws.wire.OperationSpec;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.aws.wire.WireShape;
import io.riffle.firehose.model.FirehoseOperations;
import io.riffle.firehose.model.FirehoseValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon Data Firehose on the front door: {@code X-Amz-Target: Firehose_20150804.<Operation>}, awsJson 1.1
 * (a CBOR body is read too). Each call is decoded by the generated codec, checked against every
 * constraint of the model by the generated validator (botocore checks only minimums, so the server
 * must: ValidationException with AWS's text), run, and its output encoded by the generated writer on
 * the request's answering thread. Errors are {@link AwsServiceException}s built by {@link FirehoseErrors};
 * anything else is logged and answered 500 InternalFailure.
 *
 * <p>Riffle's admin route ({@link FirehoseAdmin}, {@code /riffle/firehose/...}) is served here too, under the
 * same signing name and authorization.
 *
 * <p>Until {@link #attach} gives it its operations (the server opens storage after binding the port),
 * every call is answered 503 ServiceUnavailableException, which SDKs retry.
 */
public final class FirehoseService implements AwsService {
    private static final Logger LOG = LoggerFactory.getLogger(FirehoseService.class);
    public static final String TARGET_PREFIX = FirehoseOperations.SERVICE.targetPrefix() + ".";
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    private static final String CBOR_TYPE = "application/x-amz-cbor-1.1";

    private final WireCodec codec = WireCodec.standard();
    private final ControlPlaneLimits controlPlane;
    private volatile Map<String, Handler<?, ?>> handlers;
    private volatile FirehoseAdmin admin;
    private volatile boolean isPlainHttpAllowed;

    /** A service with Firehose's control-plane call rate ({@link ControlPlaneLimits#FIREHOSE_CALLS_PER_SECOND}). */
    public FirehoseService() {
        this(ControlPlaneLimits.FIREHOSE_CALLS_PER_SECOND);
    }

    /** @param controlPlaneCallsPerSecond calls per second of each control-plane operation; 0 for no limit */
    public FirehoseService(int controlPlaneCallsPerSecond) {
        this.controlPlane = new ControlPlaneLimits(controlPlaneCallsPerSecond);
    }

    /** One operation's spec and what runs it. */
    public record Handler<I, O>(OperationSpec<I, O> spec, Function<I, CompletableFuture<O>> run) {
        public static <I, O> Handler<I, O> of(OperationSpec<I, O> spec, Function<I, CompletableFuture<O>> run) {
            return new Handler<>(spec, run);
        }
    }

    @Override
    public String name() {
        return "firehose";
    }

    @Override
    public List<ServiceRoute> routes() {
        return List.of(new ServiceRoute.ByTarget(TARGET_PREFIX), new ServiceRoute.ByPath(FirehoseAdmin.PATH));
    }

    /** Gives the service its operations; calls are refused with 503 until then. */
    public void attach(List<Handler<?, ?>> operations) {
        Map<String, Handler<?, ?>> byName = new HashMap<>();
        operations.forEach(h -> byName.put(h.spec().name(), h));
        this.handlers = Map.copyOf(byName);
    }

    /** Gives the service Riffle's admin route ({@link FirehoseAdmin}); it answers 503 until then. */
    public void attach(Firehose firehose) {
        this.isPlainHttpAllowed = firehose.isPlainHttpAllowed();
        attach(firehose.handlers());
        this.admin = new FirehoseAdmin(firehose);
    }

    @Override
    public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        WireFormat format = formatOf(request.contentType());
        if (FirehoseAdmin.isAdmin(request)) {
            FirehoseAdmin attached = admin;
            return attached != null ? attached.serve(request)
                    : done(error(WireFormat.JSON, FirehoseErrors.serviceUnavailable("Firehose is starting; retry shortly.")));
        }
        try {
            String target = request.header(AwsRequest.TARGET_HEADER);
            String operation = target == null || !target.startsWith(TARGET_PREFIX) ? ""
                    : target.substring(TARGET_PREFIX.length()).strip();
            if (FirehoseOperations.SERVICE.operation(operation).isEmpty()) {
                return done(error(format, new AwsServiceException("UnknownOperationException", 400, null)));
            }
            Map<String, Handler<?, ?>> registered = handlers;
            if (registered == null) {
                return done(error(format, FirehoseErrors.serviceUnavailable("Firehose is starting; retry shortly.")));
            }
            Handler<?, ?> handler = registered.get(operation);
            if (handler == null) {
                return done(error(format, new AwsServiceException("UnsupportedOperationException", 400,
                        operation + " is not supported by this version of Riffle yet")));
            }
            if (!controlPlane.admit(operation, System.nanoTime() / 1_000_000)) {
                return done(error(format, FirehoseErrors.limitExceeded(controlPlane.refusal(operation))));
            }
            return call(handler, request, format);
        } catch (AwsServiceException e) {
            return done(error(format, e));
        } catch (RuntimeException e) {
            return done(internalFailure(format, e));
        }
    }

    private <I, O> CompletableFuture<AwsAnswer> call(Handler<I, O> handler, AwsRequest request, WireFormat format) {
        OperationSpec<I, O> spec = handler.spec();
        I input = codec.decode(request.bodyBytes(), format, spec.inputReader());
        if (input instanceof WireShape shape) {
            Violations violations = FirehoseValidator.validateAny(shape);
            if (isPlainHttpAllowed) { // the model allows only https:// endpoint URLs; the setting lets http in
                violations = violations.without(m -> m.contains("endpointConfiguration.url' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern: https://"));
            }
            violations.throwIfAny();
        }
        CompletableFuture<O> result;
        try {
            result = handler.run().apply(input);
        } catch (AwsServiceException e) {
            return done(error(format, e));
        }
        return result.handleAsync((output, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                return cause instanceof AwsServiceException e ? error(format, e) : internalFailure(format, cause);
            }
            return AwsAnswer.of(200, contentType(format), codec.encode(format, output, spec.outputWriter()));
        }, request.answering());
    }

    private static WireFormat formatOf(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(CBOR_TYPE)
                ? WireFormat.CBOR : WireFormat.JSON;
    }

    private static String contentType(WireFormat format) {
        return format == WireFormat.CBOR ? CBOR_TYPE : JSON_TYPE;
    }

    private AwsAnswer error(WireFormat format, AwsServiceException e) {
        return AwsAnswer.of(e.status(), contentType(format), ErrorEnvelope.encode(codec, e, format));
    }

    private AwsAnswer internalFailure(WireFormat format, Throwable e) {
        LOG.error("Firehose call failed", e);
        return error(format, new AwsServiceException("InternalFailure", 500, null));
    }

    private static CompletableFuture<AwsAnswer> done(AwsAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }

    /**
     * {@code firehose:<Operation>} on the delivery stream the request names ({@code *} for
     * ListDeliveryStreams), in the caller's account and the signature's region; checked by the front door.
     */
    @Override
    public java.util.Optional<AccessNeeded> accessNeeded(AwsRequest request) {
        if (FirehoseAdmin.isAdmin(request)) {
            return FirehoseAdmin.accessNeeded(request);
        }
        String operation = AccessNeeded.targetOperation(request);
        if (operation == null || request.caller() == null) {
            return java.util.Optional.empty();
        }
        String stream = AccessNeeded.jsonMember(request, "DeliveryStreamName");
        String region = io.riffle.aws.CredentialScope.of(request).map(io.riffle.aws.CredentialScope::region)
                .orElse("us-east-1");
        return java.util.Optional.of(new AccessNeeded("firehose:" + operation, stream == null ? "*"
                : "arn:aws:firehose:" + region + ":" + request.caller().accountId() + ":deliverystream/" + stream));
    }
}
