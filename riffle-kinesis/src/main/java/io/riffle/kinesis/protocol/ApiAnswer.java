package io.riffle.kinesis.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.riffle.aws.MessageStream;

/**
 * What the HTTP layer sends back: status, content type and either a body buffer (which passes to the HTTP
 * layer, which releases it once written) or, for a streamed answer (SubscribeToShard's event stream), a
 * {@link MessageStream} whose messages follow the headers.
 */
public record ApiAnswer(int status, String contentType, ByteBuf buffer, MessageStream stream) {

    public ApiAnswer(int status, String contentType, byte[] body) {
        this(status, contentType, Unpooled.wrappedBuffer(body), null);
    }

    /** A 200 whose body is the messages of {@code stream}, sent as they come. */
    public static ApiAnswer streamed(String contentType, MessageStream stream) {
        return new ApiAnswer(200, contentType, null, stream);
    }

    public boolean isStreamed() {
        return stream != null;
    }

    /** A copy of the whole body's bytes (tests); null for a streamed answer. */
    public byte[] body() {
        return buffer == null ? null : ByteBufUtil.getBytes(buffer);
    }
}
