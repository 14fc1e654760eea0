package io.riffle.triggers.poll;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.kinesis.source.StreamSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The event Lambda hands a function for a batch of Kinesis records, and the partial-batch response it reads back.
 * Pure.
 *
 * <pre>
 * {"Records": [{
 *    "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "k", "sequenceNumber": "4959...",
 *                "data": "&lt;base64&gt;", "approximateArrivalTimestamp": 1545084650.987},
 *    "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": "shardId-000000000000:4959...",
 *    "eventName": "aws:kinesis:record", "invokeIdentityArn": "arn:aws:iam::&lt;account&gt;:root",
 *    "awsRegion": "us-east-1", "eventSourceARN": "arn:aws:kinesis:us-east-1:&lt;account&gt;:stream/s"}, ...]}
 *
 * response with ReportBatchItemFailures: {"batchItemFailures": [{"itemIdentifier": "&lt;sequence number&gt;"}, ...]}
 * </pre>
 *
 * {@code invokeIdentityArn} is the function's execution role in Lambda; Riffle has no function roles and names the
 * account's root, the identity its STS reports.
 */
public final class KinesisEventFormat {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KinesisEventFormat() {
    }

    /** The event's JSON for {@code records} of one shard. */
    public static byte[] event(List<StreamSource.Record> records, String shardId, String streamArn, String region,
                               String accountId) {
        return event(records, shardId, streamArn, region, accountId, null);
    }

    /**
     * The event, with a tumbling window's fields when {@code window} is not null: {@code window} (start and end,
     * ISO-8601), {@code state}, {@code shardId}, {@code eventSourceARN}, {@code isFinalInvokeForWindow},
     * {@code isWindowTerminatedEarly}.
     */
    static byte[] event(List<StreamSource.Record> records, String shardId, String streamArn, String region,
                        String accountId, TumblingWindows.Invocation window) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + records.size() * 512);
        String identity = "arn:aws:iam::" + accountId + ":root";
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            for (StreamSource.Record r : records) {
                g.writeStartObject();
                g.writeObjectFieldStart("kinesis");
                g.writeStringField("kinesisSchemaVersion", "1.0");
                g.writeStringField("partitionKey", r.partitionKey());
                g.writeStringField("sequenceNumber", r.sequenceNumber());
                g.writeFieldName("data");
                g.writeBinary(r.data());
                g.writeFieldName("approximateArrivalTimestamp");
                g.writeNumber(BigDecimal.valueOf(r.arrivalTimestampMs(), 3));
                g.writeEndObject();
                g.writeStringField("eventSource", "aws:kinesis");
                g.writeStringField("eventVersion", "1.0");
                g.writeStringField("eventID", shardId + ":" + r.sequenceNumber());
                g.writeStringField("eventName", "aws:kinesis:record");
                g.writeStringField("invokeIdentityArn", identity);
                g.writeStringField("awsRegion", region);
                g.writeStringField("eventSourceARN", streamArn);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (window != null) {
                g.writeObjectFieldStart("window");
                g.writeStringField("start", java.time.Instant.ofEpochMilli(window.startMs()).toString());
                g.writeStringField("end", java.time.Instant.ofEpochMilli(window.endMs()).toString());
                g.writeEndObject();
                g.writeFieldName("state");
                g.writeRawValue(window.state());
                g.writeStringField("shardId", shardId);
                g.writeStringField("eventSourceARN", streamArn);
                g.writeBooleanField("isFinalInvokeForWindow", window.isFinal());
                g.writeBooleanField("isWindowTerminatedEarly", window.isTerminatedEarly());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What a ReportBatchItemFailures response says about a batch. */
    public sealed interface ItemFailures {
        /** Every record succeeded (no failures listed, an empty or null list, or no response document). */
        record None() implements ItemFailures {
        }

        /** Records from index {@code firstFailed} of the batch on are retried; those before it succeeded. */
        record From(int firstFailed) implements ItemFailures {
        }

        /** The response cannot be read as one (not JSON, an identifier missing, blank or not in the batch): the whole batch failed. */
        record Invalid(String reason) implements ItemFailures {
        }
    }

    /**
     * Reads a ReportBatchItemFailures response against the batch it answers: the batch is retried from its first
     * record that a failure names (Lambda checkpoints the records before the lowest failed sequence number).
     */
    public static ItemFailures itemFailures(byte[] response, List<StreamSource.Record> batch) {
        if (response.length == 0) {
            return new ItemFailures.None();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(response);
        } catch (IOException e) {
            return new ItemFailures.Invalid("the response is not JSON");
        }
        if (root == null || root.isNull() || !root.isObject()) {
            return new ItemFailures.None();
        }
        JsonNode failures = root.get("batchItemFailures");
        if (failures == null || failures.isNull() || failures.isArray() && failures.isEmpty()) {
            return new ItemFailures.None();
        }
        if (!failures.isArray()) {
            return new ItemFailures.Invalid("batchItemFailures is not a list");
        }
        int first = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                return new ItemFailures.Invalid("an itemIdentifier is missing or blank");
            }
            Optional<Integer> index = indexOf(batch, id.asText());
            if (index.isEmpty()) {
                return new ItemFailures.Invalid("itemIdentifier " + id.asText() + " is not in the batch");
            }
            first = Math.min(first, index.get());
        }
        return new ItemFailures.From(first);
    }

    private static Optional<Integer> indexOf(List<StreamSource.Record> batch, String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).sequenceNumber().equals(sequenceNumber)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
