package io.riffle.firehose.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per delivery-stream change once it is durable and applied (not at replay), with the delivery stream
 * as the {@code deliveryStream} key-value (a field with {@code log-format=json}). Objects planned and delivered and
 * source checkpoints are not logged here: they follow the data (the delivery code logs what fails).
 */
final class DeliveryStreamChangeLog {
    private static final Logger log = LoggerFactory.getLogger("io.riffle.firehose");

    private DeliveryStreamChangeLog() {
    }

    static void applied(DeliveryStreamEvent event) {
        switch (event) {
            case DeliveryStreamEvent.Created e -> log.atInfo().addKeyValue("deliveryStream", e.stream().name())
                    .log("delivery stream {} created ({})", e.stream().name(), e.stream().type());
            case DeliveryStreamEvent.Activated e -> log.atInfo().addKeyValue("deliveryStream", e.name())
                    .log("delivery stream {} is ACTIVE", e.name());
            case DeliveryStreamEvent.Deleting e -> log.atInfo().addKeyValue("deliveryStream", e.name())
                    .log("delivery stream {} is DELETING", e.name());
            case DeliveryStreamEvent.Deleted e -> log.atInfo().addKeyValue("deliveryStream", e.name())
                    .log("delivery stream {} deleted", e.name());
            case DeliveryStreamEvent.DestinationUpdated e -> log.atInfo().addKeyValue("deliveryStream", e.name())
                    .log("delivery stream {}: destination updated (version {})", e.name(), e.versionId());
            case DeliveryStreamEvent.EncryptionSet e -> log.atInfo().addKeyValue("deliveryStream", e.name())
                    .log("delivery stream {}: encryption {}", e.name(), e.encryption().status());
            case DeliveryStreamEvent.TagsSet e -> log.atDebug().addKeyValue("deliveryStream", e.name())
                    .log("delivery stream {}: {} tags", e.name(), e.tags().size());
            default -> {
                // objects and source checkpoints follow the data: not logged here
            }
        }
    }
}
