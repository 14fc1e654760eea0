package io.riffle.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.riffle.server.protocol.ApiAnswer;
import io.riffle.server.protocol.KinesisError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The answers the HTTP layer gives itself, without the dispatcher: health, routing errors, an
 * oversized body, shutdown, and the last-resort internal failure. Errors carry a Kinesis-style
 * body ({@code {"__type": ..., "message": ...}}), in CBOR when the request was CBOR (the AWS Java
 * SDK's default) and in JSON 1.1 otherwise, so the SDKs can still read them.
 */
final class ErrorBodies {

    static final String JSON_1_1 = "application/x-amz-json-1.1";
    static final String CBOR_1_1 = "application/x-amz-cbor-1.1";
    static final String PLAIN_JSON = "application/json";

    /** {@code __type} of the answer to a body over the limit (Kinesis' front end answers 413; the type is ours). */
    static final String TOO_LARGE_TYPE = "SerializationException";
    /** {@code __type} of the answer to a method and path that is neither the API nor /health. */
    static final String NOT_FOUND_TYPE = "NotFoundException";

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
    static ApiAnswer health(boolean isStopping, String problem) {
        if (isStopping) {
            return new ApiAnswer(503, PLAIN_JSON, HEALTH_STOPPING.clone());
        }
        if (problem == null) {
            return new ApiAnswer(200, PLAIN_JSON, HEALTH_OK.clone());
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
        return new ApiAnswer(503, PLAIN_JSON, out.toByteArray());
    }

    static ApiAnswer of(KinesisError error, String message, String requestContentType) {
        return error(error.type(), error.status(), message, requestContentType);
    }

    static ApiAnswer tooLarge(int maxBodyBytes, String requestContentType) {
        return error(TOO_LARGE_TYPE, 413,
                "Request body is larger than the limit of " + maxBodyBytes + " bytes", requestContentType);
    }

    static ApiAnswer notFound(String method, String path) {
        return error(NOT_FOUND_TYPE, 404, "Nothing at " + method + " " + path
                + ": the Kinesis API is POST with an X-Amz-Target header, health is GET /health", PLAIN_JSON);
    }

    static ApiAnswer badRequest(String message) {
        return error("BadRequest", 400, message, PLAIN_JSON);
    }

    static ApiAnswer error(String type, int status, String message, String requestContentType) {
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
        return new ApiAnswer(status, contentType, out.toByteArray());
    }
}
