package io.riffle.firehose.control;

/**
 * The delivery streams' durable history, appended to the metadata kit's event log {@code _firehose}
 * and replayed at start. Every event but {@link Created} names the incarnation it is about, so a late
 * event (a timer of a stream deleted and created again) changes nothing.
 */
public sealed interface DeliveryStreamEvent {

    String name();

    record Created(DeliveryStream stream) implements DeliveryStreamEvent {
        @Override
        public String name() {
            return stream.name();
        }
    }

    /** CREATING -> ACTIVE (a timed transition). */
    record Activated(String name, long incarnation) implements DeliveryStreamEvent {
    }

    /** DeleteDeliveryStream: the stream turns DELETING; {@link Deleted} follows after the delete delay. */
    record Deleting(String name, long incarnation, long atMs) implements DeliveryStreamEvent {
    }

    record Deleted(String name, long incarnation) implements DeliveryStreamEvent {
    }

    record DestinationUpdated(String name, long incarnation, long versionId, String destination, long atMs)
            implements DeliveryStreamEvent {
    }

    record TagsSet(String name, long incarnation, java.util.List<DeliveryStream.TagEntry> tags)
            implements DeliveryStreamEvent {
    }

    record EncryptionSet(String name, long incarnation, DeliveryStream.Encryption encryption, long atMs)
            implements DeliveryStreamEvent {
    }

    /** An object's record range and key, made durable before its upload starts. */
    record ObjectPlanned(String name, long incarnation, DeliveryStream.PlannedObject object)
            implements DeliveryStreamEvent {
    }

    /**
     * The planned object is in the store: the delivery checkpoint moves to {@code toPosition} (its end, or with
     * dynamic partitioning the first record still buffered), and its {@code partition} (null without dynamic
     * partitioning) is delivered up to {@code partitionTo}.
     */
    record ObjectDelivered(String name, long incarnation, long toPosition, String partition, long partitionTo)
            implements DeliveryStreamEvent {
        public ObjectDelivered(String name, long incarnation, long toPosition) {
            this(name, incarnation, toPosition, null, 0);
        }
    }

    /**
     * The records before {@code toPosition} passed the record log's retention undelivered and are gone: the delivery
     * checkpoint moves there (no object is counted), and an object planned over them is dropped (what is left of it
     * is planned again).
     */
    record RecordsExpired(String name, long incarnation, long toPosition) implements DeliveryStreamEvent {
    }

    /**
     * A Kinesis-sourced stream's read positions ({@code <stream incarnation>/<shard id>} to the position after the
     * last record copied) as of its record log's end {@code logEnd}: on restart the source resumes from these and
     * from the positions the records after {@code logEnd} carry, so nothing is copied twice or skipped.
     */
    record SourceCheckpointed(String name, long incarnation, long logEnd, java.util.Map<String, Long> positions)
            implements DeliveryStreamEvent {
        public SourceCheckpointed {
            positions = java.util.Map.copyOf(positions);
        }
    }
}
