package io.riffle.firehose.delivery;

import io.riffle.firehose.processing.RecordProcessor;
import io.riffle.firehose.s3.ObjectKeys;
import io.riffle.firehose.s3.S3Destination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic partitioning of one planned object: its processed records grouped by the Prefix their partition keys
 * evaluate to, one object each, {@code <evaluated prefix><planned file name>}. Everything comes from the planned
 * range (the keys from the records, the times from the oldest record), so a retry writes the same objects. A record
 * missing a key the Prefix uses, or of a partition past the first {@link #MAX_ACTIVE_PARTITIONS} of the object,
 * fails ({@code partitioning-failed}).
 */
final class PartitionedObjects {
    /** Firehose's default limit of active partitions per delivery stream. */
    static final int MAX_ACTIVE_PARTITIONS = 500;

    /** One object: its key and records. */
    record Part(String key, List<byte[]> records) {
    }

    /** The objects of the planned one, and the records that could not be placed in a partition. */
    record Split(List<Part> objects, List<RecordProcessor.Failed> failed) {
    }

    private PartitionedObjects() {
    }

    static Split split(S3Destination destination, String fileName, Instant oldestArrival, long seed,
                       RecordProcessor.Output processed, long nowMs) {
        Map<String, List<byte[]>> byPrefix = new LinkedHashMap<>();
        List<RecordProcessor.Failed> failed = new ArrayList<>();
        for (int i = 0; i < processed.delivered().size(); i++) {
            byte[] record = processed.delivered().get(i);
            String prefix;
            try {
                prefix = ObjectKeys.prefix(destination.prefix(), "Prefix", false, oldestArrival, destination.zone(),
                        null, seed, processed.keys().get(i));
            } catch (IllegalArgumentException e) {
                failed.add(failure(record, oldestArrival, "DynamicPartitioning.MetadataExtractionFailed",
                        "The Prefix could not be evaluated for the record: " + e.getMessage() + ".", nowMs));
                continue;
            }
            List<byte[]> partition = byPrefix.get(prefix);
            if (partition == null && byPrefix.size() >= MAX_ACTIVE_PARTITIONS) {
                failed.add(failure(record, oldestArrival, "DynamicPartitioning.ActivePartitionsLimitExceeded",
                        "The number of active partitions exceeded the limit of " + MAX_ACTIVE_PARTITIONS + ".", nowMs));
                continue;
            }
            byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>()).add(record);
        }
        List<Part> objects = new ArrayList<>(byPrefix.size());
        byPrefix.forEach((prefix, records) -> objects.add(new Part(prefix + fileName, records)));
        return new Split(objects, failed);
    }

    private static RecordProcessor.Failed failure(byte[] record, Instant arrival, String code, String message,
                                                  long nowMs) {
        return new RecordProcessor.Failed(new RecordProcessor.Input("", arrival.toEpochMilli(), record), 1, code,
                message, nowMs);
    }
}
