package io.riffle.firehose.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One delivery stream as the control plane knows it: an immutable value, replaced as a whole by each
 * event, so any thread may read the one it got.
 *
 * @param incarnation  unique per creation (a stream created again under its name gets a new one): names
 *                     the storage log of its buffered records, {@code DeliveryStreams.recordLogId}
 * @param versionId    Firehose's VersionId: 1 at creation, one more per UpdateDestination
 * @param destination  the ExtendedS3DestinationConfiguration as sent (wire JSON of the generated codec)
 * @param source       the KinesisStreamSourceConfiguration's wire JSON, or null for DirectPut
 * @param deliveredTo  the delivery checkpoint: every record before this position is in an object
 * @param planned      the object being delivered (its record range and key are durable before upload), or null
 * @param partitionsDeliveredTo with dynamic partitioning, the partitions delivered past the checkpoint: partition id
 *                     to the position before which its records are all in objects (so a restart skips them)
 */
public record DeliveryStream(String name, String arn, String type, Status status, long incarnation,
                             long createdMs, long lastUpdateMs, long versionId, String destination,
                             String source, List<TagEntry> tags, Encryption encryption, long deliveredTo,
                             PlannedObject planned, long objectsDelivered, Map<String, Long> partitionsDeliveredTo) {

    public enum Status { CREATING, ACTIVE, DELETING }

    public DeliveryStream {
        tags = List.copyOf(tags);
        partitionsDeliveredTo = partitionsDeliveredTo == null ? Map.of() : Map.copyOf(partitionsDeliveredTo);
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    public DeliveryStream withStatus(Status s, long atMs) {
        return new DeliveryStream(name, arn, type, s, incarnation, createdMs, atMs, versionId, destination, source,
                tags, encryption, deliveredTo, planned, objectsDelivered, partitionsDeliveredTo);
    }

    public DeliveryStream withDestination(long version, String json, long atMs) {
        return new DeliveryStream(name, arn, type, status, incarnation, createdMs, atMs, version, json, source,
                tags, encryption, deliveredTo, planned, objectsDelivered, partitionsDeliveredTo);
    }

    public DeliveryStream withTags(List<TagEntry> t) {
        return new DeliveryStream(name, arn, type, status, incarnation, createdMs, lastUpdateMs, versionId,
                destination, source, t, encryption, deliveredTo, planned, objectsDelivered, partitionsDeliveredTo);
    }

    public DeliveryStream withEncryption(Encryption e, long atMs) {
        return new DeliveryStream(name, arn, type, status, incarnation, createdMs, atMs, versionId, destination,
                source, tags, e, deliveredTo, planned, objectsDelivered, partitionsDeliveredTo);
    }

    public DeliveryStream withPlanned(PlannedObject p) {
        return new DeliveryStream(name, arn, type, status, incarnation, createdMs, lastUpdateMs, versionId,
                destination, source, tags, encryption, deliveredTo, p, objectsDelivered, partitionsDeliveredTo);
    }

    /**
     * The planned object is delivered: the checkpoint moves to {@code toPosition}; with dynamic partitioning the
     * object's partition is delivered to {@code partitionTo} (its records before are in objects), remembered while
     * that is past the checkpoint.
     */
    public DeliveryStream withDelivered(long toPosition, String partition, long partitionTo) {
        return movedTo(toPosition, partition, partitionTo, objectsDelivered + 1);
    }

    /** The records before {@code toPosition} expired undelivered: the checkpoint moves, the planned object goes. */
    public DeliveryStream withExpired(long toPosition) {
        return movedTo(toPosition, null, 0, objectsDelivered);
    }

    private DeliveryStream movedTo(long toPosition, String partition, long partitionTo, long objects) {
        long checkpoint = Math.max(deliveredTo, toPosition);
        Map<String, Long> marks = new HashMap<>();
        partitionsDeliveredTo.forEach((p, to) -> {
            if (to > checkpoint) {
                marks.put(p, to);
            }
        });
        if (partition != null && partitionTo > checkpoint) {
            marks.merge(partition, partitionTo, Math::max);
        }
        return new DeliveryStream(name, arn, type, status, incarnation, createdMs, lastUpdateMs, versionId,
                destination, source, tags, encryption, checkpoint, null, objects, marks);
    }

    /** A tag, in the order the caller gave them. */
    public record TagEntry(String key, String value) {
    }

    /** Server-side encryption as StartDeliveryStreamEncryption set it (stored and reported; data not yet encrypted). */
    public record Encryption(String status, String keyType, String keyArn) {
        public static final Encryption DISABLED = new Encryption("DISABLED", null, null);
    }

    /**
     * An object about to be written: records [fromPosition, toPosition) of the stream's log under
     * {@code key} in {@code bucket} (with dynamic partitioning, only those of {@code partition} in that range), for
     * a destination of {@code destinationType} ({@link #S3} or {@link #HTTP_ENDPOINT}; UpdateDestination may change it).
     * Recorded before the upload, so a retry (after a failure or a crash) writes the same key with the same bytes.
     */
    public record PlannedObject(long fromPosition, long toPosition, String bucket, String key, String compression,
                                long plannedMs, String partition, String destinationType) {
        public static final String S3 = "ExtendedS3";
        public static final String HTTP_ENDPOINT = "HttpEndpoint";

        /** Whether it was planned for a destination of this type (a plan from before types were kept: yes). */
        public boolean isFor(String type) {
            return destinationType == null || destinationType.equals(type);
        }
    }
}
