package io.riffle.aws.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long a client may take to send what it has started: a request head from its first byte
 * (for a connection's first request that includes the TLS handshake), a request body from the end
 * of its head, an HTTP/2 connection preface and SETTINGS from the moment HTTP/2 is chosen. A client
 * that drips bytes (which the idle timeout does not catch) is closed when its deadline passes: the
 * connection, or only the HTTP/2 stream whose body is late. While the server is answering no
 * deadline runs: that is the server's time, not the client's.
 *
 * <p>An HTTP/1 connection's instance sits first in its pipeline, so it sees the first bytes of
 * each request; the handlers behind tell it the rest through {@link #of}: a head, a request's end
 * ({@link RequestCollector}), HTTP/2 chosen ({@link ConnectionSetup}), SETTINGS received. An
 * HTTP/2 stream has its own instance, for its body.
 *
 * <p>Thread ownership: one instance per channel, used on its event loop only.
 */
final class ReadDeadline extends ChannelInboundHandlerAdapter {

    /** What a client is late with. */
    enum Phase {
        HEADER(ClientProblems.Cause.HEADER_TIMEOUT),
        BODY(ClientProblems.Cause.BODY_TIMEOUT),
        HTTP2_PREFACE(ClientProblems.Cause.HTTP2_PREFACE_TIMEOUT);

        private final ClientProblems.Cause cause;

        Phase(ClientProblems.Cause cause) {
            this.cause = cause;
        }
    }

    /** The timeouts, shared by every connection of a server. */
    record Timeouts(long headerMs, long bodyMs, ClientProblems problems) {
    }

    private static final AttributeKey<ReadDeadline> KEY = AttributeKey.valueOf("riffle.readDeadline");
    /** Stands in where a channel has none (handlers tested alone). */
    private static final ReadDeadline NONE = new ReadDeadline(null, false);

    private final Timeouts timeouts;
    private boolean watchesHeads; // the first bytes read with no deadline running start a head's
    private Channel channel;
    private Phase phase; // null: no deadline runs
    private ScheduledFuture<?> expiry;

    private ReadDeadline(Timeouts timeouts, boolean watchesHeads) {
        this.timeouts = timeouts;
        this.watchesHeads = watchesHeads;
    }

    /** Installs the deadlines of a connection, first in its pipeline. */
    static void installOnConnection(Channel connection, Timeouts timeouts) {
        ReadDeadline deadline = new ReadDeadline(timeouts, true);
        connection.attr(KEY).set(deadline);
        connection.pipeline().addFirst(deadline);
    }

    /** Installs the body deadline of an HTTP/2 stream. */
    static void installOnStream(Channel stream, Timeouts timeouts) {
        ReadDeadline deadline = new ReadDeadline(timeouts, false);
        stream.attr(KEY).set(deadline);
        stream.pipeline().addFirst(deadline);
    }

    /** The deadlines of {@code channel}; a stand-in doing nothing when it has none. */
    static ReadDeadline of(Channel channel) {
        ReadDeadline deadline = channel.attr(KEY).get();
        return deadline == null ? NONE : deadline;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (watchesHeads && phase == null && msg instanceof ByteBuf) {
            start(Phase.HEADER);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    /** A request head has arrived: its body must follow within the body timeout. */
    void headArrived() {
        start(Phase.BODY);
    }

    /** A request has arrived whole (or was dropped): nothing to wait for from the client. */
    void requestComplete() {
        stop();
    }

    /** The connection speaks HTTP/2 from now: its client's preface and SETTINGS must come in time. */
    void http2Chosen() {
        watchesHeads = false;
        start(Phase.HTTP2_PREFACE);
    }

    /** The HTTP/2 client's SETTINGS arrived (after a preface, or an h2c upgrade). */
    void http2SettingsArrived() {
        watchesHeads = false;
        stop();
    }

    private void start(Phase next) {
        if (timeouts == null || channel == null) {
            return;
        }
        stop();
        long timeoutMs = next == Phase.BODY ? timeouts.bodyMs() : timeouts.headerMs();
        phase = next;
        expiry = channel.eventLoop().schedule(this::expire, timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void stop() {
        phase = null;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void expire() {
        Phase late = phase;
        expiry = null;
        if (late == null || !channel.isOpen()) {
            return;
        }
        phase = null;
        Channel connection = channel instanceof Http2StreamChannel stream ? stream.parent() : channel;
        timeouts.problems().record(late.cause, connection.remoteAddress(), channel.toString());
        channel.close();
    }
}
