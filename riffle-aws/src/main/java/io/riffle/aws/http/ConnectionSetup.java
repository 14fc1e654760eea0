package io.riffle.aws.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.riffle.aws.CorsPolicy;
import io.riffle.aws.ServiceRouter;
import io.riffle.aws.audit.AuditRecorder;
import io.riffle.aws.auth.Authenticator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pipeline of each accepted connection. Every connection starts with a
 * {@link ProtocolDetector}, which looks at the first bytes and installs one of:
 *
 * <pre>
 * HTTP/1.x (connection pipeline)
 *   HttpServerCodec -> HttpServerUpgradeHandler -> HttpServerKeepAliveHandler -> RequestCollector -> [Cors] -> ApiHandler
 *                      (answers "Upgrade: h2c" by switching to the HTTP/2 pipeline below,
 *                       the upgrade request becoming stream 1)
 *
 * HTTP/2, h2c with prior knowledge (connection pipeline)
 *   Http2FrameCodec -> Http2MultiplexHandler -> ConnectionFrameSink
 *                        \-> one child channel per stream:
 *                            Http2StreamFrameToHttpObjectCodec -> RequestCollector -> [Cors] -> ApiHandler
 *
 * TLS (only when the server has a certificate; the first byte is a TLS handshake record, 0x16)
 *   SslHandler -> AlpnPipelineSelector
 *                 (after the handshake: ALPN "h2" installs the HTTP/2 handlers above behind the
 *                  SslHandler, "http/1.1" the HTTP/1.x ones without the h2c upgrade; no ALPN a
 *                  ProtocolDetector that tells the HTTP/2 preface from HTTP/1.x in the decrypted bytes)
 * </pre>
 *
 * So every protocol ends in an {@link ApiHandler} fed with whole requests of at most
 * {@code maxBodyBytes}; [Cors] is the {@link CorsHandler}, present when the server's
 * {@link CorsPolicy} allows some origin. Shared by all connections (it holds no per-connection state).
 */
final class ConnectionSetup extends ChannelInitializer<Channel> {

    static final String HTTP1_CODEC = "http1-codec";
    static final String HTTP1_UPGRADE = "http1-upgrade";
    static final String HTTP1_KEEP_ALIVE = "http1-keep-alive";
    static final String HTTP1_COLLECTOR = "http1-collector";
    static final String HTTP1_CORS = "http1-cors";
    static final String HTTP1_API = "http1-api";
    static final String TLS = "tls";
    static final String TLS_ALPN = "tls-alpn";
    static final String TLS_DETECTOR = "tls-detector";
    static final String HTTP2_FRAME_CODEC = "h2-frame-codec";
    static final String HTTP2_MULTIPLEX = "h2-multiplex";
    static final String HTTP2_CONNECTION_FRAMES = "h2-connection-frames";

    /** Per-stream receive window: a multi-MiB PutRecords should not wait on 64 KiB window updates. */
    private static final int HTTP2_INITIAL_WINDOW_BYTES = 1 << 20;

    private static final ChannelHandler CONNECTION_FRAME_SINK = new ConnectionFrameSink();
    private static final Logger log = LoggerFactory.getLogger(ConnectionSetup.class);

