package io.riffle.aws.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.CorsPolicy;
import java.util.ArrayDeque;

/**
 * Lets the pages of the origins a {@link CorsPolicy} allows call Riffle from a browser. Sits in
 * front of [Sts] and {@link ApiHandler}, present only when the policy allows some origin:
 * <ul>
 *   <li>a preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       is answered here, at once: 200 with the {@code Access-Control-Allow-*} headers for an
 *       allowed origin, 403 without them for another (browsers send preflights on connections
 *       of their own choosing and never pipeline them behind a request still waiting);</li>
 *   <li>any other request passes on; its answer, when it goes out through here, gets
 *       {@code Access-Control-Allow-Origin} (and the exposed headers) if its {@code Origin} is allowed.</li>
 * </ul>
 * Answers leave in request order (HTTP/1.1 pipelining; an HTTP/2 stream has one request), so the
 * origins of the requests passed on wait in a queue for their answers' headers.
 *
 * <p>Thread ownership: one instance per channel, touched only on its event loop.
 */
final class CorsHandler extends ChannelDuplexHandler {

    private final CorsPolicy policy;
    /** The {@code Origin} of each request passed on and not yet answered, oldest first ("" for none). */
    private final ArrayDeque<String> origins = new ArrayDeque<>();

    CorsHandler(CorsPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        // only an OPTIONS can be a preflight: other requests pay no URI decoding here
        AwsRequest aws = HttpMethod.OPTIONS.equals(request.method()) ? AwsRequest.of(request) : null;
        if (aws != null && CorsPolicy.isPreflight(aws)) {
            try {
                ctx.writeAndFlush(response(request, policy.preflight(aws)));
            } finally {
                request.release();
            }
            return;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        origins.addLast(origin == null ? "" : origin);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // the headers of an answer (whole or streamed); not an interim 1xx
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            String origin = origins.pollFirst();
            if (origin != null && !origin.isEmpty()) {
                policy.decorate(origin, response.headers());
            }
        }
        ctx.write(msg, promise);
    }

    private static FullHttpResponse response(FullHttpRequest request, AwsAnswer answer) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.valueOf(answer.status()), Unpooled.EMPTY_BUFFER);
        response.headers().add(answer.headers())
                .set(ApiHandler.REQUEST_ID_HEADER, RequestIds.next())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
        return response;
    }
}
