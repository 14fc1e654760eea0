package io.riffle.triggers.failure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.source.StreamSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Lambda's invocation record of a discarded Kinesis batch, as its developer guide shows it:
 * <pre>
 * {"requestContext": {"requestId", "functionArn", "condition": "RetryAttemptsExhausted" | "RecordAgeExceeded",
 *                     "approximateInvokeCount"},
 *  "responseContext": {"statusCode", "executedVersion": "$LATEST", "functionError"},   (the last invocation's)
 *  "version": "1.0", "timestamp": ISO-8601 with milliseconds,
 *  "KinesisBatchInfo": {"shardId", "startSequenceNumber", "endSequenceNumber", "approximateArrivalOfFirstRecord",
 *                       "approximateArrivalOfLastRecord", "batchSize", "streamArn"},
 *  "payload": the whole event, as a JSON string (S3 destinations only)}
 * </pre>
 * (for a Riffle stream destination, Riffle's extension, the record without its payload, as Lambda sends to its SQS and
 * SNS destinations)
 * and the object key Lambda gives it in an S3 bucket:
 * {@code aws/lambda/<mapping UUID>/<shardId>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>}.
 */
public final class InvocationRecord {
    public static final String RETRY_ATTEMPTS_EXHAUSTED = "RetryAttemptsExhausted";
    public static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STREAM_ARN = Pattern.compile(
            "arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/[a-zA-Z0-9_.-]{1,128}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH.mm.ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** The last invocation's answer: its HTTP status and function error (null: none, or never invoked). */
    public record LastResponse(int statusCode, String functionError) {
    }

    private InvocationRecord() {
    }

    /**
     * The record's JSON; {@code lastResponse} null leaves responseContext out (the batch was never invoked), and
     * {@code payload} null the payload (destinations other than S3).
     */
    public static byte[] json(String functionArn, String condition, int invokeCount, LastResponse lastResponse,
                              long nowMs, String streamArn, String shardId, List<StreamSource.Record> batch,
                              byte[] payload) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode request = root.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", functionArn);
        request.put("condition", condition);
        request.put("approximateInvokeCount", invokeCount);
        if (lastResponse != null) {
            ObjectNode response = root.putObject("responseContext");
            response.put("statusCode", lastResponse.statusCode());
            response.put("executedVersion", "$LATEST");
            if (lastResponse.functionError() != null) {
                response.put("functionError", lastResponse.functionError());
            }
        }
        root.put("version", "1.0");
        root.put("timestamp", ISO_MILLIS.format(Instant.ofEpochMilli(nowMs)));
        ObjectNode info = root.putObject("KinesisBatchInfo");
        StreamSource.Record first = batch.get(0);
        StreamSource.Record last = batch.get(batch.size() - 1);
        info.put("shardId", shardId);
        info.put("startSequenceNumber", first.sequenceNumber());
        info.put("endSequenceNumber", last.sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", ISO_MILLIS.format(Instant.ofEpochMilli(first.arrivalTimestampMs())));
        info.put("approximateArrivalOfLastRecord", ISO_MILLIS.format(Instant.ofEpochMilli(last.arrivalTimestampMs())));
        info.put("batchSize", batch.size());
        info.put("streamArn", streamArn);
        if (payload != null) {
            root.put("payload", new String(payload, StandardCharsets.UTF_8));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code aws/lambda/<mapping UUID>/<shardId>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>}. */
    public static String objectKey(String mappingUuid, String shardId, long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        return "aws/lambda/" + mappingUuid + "/" + shardId + "/" + DAY.format(now) + "/" + SECOND.format(now) + "-"
                + UUID.randomUUID();
    }

    /**
     * The ARN itself when it names a Kinesis stream ({@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}: Riffle's
     * extension, a stream of this node as the OnFailure destination), or null for any other ARN.
     */
    public static String streamOf(String destinationArn) {
        return destinationArn != null && STREAM_ARN.matcher(destinationArn).matches() ? destinationArn : null;
    }

    /** The bucket of an S3 destination ARN ({@code arn:aws:s3:::bucket}), or null for any other ARN. */
    public static String bucketOf(String destinationArn) {
        String prefix = "arn:aws:s3:::";
        if (destinationArn == null || !destinationArn.startsWith(prefix) || destinationArn.length() == prefix.length()
                || destinationArn.indexOf('/', prefix.length()) >= 0) {
            return null;
        }
        return destinationArn.substring(prefix.length());
    }
}
