package io.riffle.aws.http;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The h2c upgrade ({@code Upgrade: h2c}) for requests whose body is declared and small. Netty's upgrade handler
 * holds the whole upgrade request in memory before it switches protocols, outside the request memory budget that
 * {@link RequestCollector} keeps; so a request with a large or chunked body is served as the HTTP/1.1 request it
 * also is (RFC 9110 lets a server ignore {@code Upgrade}), its body counted in the budget, and the connection stays
 * HTTP/1.1. The JDK's HTTP/2 client sends its first request on a connection this way; the AWS SDKs do not upgrade.
 */
final class SmallBodyUpgradeHandler extends HttpServerUpgradeHandler {

    /** The largest body an upgrade request may carry: it is buffered outside the budget, once per connection. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    SmallBodyUpgradeHandler(SourceCodec source, UpgradeCodecFactory upgrades) {
        super(source, upgrades, MAX_BODY_BYTES);
    }

    @Override
    protected boolean shouldHandleUpgradeRequest(HttpRequest request) {
        return super.shouldHandleUpgradeRequest(request) && !HttpUtil.isTransferEncodingChunked(request)
                && HttpUtil.getContentLength(request, 0L) <= MAX_BODY_BYTES;
    }
}
