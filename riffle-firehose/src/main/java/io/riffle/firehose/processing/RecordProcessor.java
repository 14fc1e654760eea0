package io.riffle.firehose.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.firehose.partition.DeAggregation;
import io.riffle.firehose.partition.PartitionKeyQuery;
import io.riffle.firehose.s3.ObjectKeys;
import io.riffle.firehose.s3.Processing;
import io.riffle.functions.FunctionInvoker;
import io.riffle.functions.InvokeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs a destination's processors over the records of one object, in Firehose's order: RecordDeAggregation, the
 * Lambda transform (whose Ok records may carry {@code metadata.partitionKeys}), MetadataExtraction (a jq query giving
 * the partition keys), AppendDelimiterToRecord. The transform follows Firehose's contract: an event {@code {invocationId,
 * deliveryStreamArn, region, records:[{recordId, approximateArrivalTimestamp, data}]}} of at most BufferSizeInMBs
 * of data per invocation, through the shared {@link FunctionInvoker}; the answer {@code {records:[{recordId, result,
 * data}]}} with result Ok (kept, its data replaced), Dropped (left out) or ProcessingFailed. An invocation that fails
 * is tried NumberOfRetries more times; then its records fail. Failed records are returned with Firehose's error code,
 * for the {@code processing-failed} output.
 *
 * <p>Called on the delivery thread only; it waits for each invocation (the thread's job is to deliver in order).
 */
public final class RecordProcessor {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lambda's synchronous payload limit is 6 MB; base64 makes data 4/3 larger. */
    private static final long MAX_DATA_PER_INVOCATION = 4L << 20;

    private final FunctionInvoker invoker;
    private final String region;
    private final InstantSource clock;
    private final Invocations invocations;

    /** Told of each Lambda invocation (ExecuteProcessing.Duration and .Success). */
    @FunctionalInterface
    public interface Invocations {
        Invocations NONE = (arn, ms, isSuccess) -> { };

        void invoked(String deliveryStreamArn, long durationMs, boolean isSuccess);
    }

    /**
     * A record as the processors get it.
     *
     * @param kinesis where it came from in a Kinesis stream (KinesisStreamAsSource), else null
     */
    public record Input(String recordId, long arrivalMs, byte[] data, KinesisRecordMetadata kinesis) {
        public Input(String recordId, long arrivalMs, byte[] data) {
            this(recordId, arrivalMs, data, null);
        }
    }

    /** A record the processing failed: what Firehose writes under {@code processing-failed/}. */
    public record Failed(Input record, int attemptsMade, String errorCode, String errorMessage, long attemptEndingMs) {
    }

    /**
     * The records to deliver (in order) with their dynamic partitioning keys ({@code namespace:key} to value, same
     * index), those the processors failed ({@code processing-failed}), those whose keys could not be had
     * ({@code partitioning-failed}) and the input each delivered record came from (same index; empty when the
     * processors did not run).
     */
    public record Output(List<byte[]> delivered, List<Failed> failed, List<Map<String, String>> keys,
                         List<Failed> partitioningFailed, List<Input> sources) {
        public Output(List<byte[]> delivered, List<Failed> failed) {
            this(delivered, failed, delivered.stream().map(d -> Map.<String, String>of()).toList(), List.of(),
                    List.of());
        }
    }

    /** A record on its way through the processors: where it came from, its data now, its keys so far. */
    private record Kept(Input source, byte[] data, Map<String, String> keys) {
    }

    /** @param invoker the functions' invoker, or null when none is wired (a transform then fails its records) */
    public RecordProcessor(FunctionInvoker invoker, String region, InstantSource clock) {
        this(invoker, region, clock, Invocations.NONE);
    }

    public RecordProcessor(FunctionInvoker invoker, String region, InstantSource clock, Invocations invocations) {
        this.invoker = invoker;
        this.region = region;
        this.clock = clock;
        this.invocations = invocations;
    }

    public Output process(Processing processing, String deliveryStreamArn, List<Input> records) {
        return process(processing, deliveryStreamArn, null, records);
    }

    /** @param sourceStreamArn the Kinesis stream of a KinesisStreamAsSource delivery stream, else null */
    public Output process(Processing processing, String deliveryStreamArn, String sourceStreamArn,
                          List<Input> records) {
        List<Failed> partitioningFailed = new ArrayList<>();
        List<Input> inputs = processing.subRecordType() == null ? records
                : deAggregated(processing, records, partitioningFailed);
        List<Kept> kept = new ArrayList<>(inputs.size());
        List<Failed> failed = new ArrayList<>();
        if (processing.lambdaArn() == null) {
            inputs.forEach(r -> kept.add(new Kept(r, r.data(), Map.of())));
        } else {
            long limit = Math.min(processing.lambdaBatchBytes(), MAX_DATA_PER_INVOCATION);
            int from = 0;
            while (from < inputs.size()) {
                int to = from;
                long bytes = 0;
                while (to < inputs.size() && (to == from || bytes + inputs.get(to).data().length <= limit)) {
                    bytes += inputs.get(to).data().length;
                    to++;
                }
                transform(processing, deliveryStreamArn, sourceStreamArn, inputs.subList(from, to), kept, failed);
                from = to;
            }
        }
        List<byte[]> delivered = new ArrayList<>(kept.size());
        List<Map<String, String>> keys = new ArrayList<>(kept.size());
        List<Input> sources = new ArrayList<>(kept.size());
        PartitionKeyQuery query = processing.metadataQuery() == null ? null
                : PartitionKeyQuery.compile(processing.metadataQuery());
        for (Kept k : kept) {
            Map<String, String> recordKeys = k.keys();
            if (query != null) {
                Map<String, String> extracted = query.keys(k.data());
                if (extracted == null) {
                    partitioningFailed.add(new Failed(new Input(k.source().recordId(), k.source().arrivalMs(),
                            k.data()), 1, "DynamicPartitioning.MetadataExtractionFailed", "The partition keys could"
                            + " not be extracted from the record with the MetadataExtractionQuery.", clock.millis()));
                    continue;
                }
                recordKeys = new HashMap<>(recordKeys);
                for (Map.Entry<String, String> e : extracted.entrySet()) {
                    recordKeys.put(ObjectKeys.QUERY_KEY + ":" + e.getKey(), e.getValue());
                }
            }
            delivered.add(processing.isAppendingDelimiter() ? withNewline(k.data()) : k.data());
            keys.add(recordKeys);
            sources.add(k.source());
        }
        return new Output(delivered, failed, keys, partitioningFailed, sources);
    }

    /** RecordDeAggregation: each record's sub-records (ids {@code <recordId>.<n>}); one that cannot be split fails. */
    private List<Input> deAggregated(Processing processing, List<Input> records, List<Failed> partitioningFailed) {
        List<Input> out = new ArrayList<>(records.size());
        byte[] delimiter = processing.delimiter();
        for (Input r : records) {
            List<byte[]> parts = DeAggregation.split(r.data(), processing.subRecordType(), delimiter);
            if (parts == null) {
                partitioningFailed.add(new Failed(r, 1, "DynamicPartitioning.DeAggregationFailed", "The record could"
                        + " not be split into " + processing.subRecordType() + " sub-records (at most "
                        + DeAggregation.MAX_SUB_RECORDS + ").", clock.millis()));
                continue;
            }
            for (int i = 0; i < parts.size(); i++) {
                out.add(new Input(parts.size() == 1 ? r.recordId() : r.recordId() + "." + i, r.arrivalMs(),
                        parts.get(i), r.kinesis()));
            }
        }
        return out;
    }

    private void transform(Processing processing, String deliveryStreamArn, String sourceStreamArn, List<Input> batch,
                           List<Kept> delivered, List<Failed> failed) {
        byte[] event = event(deliveryStreamArn, sourceStreamArn, batch);
        int attempts = 0;
        InvokeResult result = null;
        while (attempts <= processing.numberOfRetries()) {
            attempts++;
            long started = clock.millis();
            result = invoker == null ? null : invoker.invoke(processing.lambdaArn(), event).join();
            invocations.invoked(deliveryStreamArn, clock.millis() - started, result != null && result.isSuccess());
            if (result != null && result.isSuccess()) {
                break;
            }
        }
        long ended = clock.millis();
        if (result == null || !result.isSuccess()) {
            String[] error = invocationError(result);
            for (Input r : batch) {
                failed.add(new Failed(r, attempts, error[0], error[1], ended));
            }
            return;
        }
        Map<String, JsonNode> answers = new HashMap<>();
        try {
            JsonNode body = JSON.readTree(result.payload());
            Set<String> ids = new HashSet<>();
            for (JsonNode answer : body.path("records")) {
                String id = answer.path("recordId").asText(null);
                if (id != null && !ids.add(id)) {
                    failAll(batch, attempts, "Lambda.DuplicatedRecordId", "Duplicate record ID returned by Lambda: "
                            + id + ".", ended, failed);
                    return;
                }
                answers.put(id, answer);
            }
        } catch (IOException e) {
            failAll(batch, attempts, "Lambda.JsonProcessingException", "The Lambda function's response is not"
                    + " valid JSON: " + e.getMessage(), ended, failed);
            return;
        }
        for (Input r : batch) {
            JsonNode answer = answers.get(r.recordId());
            if (answer == null) {
                failed.add(new Failed(r, attempts, "Lambda.MissingRecordId", "One or more record Ids were not"
                        + " returned. Ensure that the Lambda function returns all received record Ids.", ended));
                continue;
            }
            switch (answer.path("result").asText("")) {
                case "Ok" -> {
                    try {
                        delivered.add(new Kept(r, Base64.getDecoder().decode(answer.path("data").asText("")),
                                lambdaKeys(answer)));
                    } catch (IllegalArgumentException e) {
                        failed.add(new Failed(r, attempts, "Lambda.JsonProcessingException", "The data of record "
                                + r.recordId() + " returned by Lambda is not base64.", ended));
                    }
                }
                case "Dropped" -> {
                }
                case "ProcessingFailed" -> failed.add(new Failed(r, attempts, "Lambda.ProcessingFailed",
                        "The Lambda function returned result ProcessingFailed for the record.", ended));
                default -> failed.add(new Failed(r, attempts, "Lambda.InvalidResult", "The Lambda function returned"
                        + " result '" + answer.path("result").asText("") + "'; Ok, Dropped or ProcessingFailed were"
                        + " expected.", ended));
            }
        }
    }

    /** An Ok record's {@code metadata.partitionKeys} (values as text), as {@code partitionKeyFromLambda:<key>}. */
    private static Map<String, String> lambdaKeys(JsonNode answer) {
        JsonNode partitionKeys = answer.path("metadata").path("partitionKeys");
        if (!partitionKeys.isObject()) {
            return Map.of();
        }
        Map<String, String> keys = new HashMap<>();
        partitionKeys.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                keys.put(ObjectKeys.LAMBDA_KEY + ":" + e.getKey(), e.getValue().asText());
            }
        });
        return keys;
    }

    /**
     * Firehose's event; with a Kinesis source, {@code sourceKinesisStreamArn} and each record's
     * {@code kinesisRecordMetadata}, every value a string as in Lambda's published example (the arrival time in
     * ISO-8601, {@code subsequenceNumber} empty for a record that was not in a KPL aggregate).
     */
    private byte[] event(String deliveryStreamArn, String sourceStreamArn, List<Input> batch) {
        ObjectNode event = JSON.createObjectNode();
        event.put("invocationId", UUID.nameUUIDFromBytes(batch.get(0).recordId().getBytes(StandardCharsets.UTF_8))
                .toString());
        if (sourceStreamArn != null) {
            event.put("sourceKinesisStreamArn", sourceStreamArn);
        }
        event.put("deliveryStreamArn", deliveryStreamArn);
        event.put("region", region);
        ArrayNode records = event.putArray("records");
        for (Input r : batch) {
            records.addObject().put("recordId", r.recordId()).put("approximateArrivalTimestamp", r.arrivalMs())
                    .put("data", Base64.getEncoder().encodeToString(r.data()));
            if (r.kinesis() != null) {
                KinesisRecordMetadata k = r.kinesis();
                ((ObjectNode) records.get(records.size() - 1)).putObject("kinesisRecordMetadata")
                        .put("shardId", k.shardId()).put("partitionKey", k.partitionKey())
                        .put("approximateArrivalTimestamp", Instant.ofEpochMilli(k.approximateArrivalTimestampMs())
                                .toString())
                        .put("sequenceNumber", k.sequenceNumber())
                        .put("subsequenceNumber", k.subsequenceNumber() < 0 ? "" : Long.toString(k.subsequenceNumber()));
            }
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("a Firehose transform event could not be written", e);
        }
    }

    /** Firehose's error code and message for an invocation that did not succeed. */
    private static String[] invocationError(InvokeResult r) {
        if (r == null || r.status() == InvokeResult.Status.UNRESOLVED) {
            return new String[] {"Lambda.InvokeAccessDenied", "The function is not resolvable: set function.<name>.url"
                    + " or lambda-endpoint." + (r == null ? "" : " " + r.detail())};
        }
        return switch (r.status()) {
            case FUNCTION_ERROR -> new String[] {"Lambda.FunctionError",
                    "The Lambda function was successfully invoked but it returned an error result."};
            case UNAVAILABLE -> new String[] {r.httpStatus() == 429 ? "Lambda.InvokeLimitExceeded"
                    : "Lambda.ServiceUnavailable", "The Lambda function could not be invoked: " + r.detail()};
            default -> new String[] {"Lambda.InvokeAccessDenied", "The Lambda function refused the invocation (HTTP "
                    + r.httpStatus() + "): " + r.detail()};
        };
    }

    private static void failAll(List<Input> batch, int attempts, String code, String message, long ended,
                                List<Failed> failed) {
        for (Input r : batch) {
            failed.add(new Failed(r, attempts, code, message, ended));
        }
    }

    private static byte[] withNewline(byte[] data) {
        byte[] out = new byte[data.length + 1];
        System.arraycopy(data, 0, out, 0, data.length);
        out[data.length] = '\n';
        return out;
    }
}
