package io.riffle.aws.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection: failures no handler before it took close the connection. What
 * a client causes (going away, garbage TLS or HTTP/2) goes to {@link ClientProblems}: a DEBUG line
 * each and a WARN summary now and then, not a WARN with a stack trace per connection; anything
 * else is logged at WARN.
 */
@ChannelHandler.Sharable
final class ConnectionFailures extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionFailures.class);

    private final ClientProblems problems;

    ConnectionFailures(ClientProblems problems) {
        this.problems = problems;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException && !(cause instanceof SSLException)
                || cause instanceof PrematureChannelClosureException) {
            problems.record(ClientProblems.Cause.DISCONNECTED, ctx.channel().remoteAddress(), cause.toString());
        } else if (cause instanceof DecoderException || cause instanceof Http2Exception
                || cause instanceof SSLException) {
            problems.record(ClientProblems.Cause.PROTOCOL_ERROR, ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing connection {} after an unexpected failure", ctx.channel(), cause);
        }
        ctx.close();
    }
}
