package io.riffle.aws.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.riffle.aws.AwsAnswer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The answers the front door gives itself, before any service: health, a malformed request, an
 * oversized body, a full request memory budget, shutdown, and the last-resort internal failure.
 * Errors carry the body every awsJson and CBOR service shares ({@code {"__type": ..., "message":
 * ...}}, with the AWS-wide codes {@code ServiceUnavailable} and {@code InternalFailure}), in CBOR
 * when the request was CBOR (the AWS Java SDK's default) and in JSON otherwise, so the SDKs can
 * read them. Requests no service takes are answered by the router ({@link io.riffle.aws.RoutingFailure}).
 */
final class ErrorBodies {

    static final String JSON_1_1 = "application/x-amz-json-1.1";
    static final String CBOR_1_1 = "application/x-amz-cbor-1.1";
    static final String PLAIN_JSON = "application/json";

    /** {@code __type} of the answer to a body over the limit (Kinesis' front end answers 413; the type is ours). */
    static final String TOO_LARGE_TYPE = "SerializationException";
    /** {@code __type} of a request the server cannot serve now (shutting down, memory budget spent). */
    static final String SERVICE_UNAVAILABLE_TYPE = "ServiceUnavailable";
    /** {@code __type} of the last-resort answer to a failure of the server's own. */
    static final String INTERNAL_FAILURE_TYPE = "InternalFailure";

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();
    private static final byte[] HEALTH_OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEALTH_STOPPING = "{\"status\":\"stopping\"}".getBytes(StandardCharsets.US_ASCII);

    private ErrorBodies() {}

    /**
     * 200 {@code {"status":"ok"}}; 503 {@code {"status":"stopping"}} while closing; 503
     * {@code {"status":"degraded","reason":...}} while {@code problem} is not null (a full disk),
     * so a load balancer or an orchestrator stops sending writes that would fail.
     */
    static AwsAnswer health(boolean isStopping, String problem) {
        if (isStopping) {
            return AwsAnswer.of(503, PLAIN_JSON, HEALTH_STOPPING.clone());
        }
        if (problem == null) {
            return AwsAnswer.of(200, PLAIN_JSON, HEALTH_OK.clone());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + problem.length());
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("status", "degraded");
            generator.writeStringField("reason", problem);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the health answer", e); // in-memory: cannot happen
        }
        return AwsAnswer.of(503, PLAIN_JSON, out.toByteArray());
    }

    static AwsAnswer serviceUnavailable(String message, String requestContentType) {
        return error(SERVICE_UNAVAILABLE_TYPE, 503, message, requestContentType);
    }

    static AwsAnswer internalFailure(String requestContentType) {
        return error(INTERNAL_FAILURE_TYPE, 500, "Internal server error", requestContentType);
    }

    static AwsAnswer tooLarge(int maxBodyBytes, String requestContentType) {
        return error(TOO_LARGE_TYPE, 413,
                "Request body is larger than the limit of " + maxBodyBytes + " bytes", requestContentType);
    }

    static AwsAnswer badRequest(String message) {
        return error("BadRequest", 400, message, PLAIN_JSON);
    }

    static AwsAnswer error(String type, int status, String message, String requestContentType) {
        boolean isCbor = requestContentType != null
                && requestContentType.toLowerCase(Locale.ROOT).startsWith(CBOR_1_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.length());
        try (JsonGenerator generator = (isCbor ? CBOR : JSON).createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("__type", type);
            generator.writeStringField("message", message);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an error body", e); // in-memory: cannot happen
        }
        String contentType = isCbor ? CBOR_1_1 : PLAIN_JSON.equals(requestContentType) ? PLAIN_JSON : JSON_1_1;
        return AwsAnswer.of(status, contentType, out.toByteArray());
    }
}
