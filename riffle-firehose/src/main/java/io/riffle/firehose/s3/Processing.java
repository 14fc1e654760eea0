package io.riffle.firehose.s3;

import io.riffle.firehose.model.ProcessingConfiguration;
import io.riffle.firehose.model.Processor;
import io.riffle.firehose.model.ProcessorParameter;
import io.riffle.firehose.partition.PartitionKeyQuery;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A destination's ProcessingConfiguration as delivery runs it, checked at CreateDeliveryStream and UpdateDestination
 * (an {@link IllegalArgumentException} is the InvalidArgumentException's message). Firehose's order is fixed whatever
 * the list's: RecordDeAggregation, Lambda, MetadataExtraction, AppendDelimiterToRecord (all built; Decompression and
 * CloudWatchLogProcessing are not).
 *
 * @param lambdaArn         the transform's function (name or ARN), or null for none
 * @param numberOfRetries   Lambda's NumberOfRetries (0-300, default 3): invocations after the first that failed
 * @param lambdaBatchBytes  Lambda's BufferSizeInMBs (1-3, default 1): the most record data per invocation
 * @param isAppendingDelimiter AppendDelimiterToRecord: a newline after each record
 * @param subRecordType     RecordDeAggregation's SubRecordType (JSON or DELIMITED), or null for none
 * @param delimiterBase64   RecordDeAggregation's Delimiter (base64, DELIMITED only), else null
 * @param metadataQuery     MetadataExtraction's MetadataExtractionQuery (jq), or null for none
 */
public record Processing(String lambdaArn, int numberOfRetries, long lambdaBatchBytes, boolean isAppendingDelimiter,
                         String subRecordType, String delimiterBase64, String metadataQuery) {
    public static final Processing NONE = new Processing(null, 0, 0, false, null, null, null);

    /** Without RecordDeAggregation and MetadataExtraction. */
    public Processing(String lambdaArn, int numberOfRetries, long lambdaBatchBytes, boolean isAppendingDelimiter) {
        this(lambdaArn, numberOfRetries, lambdaBatchBytes, isAppendingDelimiter, null, null, null);
    }
    private static final int DEFAULT_RETRIES = 3;
    private static final int DEFAULT_BUFFER_MIB = 1;

    public boolean isNone() {
        return lambdaArn == null && !isAppendingDelimiter && subRecordType == null && metadataQuery == null;
    }

    public static Processing of(ProcessingConfiguration c) {
        if (c == null || !Boolean.TRUE.equals(c.enabled()) || c.processors() == null) {
            return NONE;
        }
        String lambdaArn = null;
        int retries = DEFAULT_RETRIES;
        long batchBytes = DEFAULT_BUFFER_MIB << 20;
        boolean isAppendingDelimiter = false;
        String subRecordType = null;
        String delimiter = null;
        String query = null;
        Set<String> seen = new HashSet<>();
        for (Processor p : c.processors()) {
            String type = p.typeAsString();
            if (!seen.add(type)) {
                throw new IllegalArgumentException("Processor type " + type + " appears more than once.");
            }
            Map<String, String> parameters = parameters(p);
            switch (type) {
                case "Lambda" -> {
                    lambdaArn = parameters.get("LambdaArn");
                    if (lambdaArn == null) {
                        throw new IllegalArgumentException("LambdaArn is required for the Lambda processor.");
                    }
                    retries = intParameter(parameters, "NumberOfRetries", DEFAULT_RETRIES, 0, 300);
                    batchBytes = (long) intParameter(parameters, "BufferSizeInMBs", DEFAULT_BUFFER_MIB, 1, 3) << 20;
                    intParameter(parameters, "BufferIntervalInSeconds", 60, 0, 900); // checked; see the docs
                }
                case "AppendDelimiterToRecord" -> isAppendingDelimiter = true;
                case "RecordDeAggregation" -> {
                    subRecordType = parameters.getOrDefault("SubRecordType", "JSON");
                    if (!subRecordType.equals("JSON") && !subRecordType.equals("DELIMITED")) {
                        throw new IllegalArgumentException("SubRecordType must be JSON or DELIMITED, not "
                                + subRecordType + ".");
                    }
                    delimiter = parameters.get("Delimiter");
                    if (subRecordType.equals("DELIMITED")) {
                        delimiter = checkedDelimiter(delimiter);
                    }
                }
                case "MetadataExtraction" -> {
                    query = parameters.get("MetadataExtractionQuery");
                    if (query == null || query.isBlank()) {
                        throw new IllegalArgumentException("MetadataExtractionQuery is required for the"
                                + " MetadataExtraction processor.");
                    }
                    String engine = parameters.getOrDefault("JsonParsingEngine", PartitionKeyQuery.ENGINE);
                    if (!engine.equals(PartitionKeyQuery.ENGINE)) {
                        throw new IllegalArgumentException("JsonParsingEngine must be " + PartitionKeyQuery.ENGINE
                                + ", not " + engine + ".");
                    }
                    PartitionKeyQuery.compile(query);
                }
                default -> throw new IllegalArgumentException("Processor type " + type + " is not supported by this"
                        + " version of Riffle yet: RecordDeAggregation, Lambda, MetadataExtraction and"
                        + " AppendDelimiterToRecord are.");
            }
        }
        return new Processing(lambdaArn, retries, batchBytes, isAppendingDelimiter, subRecordType, delimiter, query);
    }

    /** RecordDeAggregation's Delimiter: required for DELIMITED, base64 of at least one byte. */
    private static String checkedDelimiter(String base64) {
        if (base64 == null || base64.isEmpty()) {
            throw new IllegalArgumentException("Delimiter is required when SubRecordType is DELIMITED.");
        }
        try {
            if (Base64.getDecoder().decode(base64).length > 0) {
                return base64;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new IllegalArgumentException("Delimiter must be base64-encoded bytes, not " + base64 + ".");
    }

    /** RecordDeAggregation's Delimiter as bytes (DELIMITED), else empty. */
    public byte[] delimiter() {
        return delimiterBase64 == null ? new byte[0] : Base64.getDecoder().decode(delimiterBase64);
    }

    private static Map<String, String> parameters(Processor p) {
        Map<String, String> out = new HashMap<>();
        if (p.parameters() != null) {
            for (ProcessorParameter parameter : p.parameters()) {
                out.put(parameter.parameterNameAsString(), parameter.parameterValue());
            }
        }
        return out;
    }

    private static int intParameter(Map<String, String> parameters, String name, int byDefault, int min, int max) {
        String value = parameters.get(name);
        if (value == null) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("Processor parameter " + name + " must be an integer from " + min + " to "
                + max + ", not " + value + ".");
    }
}
