package io.riffle.aws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Where a {@link MessageStream} puts its messages. Every method may be called from any thread.
 * The sink holds back a producer that outruns its client: it counts the bytes it was given and
 * that are not yet written to the connection, and is {@link #isWritable() writable} only while
 * they are below its limit, so a slow client costs the server a bounded amount of memory.
 */
public interface MessageSink {

    /** Whether the sink takes another message now without buffering beyond its limit. */
    boolean isWritable();

    /** Runs {@code task} once, on some thread, as soon as the sink is writable (at once if it is now). */
    void whenWritable(Runnable task);

    /** Sends one message. Sending while not writable is allowed but grows the buffer. */
    default void send(byte[] message) {
        send(Unpooled.wrappedBuffer(message));
    }

    /** Sends one whole message, whose buffer passes to the sink (which releases it once written, or dropped). */
    void send(ByteBuf message);

    /** Ends the response after the messages sent so far. Idempotent; later sends are ignored. */
    void end();

    /** Bytes given to the sink and not yet written to the connection. */
    long bufferedBytes();
}
