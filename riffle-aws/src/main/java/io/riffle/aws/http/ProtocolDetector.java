package io.riffle.aws.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first handler of every connection. A TLS client starts with a handshake record, whose first
 * byte is 22 (0x16), which no HTTP request starts with; a client speaking HTTP/2 with prior
 * knowledge (h2c) starts with the 24-byte connection preface
 * {@code "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"}; anything else is HTTP/1.x. So TLS, h2c and HTTP/1.1 share
 * one port. Waits for enough bytes to tell, installs the matching pipeline behind itself (see
 * {@link ConnectionSetup}) and leaves; {@link ByteToMessageDecoder} then hands the bytes it holds,
 * unconsumed, to the new handlers. Netty's CleartextHttp2ServerUpgradeHandler does the same for
 * h2c but leaves the HTTP/1 tail of the pipeline in place under HTTP/2, and its OptionalSslHandler
 * tells TLS from plaintext but not h2c from HTTP/1.
 *
 * <p>Also used behind TLS when the client named no protocol by ALPN: the AWS SDK's Netty client
 * (ProtocolNegotiation.ASSUME_PROTOCOL, its default) starts HTTP/2 over TLS with the preface alone.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    /** The content type of a TLS handshake record, the first byte a TLS client sends (RFC 8446, 5.1). */
    static final int TLS_HANDSHAKE_RECORD = 22;
    private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionSetup setup;
    private final boolean isOverTls;

    /**
     * @param isOverTls true behind a TLS handshake in which the client named no protocol by ALPN:
     *     then the bytes are decrypted HTTP, so TLS is not looked for, and HTTP/1 gets no h2c upgrade
     */
    ProtocolDetector(ConnectionSetup setup, boolean isOverTls) {
        this.setup = setup;
        this.isOverTls = isOverTls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!isOverTls && in.isReadable() && in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
            if (setup.isTlsServed()) {
                setup.configureTls(ctx.pipeline(), ctx.name());
                ctx.pipeline().remove(this);
            } else {
                setup.onTlsWhileOff(ctx.channel());
                in.skipBytes(in.readableBytes());
                ctx.close();
            }
            return;
        }
        int known = Math.min(in.readableBytes(), HTTP2_PREFACE.length);
        for (int i = 0; i < known; i++) {
            if (in.getByte(in.readerIndex() + i) != HTTP2_PREFACE[i]) {
                setup.configureHttp1(ctx.pipeline(), ctx.name(), isOverTls);
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
