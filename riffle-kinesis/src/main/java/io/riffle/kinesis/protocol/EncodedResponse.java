package io.riffle.kinesis.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A response that writes itself in the request's wire format, instead of a response record the generated
 * writer encodes: GetRecords' records go from storage's views into the answer's buffer with nothing in
 * between. Called once, on the thread that encodes the answer ({@link ApiCall#answering()}).
 */
@FunctionalInterface
public interface EncodedResponse {

    /** The whole body, in a buffer of {@code allocator} that the caller owns (and releases once sent). */
    ByteBuf encode(WireFormat format, ByteBufAllocator allocator);
}
