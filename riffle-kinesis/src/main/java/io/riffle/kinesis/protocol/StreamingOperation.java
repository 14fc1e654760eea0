package io.riffle.kinesis.protocol;

import java.util.concurrent.CompletableFuture;

/**
 * An operation whose answer is an event stream (SubscribeToShard) of events of type {@code E}. The request
 * arrives decoded and validated as for {@link Operation}. A failed future (a {@link KinesisException}) is
 * answered as an ordinary error response; an {@link EventSource} is answered with a 200 whose body is an
 * {@code initial-response} event followed by the source's events. Must not block.
 */
@FunctionalInterface
public interface StreamingOperation<I, E> {
    CompletableFuture<EventSource<E>> open(I request);
}
