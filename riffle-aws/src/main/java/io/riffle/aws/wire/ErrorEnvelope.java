package io.riffle.aws.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The error body of the JSON protocols, in the request's own format (a CBOR request gets a CBOR error, which
 * the Java SDK needs to show the code):
 * <pre>
 *   {"__type": "ResourceNotFoundException", "message": "Stream s under account 000000000000 not found."}
 * </pre>
 * no message key when there is no message (e.g. UnknownOperationException); SerializationException spells it
 * {@code Message}.
 */
public final class ErrorEnvelope {
    private ErrorEnvelope() {
    }

    public static byte[] encode(WireCodec codec, AwsServiceException error, WireFormat format) {
        return codec.encode(format, error, ErrorEnvelope::write);
    }

    private static void write(JsonGenerator g, AwsServiceException error, WireFormat format) throws IOException {
        String message = error.getMessage();
        g.writeStartObject(error, message == null ? 1 : 2);
        g.writeStringField("__type", error.type());
        if (message != null) {
            g.writeStringField(error.messageKey(), message);
        }
        g.writeEndObject();
    }
}
