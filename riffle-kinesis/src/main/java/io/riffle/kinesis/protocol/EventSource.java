package io.riffle.kinesis.protocol;

/**
 * The events of a streamed operation's answer (SubscribeToShard), before encoding: the protocol
 * layer turns each into an event-stream message in the request's wire format.
 */
public interface EventSource<E> {

    /** Begins producing into {@code sink}; called once and must not block. */
    void start(EventSink<E> sink);

    /** Stop producing: the client went away or the server is closing. Any thread; idempotent. */
    void cancel();
}
