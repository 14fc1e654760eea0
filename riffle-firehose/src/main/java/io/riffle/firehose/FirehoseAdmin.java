package io.riffle.firehose;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.aws.AccessNeeded;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.CredentialScope;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.ErrorEnvelope;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.control.DeliveryStream.PlannedObject;
import io.riffle.firehose.control.Destinations;
import io.riffle.firehose.control.FirehoseErrors;
import io.riffle.firehose.delivery.DeliveryTracker;
import io.riffle.firehose.http.HttpDestination;
import io.riffle.firehose.s3.S3Destination;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Riffle's own Firehose admin route on the front door (AWS has none): {@code POST
 * /riffle/firehose/delivery-streams/<name>/flush} delivers the stream's buffered records now, whatever their
 * size and age (for tests and operators; {@code riffle firehose flush NAME}), and answers {@code
 * {"DeliveryStreamName", "ObjectsDelivered"}} once the delivery pass is over; {@code GET} or {@code POST
 * .../<name>/status} answers the stream's {@link DeliveryStatus} as JSON ({@code riffle firehose status NAME}; the
 * console serves the same view).
 *
 * <p>It goes through the front door like any call: with {@code auth=sigv4} it must be signed for the service
 * {@code firehose}, and the caller must be allowed {@value #FLUSH_ACTION} (a flush) or {@value #STATUS_ACTION} (the
 * status) on the delivery stream (so {@code firehose:*} allows both); with {@code auth=none} (loopback development)
 * it is open.
 */
public final class FirehoseAdmin {
    /** The route's path prefix. */
    public static final String PATH = "/riffle/firehose";
    /** The IAM action the flush needs (Riffle's own; AWS has no such operation). */
    public static final String FLUSH_ACTION = "firehose:FlushDeliveryStream";
    /** The IAM action {@link #status} needs: DescribeDeliveryStream's. */
    public static final String STATUS_ACTION = "firehose:DescribeDeliveryStream";
    private static final Pattern CALL = Pattern.compile(Pattern.quote(PATH)
            + "/delivery-streams/([a-zA-Z0-9_.-]{1,64})/(flush|status)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final WireCodec CODEC = WireCodec.standard();

    private final Firehose firehose;

    public FirehoseAdmin(Firehose firehose) {
        this.firehose = firehose;
    }

    /**
     * The delivery stream's buffer fill and last deliveries ({@link DeliveryStatus}), or empty when there is no such
     * stream. Reads published values only: cheap enough for an event loop. Whoever serves it checks
     * {@value #STATUS_ACTION} on the stream first, as DescribeDeliveryStream does.
     */
    public Optional<DeliveryStatus> status(String name) {
        return firehose.registry().get(name).map(s -> {
            boolean isHttp = Destinations.isHttpEndpoint(s.destination());
            HttpDestination http = isHttp ? HttpDestination.of(Destinations.httpFromJson(s.destination()), true) : null;
            S3Destination s3 = isHttp ? null : S3Destination.of(Destinations.fromJson(s.destination()));
            PlannedObject p = s.planned();
            DeliveryTracker tracker = firehose.deliveryTracker();
            return new DeliveryStatus(s.name(), s.status().name(),
                    isHttp ? PlannedObject.HTTP_ENDPOINT : PlannedObject.S3, !isHttp && s3.isDynamicPartitioning(),
                    isHttp ? http.sizeBytes() : s3.sizeBytes(), isHttp ? http.intervalMs() : s3.intervalMs(),
                    tracker.buffers(name), p == null ? null : new DeliveryStatus.Delivering(p.bucket() + "/" + p.key(),
                            p.partition(), p.plannedMs()), tracker.lastDeliveries(name), s.objectsDelivered(),
                    firehose.clock().millis());
        });
    }

    /** Whether a request is for this route rather than the Firehose API. */
    static boolean isAdmin(AwsRequest request) {
        return request.path().equals(PATH) || request.path().startsWith(PATH + "/");
    }

    /** The flush's delivery stream, or empty when the path is not a flush. */
    static Optional<String> flushTarget(String path) {
        return target(path, "flush");
    }

    /** The delivery stream of a call ({@code flush} or {@code status}) on the path, or empty. */
    private static Optional<String> target(String path, String call) {
        Matcher m = CALL.matcher(path);
        return m.matches() && m.group(2).equals(call) ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@value #FLUSH_ACTION} or {@value #STATUS_ACTION} on the stream, in the caller's account and the signature's region. */
    static Optional<AccessNeeded> accessNeeded(AwsRequest request) {
        Matcher m = CALL.matcher(request.path());
        if (!m.matches() || request.caller() == null) {
            return Optional.empty();
        }
        String region = CredentialScope.of(request).map(CredentialScope::region).orElse("us-east-1");
        return Optional.of(new AccessNeeded(m.group(2).equals("flush") ? FLUSH_ACTION : STATUS_ACTION,
                "arn:aws:firehose:" + region + ":" + request.caller().accountId() + ":deliverystream/" + m.group(1)));
    }

    CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        Optional<String> statusOf = target(request.path(), "status");
        if (statusOf.isPresent() && (request.method().equals("GET") || request.method().equals("POST"))) {
            return done(statusAnswer(statusOf.get()));
        }
        Optional<String> name = flushTarget(request.path());
        if (name.isEmpty() || !request.method().equals("POST")) {
            return done(error(FirehoseErrors.invalidArgument("Riffle's Firehose admin route takes POST " + PATH
                    + "/delivery-streams/<name>/flush or GET " + PATH + "/delivery-streams/<name>/status, not "
                    + request.method() + " " + request.path() + ".")));
        }
        DeliveryStream before;
        try {
            before = firehose.control().require(name.get());
        } catch (AwsServiceException e) {
            return done(error(e));
        }
        return firehose.flush(name.get()).handleAsync((ignored, failure) -> {
            if (failure != null) {
                return error(FirehoseErrors.serviceUnavailable("The flush did not run: " + failure.getMessage()));
            }
            long delivered = firehose.registry().get(name.get())
                    .filter(after -> after.incarnation() == before.incarnation())
                    .map(after -> after.objectsDelivered() - before.objectsDelivered()).orElse(0L);
            String body = "{\"DeliveryStreamName\":\"" + name.get() + "\",\"ObjectsDelivered\":" + delivered + "}";
            return AwsAnswer.of(200, JSON_TYPE, body.getBytes(StandardCharsets.UTF_8));
        }, request.answering());
    }

    private AwsAnswer statusAnswer(String name) {
        Optional<DeliveryStatus> status = status(name);
        if (status.isEmpty()) {
            try {
                firehose.control().require(name); // Firehose's own not-found error
            } catch (AwsServiceException e) {
                return error(e);
            }
            return error(FirehoseErrors.serviceUnavailable("The delivery stream " + name + " went away; try again."));
        }
        return AwsAnswer.of(200, JSON_TYPE, JSON.valueToTree(status.get()).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static AwsAnswer error(AwsServiceException e) {
        return AwsAnswer.of(e.status(), JSON_TYPE, ErrorEnvelope.encode(CODEC, e, WireFormat.JSON));
    }

    private static CompletableFuture<AwsAnswer> done(AwsAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
