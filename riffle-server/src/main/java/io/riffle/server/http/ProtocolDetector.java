package io.riffle.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first handler of every connection: a client speaking HTTP/2 with prior knowledge (h2c)
 * starts with the 24-byte connection preface {@code "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"}; anything
 * else is HTTP/1.x. Waits for enough bytes to tell, installs the matching pipeline behind itself
 * (see {@link ConnectionSetup}) and leaves; {@link ByteToMessageDecoder} then hands the bytes it
 * holds, unconsumed, to the new handlers. Netty's CleartextHttp2ServerUpgradeHandler does the same
 * but leaves the HTTP/1 tail of the pipeline in place under HTTP/2.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionSetup setup;

    ProtocolDetector(ConnectionSetup setup) {
        this.setup = setup;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int known = Math.min(in.readableBytes(), HTTP2_PREFACE.length);
        for (int i = 0; i < known; i++) {
            if (in.getByte(in.readerIndex() + i) != HTTP2_PREFACE[i]) {
                setup.configureHttp1(ctx.pipeline(), ctx.name());
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (known == HTTP2_PREFACE.length) {
            setup.configureHttp2(ctx.pipeline(), ctx.name());
            ctx.pipeline().remove(this);
        }
    }
}
