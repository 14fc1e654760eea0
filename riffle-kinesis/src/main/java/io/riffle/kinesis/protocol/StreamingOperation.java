package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * An operation whose answer is an event stream (SubscribeToShard). The request arrives decoded
 * and validated as for {@link Operation}. A failed future (a {@link KinesisException}) is answered
 * as an ordinary error response; a {@link EventSource} is answered with a 200 whose body is an
 * {@code initial-response} event followed by the source's events. Must not block.
 */
@FunctionalInterface
public interface StreamingOperation {
    CompletableFuture<EventSource> open(ObjectNode request);
}
