package io.riffle.aws.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error answer of the restJson protocol (Lambda's API), as Lambda writes it:
 * <pre>
 *   HTTP/1.1 404
 *   x-amzn-ErrorType: ResourceNotFoundException        the code: the SDKs read it here first
 *   Content-Type: application/json
 *
 *   {"Type":"User","Message":"The resource you requested does not exist."}
 * </pre>
 * {@code Type} is {@code User} for the caller's fault (a 4xx) and {@code Service} for the service's (5xx);
 * the message key is the error shape's own spelling ({@link AwsServiceException#messageKey}: Lambda's
 * ResourceNotFoundException has {@code Message}, its InvalidParameterValueException {@code message}).
 * Members an error shape binds to headers (TooManyRequestsException's {@code Retry-After}) go in
 * {@code extraHeaders}. Stateless and thread-safe.
 */
public final class RestJsonErrorEnvelope {

    /** The header that carries the error's code. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    public static final String CONTENT_TYPE = "application/json";

    private static final JsonFactory JSON = new JsonFactory();

    /** An error answer: status, headers (the error type, the content type, any bound members) and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private RestJsonErrorEnvelope() {
    }

    public static Answer encode(AwsServiceException error, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ERROR_TYPE_HEADER, error.type());
        headers.put("Content-Type", CONTENT_TYPE);
        headers.putAll(extraHeaders);
        ByteArrayOutputStream body = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(body)) {
            g.writeStartObject();
            g.writeStringField("Type", error.status() >= 500 ? "Service" : "User");
            if (error.getMessage() != null) {
                g.writeStringField(error.messageKey(), error.getMessage());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return new Answer(error.status(), Map.copyOf(headers), body.toByteArray());
    }
}
