package io.riffle.kinesis.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A response (or an event) that writes itself in the request's wire format, instead of a record the generated
 * writer encodes: GetRecords' and SubscribeToShard's records go from storage's views into the answer's buffer with
 * nothing in between. Encoded once, on the thread that answers ({@link ApiCall#answering()}) or sends the event.
 */
@FunctionalInterface
public interface EncodedResponse {

    /** The body in {@code format}: its size is bounded before a byte is written, so it fits one buffer. */
    Body body(WireFormat format);

    /**
     * Called once after its body was written (or failed to be), by whoever asked for it: the storage buffers the
     * body's views point into can be reused from here on.
     */
    default void written() {
    }

    /** The whole body, in a buffer of {@code allocator} that the caller owns (and releases once sent). */
    default ByteBuf encode(WireFormat format, ByteBufAllocator allocator) {
        try {
            Body body = body(format);
            ByteBuf buf = allocator.buffer(body.maxSizeBytes(), body.maxSizeBytes());
            try {
                body.writeTo(buf);
                return buf;
            } catch (RuntimeException e) {
                buf.release();
                throw e;
            }
        } finally {
            written();
        }
    }

    /** A body bounded first, then written. */
    interface Body {
        /** At least the bytes {@link #writeTo} writes: what the buffer is sized for. */
        int maxSizeBytes();

        /** Writes the body at {@code buf}'s writer index, no more than {@link #maxSizeBytes()} bytes. */
        void writeTo(ByteBuf buf);
    }
}
