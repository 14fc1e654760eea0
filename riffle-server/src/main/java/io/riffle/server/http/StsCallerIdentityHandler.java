package io.riffle.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Answers the one STS call Kinesis clients make, {@code GetCallerIdentity}, with Riffle's account.
 * The Kinesis Producer Library (1.x) asks STS for the account at start, builds the stream ARN from
 * it and exits when the call fails; pointing its STS endpoint at Riffle lets it run unchanged, and
 * the ARN it builds names Riffle's account and so its streams.
 *
 * <p>STS speaks the AWS query protocol: {@code POST} with a form body ({@code
 * Action=GetCallerIdentity&Version=2011-06-15}) and no {@code X-Amz-Target}, answered in XML. Any
 * other request passes on to {@link ApiHandler}; another STS action gets STS' {@code InvalidAction}
 * error. The caller is the account's root, as for any credentials (Riffle does not check them).
 *
 * <p>Sits in front of {@link ApiHandler} and answers at once: an HTTP/1.1 client that pipelines an
 * STS call behind a Kinesis call still waiting for its answer would get the two out of order. STS
 * clients (the AWS SDKs, the CLI) do not pipeline. Stateless: one instance serves every connection.
 */
@ChannelHandler.Sharable
final class StsCallerIdentityHandler extends ChannelInboundHandlerAdapter {

    static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
    static final String XML_CONTENT_TYPE = "text/xml";
    static final String GET_CALLER_IDENTITY = "GetCallerIdentity";

    private final String accountId;

    StsCallerIdentityHandler(String accountId) {
        this.accountId = accountId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && isStsQuery(request)) {
            try {
                ctx.writeAndFlush(answer(request));
            } finally {
                request.release();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    static boolean isStsQuery(FullHttpRequest request) {
        return HttpMethod.POST.equals(request.method())
                && !request.headers().contains(ApiHandler.TARGET_HEADER)
                && request.headers().get(HttpHeaderNames.CONTENT_TYPE, "").startsWith(FORM_CONTENT_TYPE);
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        String requestId = RequestIds.next();
        String form = request.content().toString(StandardCharsets.UTF_8);
        Map<String, List<String>> parameters = new QueryStringDecoder(form, StandardCharsets.UTF_8, false).parameters();
        String action = parameters.getOrDefault("Action", List.of("")).get(0);
        boolean isCallerIdentity = GET_CALLER_IDENTITY.equals(action);
        String xml = isCallerIdentity ? callerIdentity(requestId) : invalidAction(action, requestId);
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                isCallerIdentity ? HttpResponseStatus.OK : HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
        response.headers().set(ApiHandler.REQUEST_ID_HEADER, requestId)
                .set(HttpHeaderNames.CONTENT_TYPE, XML_CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
        return response;
    }

    private String callerIdentity(String requestId) {
        return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>arn:aws:iam::" + accountId + ":root</Arn>\n"
                + "    <UserId>" + accountId + "</UserId>\n"
                + "    <Account>" + accountId + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n";
    }

    private static String invalidAction(String action, String requestId) {
        return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                + "  <Error>\n"
                + "    <Type>Sender</Type>\n"
                + "    <Code>InvalidAction</Code>\n"
                + "    <Message>Riffle answers only the STS action " + GET_CALLER_IDENTITY + ", not '"
                + escapeXml(action) + "'</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n"
                + "</ErrorResponse>\n";
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
