package io.riffle.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A request no service takes, as AWS answers it: the error code, HTTP status, message (null when
 * AWS sends none) and the protocol family whose error shape it uses. Rendered by {@link #answer}.
 *
 * <p>These few shapes are the router's own (its requests reached no service, so no service's error
 * table applies); services' errors go through their own codecs.
 */
public record RoutingFailure(String code, int status, String message, Family family) {

    /** Which error shape the failure takes. */
    public enum Family {
        /** awsJson 1.0/1.1 and CBOR: {@code {"__type":...,"message":...}} in the request's own format. */
        JSON,
        /** The query protocol: an XML {@code ErrorResponse}. */
        QUERY,
        /** REST-JSON (Lambda): {@code {"message":...}} as {@code application/json}, the code in {@code x-amzn-ErrorType} only. */
        REST_JSON,
        /** No protocol recognised: an XML element named after the code (holding the message, if any), as Kinesis' front end answers. */
        BARE_XML
    }

    public static final String CBOR_CONTENT_TYPE = "application/x-amz-cbor-1.1";
    public static final String XML_CONTENT_TYPE = "text/xml";
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    private static final String JSON_MEDIA_PREFIX = "application/x-amz-json-";
    private static final String PLAIN_JSON_MEDIA_TYPE = "application/json";
    private static final CBORFactory CBOR = new CBORFactory();

    public RoutingFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(family, "family");
    }

    /** An {@code X-Amz-Target} that names no operation of a service here: 400, no message. */
    public static RoutingFailure unknownOperation() {
        return new RoutingFailure("UnknownOperationException", 400, null, Family.JSON);
    }

    /** A query-protocol request whose {@code Version} (or {@code Action}) no service here serves. */
    public static RoutingFailure invalidAction(String action, String version) {
        return new RoutingFailure("InvalidAction", 400, "Could not find operation " + (action == null ? "" : action)
                + " for version " + (version == null ? "NO_VERSION_SPECIFIED" : version), Family.QUERY);
    }

    /** A query-protocol request signed for another service than the one its {@code Version} names. */
    public static RoutingFailure wrongSigningService(String signingName) {
        return new RoutingFailure("SignatureDoesNotMatch", 403,
                "Credential should be scoped to correct service: '" + signingName + "'. ", Family.QUERY);
    }

    /**
     * A request other than a POST that no path or query form routes (GET, PUT, DELETE on {@code /}): 403
     * with Kinesis' XML, {@code <AccessDeniedException><Message>Unable to determine service/operation name
     * to be authorized</Message></AccessDeniedException>} (as kinesalite recorded it, and as clients logged
     * it from AWS's front ends).
     */
    public static RoutingFailure accessDenied() {
        return new RoutingFailure("AccessDeniedException", 403,
                "Unable to determine service/operation name to be authorized", Family.BARE_XML);
    }

    /** The answer to {@code request}: JSON for a JSON request ({@code application/x-amz-json-*} or {@code application/json}), CBOR for any other (none included), XML for the rest. */
    public AwsAnswer answer(AwsRequest request, String requestId) {
        AwsAnswer answer = switch (family) {
            case JSON -> {
                String mediaType = request.mediaType();
                yield mediaType.startsWith(JSON_MEDIA_PREFIX) || mediaType.equals(PLAIN_JSON_MEDIA_TYPE)
                        ? AwsAnswer.of(status, mediaType, json())
                        : AwsAnswer.of(status, CBOR_CONTENT_TYPE, cbor());
            }
            case QUERY -> AwsAnswer.of(status, XML_CONTENT_TYPE, "<ErrorResponse>\n  <Error>\n    <Type>Sender</Type>\n"
                    + "    <Code>" + code + "</Code>\n"
                    + (message == null ? "" : "    <Message>" + escapeXml(message) + "</Message>\n")
                    + "  </Error>\n  <RequestId>" + requestId + "</RequestId>\n</ErrorResponse>\n");
            case REST_JSON -> AwsAnswer.of(status, PLAIN_JSON_MEDIA_TYPE, message == null ? "{}"
                    : "{\"message\":\"" + escapeJson(message) + "\"}");
            case BARE_XML -> AwsAnswer.of(status, XML_CONTENT_TYPE, message == null ? "<" + code + "/>\n"
                    : "<" + code + ">\n  <Message>" + escapeXml(message) + "</Message>\n</" + code + ">\n");
        };
        answer.headers().set(ERROR_TYPE_HEADER, code.substring(code.indexOf('#') + 1)); // no Coral namespace
        return answer;
    }

    private String json() {
        StringBuilder json = new StringBuilder("{\"__type\":\"").append(code).append('"');
        if (message != null) {
            json.append(",\"message\":\"").append(escapeJson(message)).append('"');
        }
        return json.append('}').toString();
    }

    private byte[] cbor() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (JsonGenerator generator = CBOR.createGenerator(bytes)) {
            generator.writeStartObject();
            generator.writeStringField("__type", code);
            if (message != null) {
                generator.writeStringField("message", message);
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    private static String escapeJson(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
