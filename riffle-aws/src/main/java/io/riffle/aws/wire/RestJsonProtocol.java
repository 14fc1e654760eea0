package io.riffle.aws.wire;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The restJson protocol (Lambda): members bound to the URI, the query string and headers are text, converted
 * here; the body is JSON (or the payload member's bytes). Errors carry their code in {@code x-amzn-ErrorType} and
 * a JSON body {@code {"message": ...}}.
 */
public final class RestJsonProtocol {
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private RestJsonProtocol() {
    }

    public static Integer integer(String text, String name) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, text);
        }
    }

    public static Long longValue(String text, String name) {
        try {
            return text == null ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, text);
        }
    }

    public static Boolean booleanValue(String text, String name) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(name, text);
        };
    }

    public static Instant timestamp(String text, String name) {
        try {
            return text == null ? null : Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw invalid(name, text);
        }
    }

    /** An error answer: status, {@code x-amzn-ErrorType}, {@code {"message": ...}} in JSON. */
    public static RestAnswer error(WireCodec codec, AwsServiceException error) {
        byte[] body = codec.encode(WireFormat.JSON, error, (g, e, f) -> {
            g.writeStartObject();
            if (e.getMessage() != null) {
                g.writeStringField("message", e.getMessage());
            }
            g.writeEndObject();
        });
        return new RestAnswer(error.status(), Map.of(ERROR_TYPE_HEADER, error.type(), "Content-Type", "application/json"),
                body);
    }

    /**
     * A bound member whose text is not of its type: a 400 {@code InvalidParameterValueException} (Lambda's code for
     * a bad parameter; the text is ours, not yet checked against Lambda).
     */
    static AwsServiceException invalid(String name, String text) {
        return new AwsServiceException("InvalidParameterValueException", 400,
                "Invalid value '" + text + "' for parameter " + name);
    }
}