    private final ServiceRouter router;
    private final Authenticator authenticator;
    private final AuditRecorder audit; // null: none
    private final InFlightRequests inFlight;
    private final ChannelGroup connections;
    private final ServingLimits limits;
    private final SslContext tls; // null: plaintext only
    private final CorsPolicy cors; // allowing no origin: no CorsHandler
    private final ConnectionFailures failures;
    private final AtomicBoolean hasLoggedTlsWhileOff = new AtomicBoolean();
    private final ChannelInitializer<Http2StreamChannel> streamSetup = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Http2StreamChannel stream) {
            ChannelPipeline pipeline = stream.pipeline();
            ReadDeadline.installOnStream(stream, limits.deadlines());
            pipeline.addLast(new Http2StreamFrameToHttpObjectCodec(true), newCollector());
            if (cors.isEnabled()) {
                pipeline.addLast(new CorsHandler(cors));
            }
            pipeline.addLast(newApiHandler());
        }
    };

    /**
     * @param tls serves TLS beside plaintext when not null
     * @param cors which web pages' origins may call from a browser
     * @param limits the bounds put on clients
     */
    ConnectionSetup(ServiceRouter router, Authenticator authenticator, AuditRecorder audit, InFlightRequests inFlight,
                    ChannelGroup connections, SslContext tls, CorsPolicy cors, ServingLimits limits) {
        this.router = router;
        this.authenticator = authenticator;
        this.audit = audit;
        this.inFlight = inFlight;
        this.connections = connections;
        this.tls = tls;
        this.cors = cors;
        this.limits = limits;
        this.failures = new ConnectionFailures(limits.problems());
    }

    @Override
    protected void initChannel(Channel connection) {
        connection.config().setOption(ChannelOption.TCP_NODELAY, true);
        connections.add(connection);
        IdleConnectionCloser.install(connection, limits.idleTimeoutMs());
        ReadDeadline.installOnConnection(connection, limits.deadlines());
        connection.pipeline().addLast(new ProtocolDetector(this, false)).addLast(failures);
    }

    ClientProblems problems() {
        return limits.problems();
    }

    boolean isTlsServed() {
        return tls != null;
    }

    /** Installs TLS after the handler named {@code after}; the ALPN outcome installs the rest. */
    void configureTls(ChannelPipeline pipeline, String after) {
        pipeline.addAfter(after, TLS, tls.newHandler(pipeline.channel().alloc()))
                .addAfter(TLS, TLS_ALPN, new AlpnPipelineSelector(this));
    }

    /** Behind TLS without ALPN: the first decrypted bytes tell HTTP/2 (prior knowledge) from HTTP/1.x. */
    void configureDetectionOverTls(ChannelPipeline pipeline, String after) {
        pipeline.addAfter(after, TLS_DETECTOR, new ProtocolDetector(this, true));
    }

    /** A client opened TLS while TLS is off: say so once in the log (the client sees the connection close). */
    void onTlsWhileOff(Channel connection) {
        if (hasLoggedTlsWhileOff.compareAndSet(false, true)) {
            log.info("A client ({}) started a TLS handshake, but TLS is off: start the server with --tls "
                    + "(or tls=true) to serve HTTPS, or point the client at http://", connection.remoteAddress());
        }
    }

    /**
     * Installs the HTTP/1.x handlers after the handler named {@code after}; over TLS without the
     * h2c upgrade, which is for cleartext connections only (RFC 9113, 3.1).
     */
    void configureHttp1(ChannelPipeline pipeline, String after, boolean isOverTls) {
        HttpServerCodec codec = new HttpServerCodec();
        pipeline.addAfter(after, HTTP1_CODEC, codec);
        String last = HTTP1_CODEC;
        if (!isOverTls) {
            HttpServerUpgradeHandler upgrade = new SmallBodyUpgradeHandler(codec, protocol ->
                    AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                            ? new Http2ServerUpgradeCodec(newFrameCodec(), new Http2MultiplexHandler(streamSetup),
                                    CONNECTION_FRAME_SINK)
                            : null);
            pipeline.addAfter(last, HTTP1_UPGRADE, upgrade);
            last = HTTP1_UPGRADE;
        }
        pipeline.addAfter(last, HTTP1_KEEP_ALIVE, new HttpServerKeepAliveHandler())
                .addAfter(HTTP1_KEEP_ALIVE, HTTP1_COLLECTOR, newCollector());
        last = HTTP1_COLLECTOR;
        if (cors.isEnabled()) {
            pipeline.addAfter(last, HTTP1_CORS, new CorsHandler(cors));
            last = HTTP1_CORS;
        }
        pipeline.addAfter(last, HTTP1_API, newApiHandler());
    }

    private RequestCollector newCollector() {
        return new RequestCollector(limits.maxBodyBytes(), limits.budget(), limits.problems());
    }

    private ApiHandler newApiHandler() {
        return new ApiHandler(router, authenticator, audit, inFlight, limits.maxBodyBytes(), limits.parsing());
    }

    /** Installs the HTTP/2 handlers after the handler named {@code after}. */
    void configureHttp2(ChannelPipeline pipeline, String after) {
        ReadDeadline.of(pipeline.channel()).http2Chosen();
        // In this order: the multiplexer looks for the frame codec when it is added.
        pipeline.addAfter(after, HTTP2_FRAME_CODEC, newFrameCodec())
                .addAfter(HTTP2_FRAME_CODEC, HTTP2_MULTIPLEX, new Http2MultiplexHandler(streamSetup))
                .addAfter(HTTP2_MULTIPLEX, HTTP2_CONNECTION_FRAMES, CONNECTION_FRAME_SINK);
    }

    /** After an h2c upgrade: the HTTP/1 tail of the connection pipeline serves nothing any more. */
    static void removeHttp1Handlers(ChannelPipeline pipeline) {
        for (String name : new String[] {HTTP1_KEEP_ALIVE, HTTP1_COLLECTOR, HTTP1_CORS, HTTP1_API}) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
    }

    private static Http2FrameCodec newFrameCodec() {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings().initialWindowSize(HTTP2_INITIAL_WINDOW_BYTES))
                // HttpServer.close() has already waited for in-flight requests: send GOAWAY and go.
                .gracefulShutdownTimeoutMillis(0)
                .build();
    }

    /**
     * The end of an HTTP/2 connection pipeline. The frame codec has already acted on the
     * connection-level frames (SETTINGS, PING, GOAWAY) that the multiplexer passes on; drop them
     * quietly instead of letting them reach the pipeline's tail, which logs each one.
     */
    @ChannelHandler.Sharable
    private static final class ConnectionFrameSink extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2SettingsFrame) {
                ReadDeadline.of(ctx.channel()).http2SettingsArrived();
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
