package io.riffle.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection: failures no handler before it took (a client resetting a TLS
 * handshake or an HTTP/2 connection) close the connection; a client's going away is logged at
 * DEBUG, not as a WARN with a stack trace per connection, anything else at WARN.
 */
@ChannelHandler.Sharable
final class ConnectionFailures extends ChannelInboundHandlerAdapter {
    static final ConnectionFailures INSTANCE = new ConnectionFailures();
    private static final Logger log = LoggerFactory.getLogger(ConnectionFailures.class);

    private ConnectionFailures() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            log.debug("Connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("Closing connection {} after an unexpected failure", ctx.channel(), cause);
        }
        ctx.close();
    }
}
