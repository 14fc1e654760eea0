package io.riffle.firehose;

import io.riffle.firehose.delivery.DeliveryTracker;
import java.util.List;

/**
 * A delivery stream's delivery as it is now (Riffle's own view; Firehose's API has none): its buffering hints, what
 * it buffers (per dynamic partition where it has them), the object or batch being delivered, and its last
 * deliveries and failed attempts, newest first. Read by the console ({@link FirehoseAdmin#status}).
 *
 * @param destinationType   {@code ExtendedS3} or {@code HttpEndpoint}
 * @param sizeHintBytes     BufferingHints.SizeInMBs in bytes
 * @param intervalHintMs    BufferingHints.IntervalInSeconds in milliseconds
 * @param delivering        the object or batch planned and not yet delivered (being tried), or null
 */
public record DeliveryStatus(String deliveryStreamName, String status, String destinationType,
                             boolean isDynamicPartitioning, long sizeHintBytes, long intervalHintMs,
                             List<DeliveryTracker.BufferFill> buffers, Delivering delivering,
                             List<DeliveryTracker.Delivery> lastDeliveries, long objectsDelivered, long nowMs) {

    /** A planned object or batch: where it goes ({@code bucket/key}; for an HTTP endpoint, its backup key). */
    public record Delivering(String target, String partition, long plannedMs) {
    }
}
