package io.riffle.kinesis.data.subscribe;

import java.util.Optional;

/** Finds the registered consumer a SubscribeToShard call names. */
@FunctionalInterface
public interface ConsumerLookup {

    /** A registered consumer: the stream incarnation it belongs to and whether it is ACTIVE. */
    record Consumer(String arn, String name, long streamIncarnation, boolean isActive) {
    }

    Optional<Consumer> find(String consumerArn);
}
