package io.riffle.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's aggregator, except that a body over the limit is not answered here with Netty's bare
 * 413: an {@link OversizedRequest} goes down the pipeline instead, so {@link ApiHandler} answers it
 * like any request (in order, with a request id and an error body). Netty keeps discarding the rest
 * of that body until the next request starts.
 */
final class ApiAggregator extends HttpObjectAggregator {

    /**
     * A request whose body is over the limit.
     *
     * @param isConnectionToClose true when the connection cannot be reused: the body had started
     *     to arrive without a length announced, or the client did not ask for keep-alive
     */
    record OversizedRequest(HttpVersion version, boolean isKeepAlive, boolean isConnectionToClose,
                            String contentType) {
    }

    ApiAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // The same rule as Netty's own handler. Netty releases `oversized` after this returns.
        boolean isKeepAlive = HttpUtil.isKeepAlive(oversized);
        boolean isConnectionToClose = oversized instanceof FullHttpMessage
                || (!HttpUtil.is100ContinueExpected(oversized) && !isKeepAlive);
        ctx.fireChannelRead(new OversizedRequest(oversized.protocolVersion(), isKeepAlive, isConnectionToClose,
                oversized.headers().get(HttpHeaderNames.CONTENT_TYPE, "")));
    }
}
