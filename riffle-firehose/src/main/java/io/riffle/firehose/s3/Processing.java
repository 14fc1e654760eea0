package io.riffle.firehose.s3;

import io.riffle.firehose.model.ProcessingConfiguration;
import io.riffle.firehose.model.Processor;
import io.riffle.firehose.model.ProcessorParameter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A destination's ProcessingConfiguration as delivery runs it, checked at CreateDeliveryStream and UpdateDestination
 * (an {@link IllegalArgumentException} is the InvalidArgumentException's message). Firehose's order is fixed whatever
 * the list's: RecordDeAggregation, Lambda, MetadataExtraction, AppendDelimiterToRecord; built here are Lambda and
 * AppendDelimiterToRecord.
 *
 * @param lambdaArn         the transform's function (name or ARN), or null for none
 * @param numberOfRetries   Lambda's NumberOfRetries (0-300, default 3): invocations after the first that failed
 * @param lambdaBatchBytes  Lambda's BufferSizeInMBs (1-3, default 1): the most record data per invocation
 * @param isAppendingDelimiter AppendDelimiterToRecord: a newline after each record
 */
public record Processing(String lambdaArn, int numberOfRetries, long lambdaBatchBytes, boolean isAppendingDelimiter) {
    public static final Processing NONE = new Processing(null, 0, 0, false);
    private static final int DEFAULT_RETRIES = 3;
    private static final int DEFAULT_BUFFER_MIB = 1;

    public boolean isNone() {
        return lambdaArn == null && !isAppendingDelimiter;
    }

    public static Processing of(ProcessingConfiguration c) {
        if (c == null || !Boolean.TRUE.equals(c.enabled()) || c.processors() == null) {
            return NONE;
        }
        String lambdaArn = null;
        int retries = DEFAULT_RETRIES;
        long batchBytes = DEFAULT_BUFFER_MIB << 20;
        boolean isAppendingDelimiter = false;
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
                default -> throw new IllegalArgumentException("Processor type " + type + " is not supported by this"
                        + " version of Riffle yet: Lambda and AppendDelimiterToRecord are.");
            }
        }
        return new Processing(lambdaArn, retries, batchBytes, isAppendingDelimiter);
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
