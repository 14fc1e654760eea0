package io.riffle.firehose.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Firehose's HTTP endpoint delivery protocol, version 1.0, pure (no I/O): the request Firehose sends and how its
 * answer is judged.
 * <pre>
 *   POST &lt;Url as configured&gt;
 *   X-Amz-Firehose-Protocol-Version: 1.0
 *   X-Amz-Firehose-Request-Id: &lt;GUID, the same on every attempt of the request&gt;
 *   X-Amz-Firehose-Source-Arn: &lt;delivery stream ARN&gt;
 *   X-Amz-Firehose-Access-Key: &lt;AccessKey&gt;                          (when configured)
 *   X-Amz-Firehose-Common-Attributes: {"commonAttributes":{...}}       (when configured)
 *   Content-Type: application/json
 *   Content-Encoding: gzip                                             (ContentEncoding GZIP; else absent)
 *
 *   {"requestId": "&lt;the same GUID&gt;", "timestamp": &lt;ms&gt;, "records": [{"data": "&lt;base64&gt;"}, ...]}
 * </pre>
 * The answer is a success only when it is a 200 whose JSON body's {@code requestId} is the request's; anything else
 * is a failure to retry, except 413 (the request is too large: retrying cannot help, the records go to the S3
 * backup at once). An error answer's {@code errorMessage} is kept for the backup's error records.
 */
public final class HttpEndpointProtocol {
    public static final String VERSION = "1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpEndpointProtocol() {
    }

    /** What is sent: the headers (Content-Length is the client's) and the body, already encoded. */
    public record Request(Map<String, String> headers, byte[] body) {
    }

    /** How an answer is judged. */
    public enum Verdict { DELIVERED, RETRY, TOO_LARGE }

    /** An answer's verdict and, for a failure, what to write in the error record. */
    public record Outcome(Verdict verdict, int status, String errorMessage) {
        public boolean isDelivered() {
            return verdict == Verdict.DELIVERED;
        }
    }

    /**
     * The request for one batch.
     *
     * @param accessKey        the endpoint's AccessKey, or null
     * @param commonAttributes RequestConfiguration.CommonAttributes (name to value), empty for none
     */
    public static Request request(String requestId, String sourceArn, String accessKey,
                                  Map<String, String> commonAttributes, boolean isGzip, long timestampMs,
                                  List<byte[]> records) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Firehose-Protocol-Version", VERSION);
        headers.put("X-Amz-Firehose-Request-Id", requestId);
        headers.put("X-Amz-Firehose-Source-Arn", sourceArn);
        if (accessKey != null) {
            headers.put("X-Amz-Firehose-Access-Key", accessKey);
        }
        if (!commonAttributes.isEmpty()) {
            try {
                headers.put("X-Amz-Firehose-Common-Attributes",
                        JSON.writeValueAsString(Map.of("commonAttributes", commonAttributes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        headers.put("Content-Type", "application/json");
        if (isGzip) {
            headers.put("Content-Encoding", "gzip");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = isGzip ? new GZIPOutputStream(bytes) : bytes;
             JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("requestId", requestId);
            json.writeNumberField("timestamp", timestampMs);
            json.writeArrayFieldStart("records");
            for (byte[] record : records) {
                json.writeStartObject();
                json.writeFieldName("data");
                json.writeBinary(record); // base64, as Firehose sends it
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Request(headers, bytes.toByteArray());
    }

    /** Judges an answer to the request {@code requestId}. */
    public static Outcome judge(String requestId, int status, byte[] body) {
        JsonNode answer = null;
        try {
            answer = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            // not JSON: judged below
        }
        String message = answer == null ? null : answer.path("errorMessage").asText(null);
        if (status == 413) {
            return new Outcome(Verdict.TOO_LARGE, status, message != null ? message
                    : "The HTTP endpoint answered 413: the request is too large.");
        }
        if (status != 200) {
            return new Outcome(Verdict.RETRY, status, message != null ? message
                    : "The HTTP endpoint answered " + status + ".");
        }
        if (answer == null || !answer.isObject()) {
            return new Outcome(Verdict.RETRY, status, "The HTTP endpoint's answer is not a JSON object.");
        }
        if (!requestId.equals(answer.path("requestId").asText(null))) {
            return new Outcome(Verdict.RETRY, status, "The HTTP endpoint's answer names request "
                    + answer.path("requestId").asText("(none)") + ", not " + requestId + ".");
        }
        return new Outcome(Verdict.DELIVERED, status, null);
    }
}
