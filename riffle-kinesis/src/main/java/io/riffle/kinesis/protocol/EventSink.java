package io.riffle.kinesis.protocol;

import io.netty.buffer.ByteBuf;
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

    /**
     * Frames {@code event} into the message {@link #event} would send, without sending it: the buffer is the
     * caller's. Sinks of equal {@link #framing()} make the same bytes of an event, so one frame may go to many.
     */
    ByteBuf frame(E event);

    /** What makes this sink's frames interchangeable with another's (the wire format and the event type). */
    Object framing();

    /** Sends a frame made by a sink of equal {@link #framing()}; the buffer passes to this sink. */
    void send(ByteBuf frame);

    /** Sends an exception event (one of the event stream's error members) and ends the stream. */
    void fail(KinesisException error);

    /** Ends the stream normally. Idempotent. */
    void end();

    /** Bytes sent and not yet written to the connection. */
    long bufferedBytes();
}
