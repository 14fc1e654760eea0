package io.riffle.kinesis.protocol;

import io.riffle.aws.MessageSink;

/**
 * Where an {@link EventSource} puts its events; the protocol layer encodes them. Any thread.
 * Writability and buffering are those of the underlying {@link MessageSink}.
 */
public interface EventSink<E> {

    boolean isWritable();

    void whenWritable(Runnable task);

    /** Sends one event of the operation's event type (e.g. SubscribeToShardEvent). */
    void event(E event);

    /** Sends an exception event (one of the event stream's error members) and ends the stream. */
    void fail(KinesisException error);

    /** Ends the stream normally. Idempotent. */
    void end();

    /** Bytes sent and not yet written to the connection. */
    long bufferedBytes();
}
