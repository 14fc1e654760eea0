package io.riffle.aws.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A cleartext HTTP/2 client with prior knowledge (it starts with the HTTP/2 preface, no upgrade),
 * on one connection; each request is a new stream. Optionally inside TLS without ALPN.
 */
final class H2cClient implements AutoCloseable {

    record Reply(int status, HttpHeaders headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel connection;

    H2cClient(int port) throws InterruptedException {
        this(port, null);
    }

    /**
     * @param tls when not null, HTTP/2 with prior knowledge inside TLS made with this context (as
     *     the AWS SDK's Netty client does without ALPN)
     */
    H2cClient(int port, SslContext tls) throws InterruptedException {
        connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), "127.0.0.1", port));
                        }
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
    }

    CompletableFuture<Reply> post(String target, byte[] body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, "localhost")
                .set("X-Amz-Target", target)
                .set(HttpHeaderNames.CONTENT_TYPE, "application/x-amz-json-1.1")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return send(request);
    }

    CompletableFuture<Reply> get(String path) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, "localhost");
        return send(request);
    }

    CompletableFuture<Reply> send(FullHttpRequest request) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        new Http2StreamChannelBootstrap(connection).handler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false),
                        new HttpObjectAggregator(64 * 1024 * 1024),
                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                reply.complete(new Reply(response.status().code(), response.headers().copy(),
                                        ByteBufUtil.getBytes(response.content())));
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                reply.completeExceptionally(new IllegalStateException("stream closed without a response"));
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                reply.completeExceptionally(cause);
                            }
                        });
            }
        }).open().addListener(opened -> {
            if (opened.isSuccess()) {
                ((Http2StreamChannel) opened.getNow()).writeAndFlush(request).addListener(written -> {
                    if (!written.isSuccess()) {
                        reply.completeExceptionally(written.cause());
                    }
                });
            } else {
                request.release();
                reply.completeExceptionally(opened.cause());
            }
        });
        return reply;
    }

    boolean isOpen() {
        return connection.isActive();
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
