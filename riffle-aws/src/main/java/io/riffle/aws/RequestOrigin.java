package io.riffle.aws;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/**
 * Where a request came from, for policies' {@code aws:SourceIp} and {@code aws:SecureTransport}:
 * the client's address (null when unknown) and whether it came over TLS.
 */
public record RequestOrigin(String sourceIp, boolean isSecureTransport) {

    public static final RequestOrigin UNKNOWN = new RequestOrigin(null, false);

    /** The origin of a request read from {@code channel} (an HTTP/2 stream's parent is the connection). */
    public static RequestOrigin of(Channel channel) {
        String sourceIp = channel.remoteAddress() instanceof InetSocketAddress address ? address.getAddress()
                .getHostAddress() : channel.parent() != null && channel.parent().remoteAddress()
                instanceof InetSocketAddress parent ? parent.getAddress().getHostAddress() : null;
        return new RequestOrigin(sourceIp, tlsOf(channel) != null);
    }

    /** The TLS handler of {@code channel}'s connection, or null when it is plaintext. */
    public static SslHandler tlsOf(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null && channel.parent() != null) {
            ssl = channel.parent().pipeline().get(SslHandler.class);
        }
        return ssl;
    }
}
