package io.riffle.firehose.s3;

import java.util.List;

/**
 * The rules of DynamicPartitioningConfiguration that CreateDeliveryStream and UpdateDestination check (an
 * {@link IllegalArgumentException} is the InvalidArgumentException's message): the partition key namespaces only with
 * dynamic partitioning enabled (Firehose's own text), an ErrorOutputPrefix with it, and each key's source configured:
 * {@code partitionKeyFromQuery} needs the MetadataExtraction processor, {@code partitionKeyFromLambda} the Lambda one.
 * RecordDeAggregation and MetadataExtraction only make sense with it, so they need it too.
 */
final class DynamicPartitioning {
    private DynamicPartitioning() {
    }

    static void check(boolean isEnabled, String prefix, String errorPrefix, Processing processing) {
        List<String> keys = ObjectKeys.partitionKeys(prefix);
        if (!isEnabled) {
            if (!keys.isEmpty()) {
                throw new IllegalArgumentException("Dynamic Partitioning Namespaces can only be part of a prefix"
                        + " expression when Dynamic Partitioning is enabled.");
            }
            if (processing.subRecordType() != null || processing.metadataQuery() != null) {
                throw new IllegalArgumentException("The " + (processing.subRecordType() != null
                        ? "RecordDeAggregation" : "MetadataExtraction") + " processor can only be used when Dynamic"
                        + " Partitioning is enabled.");
            }
            return;
        }
        if (errorPrefix.isEmpty()) {
            throw new IllegalArgumentException("ErrorOutputPrefix cannot be null or empty when Dynamic Partitioning"
                    + " is enabled.");
        }
        for (String key : keys) {
            if (key.startsWith(ObjectKeys.QUERY_KEY + ":") && processing.metadataQuery() == null) {
                throw new IllegalArgumentException("Prefix uses !{" + key + "} but no MetadataExtraction processor"
                        + " is configured.");
            }
            if (key.startsWith(ObjectKeys.LAMBDA_KEY + ":") && processing.lambdaArn() == null) {
                throw new IllegalArgumentException("Prefix uses !{" + key + "} but no Lambda processor is"
                        + " configured.");
            }
        }
    }
}
