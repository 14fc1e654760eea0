package io.riffle.aws.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;

/**
 * Behind the {@code SslHandler} of a TLS connection: once the handshake is done, installs the
 * pipeline of the protocol the client chose by ALPN, {@code h2} or {@code http/1.1}, and leaves.
 * A client that named no protocol gets a {@link ProtocolDetector}: the AWS SDK's Netty client
 * (with its default ProtocolNegotiation.ASSUME_PROTOCOL) sends no ALPN and starts HTTP/2 with the
 * bare preface, as AWS' endpoints accept. Netty holds back what arrives before the new handlers
 * are in place and hands it to them.
 */
final class AlpnPipelineSelector extends ApplicationProtocolNegotiationHandler {


    private final ConnectionSetup setup;

    AlpnPipelineSelector(ConnectionSetup setup) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.setup = setup;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ctx.pipeline().get(SslHandler.class).applicationProtocol() == null) {
            setup.configureDetectionOverTls(ctx.pipeline(), ctx.name());
            return;
        }
        switch (protocol) {
            case ApplicationProtocolNames.HTTP_2 -> setup.configureHttp2(ctx.pipeline(), ctx.name());
            case ApplicationProtocolNames.HTTP_1_1 -> setup.configureHttp1(ctx.pipeline(), ctx.name(), true);
            // The server offers only these two; with NO_ADVERTISE the handshake fails on anything else.
            default -> throw new IllegalStateException("ALPN chose a protocol the server does not offer: " + protocol);
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        // Most often a client that does not trust the certificate (alert certificate_unknown).
        setup.problems().record(ClientProblems.Cause.PROTOCOL_ERROR, ctx.channel().remoteAddress(),
                "TLS handshake failed: " + cause);
        ctx.close();
    }
}
