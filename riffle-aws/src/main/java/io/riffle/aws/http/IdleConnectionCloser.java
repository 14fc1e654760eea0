package io.riffle.aws.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has sent nothing for the idle timeout while none of its requests waits
 * for its answer: an idle keep-alive connection, and as well a client stalled mid-request (part of
 * a head or a body, a silent HTTP/2 preface), which would otherwise hold its socket and buffers
 * forever. A connection with an answer pending (a slow operation, a SubscribeToShard stream) is
 * left alone: its requests count themselves in {@link #answersPending} while they are open.
 *
 * <p>Thread ownership: one instance per connection, on its event loop; the count is shared with
 * the connection's HTTP/2 streams, which run on the same loop.
 */
final class IdleConnectionCloser extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(IdleConnectionCloser.class);
    private static final AttributeKey<AtomicInteger> ANSWERS_PENDING = AttributeKey.valueOf("riffle.answersPending");

    private IdleConnectionCloser() {
    }

    /** Installs the timeout at the head of a connection's pipeline. */
    static void install(Channel connection, long idleTimeoutMs) {
        connection.pipeline().addFirst(new IdleStateHandler(idleTimeoutMs, 0, 0, TimeUnit.MILLISECONDS))
                .addAfter(connection.pipeline().firstContext().name(), null, new IdleConnectionCloser());
    }

    /** The count of requests waiting for their answer on the connection that carries {@code channel}. */
    static AtomicInteger answersPending(Channel channel) {
        Channel connection = channel instanceof Http2StreamChannel stream ? stream.parent() : channel;
        AtomicInteger fresh = new AtomicInteger();
        AtomicInteger existing = connection.attr(ANSWERS_PENDING).setIfAbsent(fresh);
        return existing == null ? fresh : existing;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && answersPending(ctx.channel()).get() <= 0) {
            log.debug("Closing {}: nothing received for the idle timeout and no answer pending", ctx.channel());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
