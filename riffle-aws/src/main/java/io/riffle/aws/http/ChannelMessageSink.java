package io.riffle.aws.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.riffle.aws.MessageSink;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MessageSink} writing each message as one chunk (HTTP/1.1) or DATA frame (HTTP/2) of a
 * streamed response. A message counts as buffered from {@link #send} until Netty reports it
 * written to the connection: with HTTP/2 that waits for the client's flow-control window, with
 * HTTP/1.1 for the socket. So the sink stops being writable when a client reads slowly, and the
 * producer, which checks it, stops reading storage: buffering stays under about
 * {@code limitBytes} plus one message.
 */
final class ChannelMessageSink implements MessageSink {

    /** Buffered bytes under which the sink is writable. */
    static final long DEFAULT_LIMIT_BYTES = 1 << 20;

    private final ChannelHandlerContext ctx;
    private final long limitBytes;
    private final Runnable onEnded;
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicBoolean isEnded = new AtomicBoolean();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private volatile boolean isClosed;

    /**
     * @param onEnded runs on the event loop once the end of the response is written (or the
     *     connection is gone), so the handler can finish the exchange and go on to the next
     */
    ChannelMessageSink(ChannelHandlerContext ctx, long limitBytes, Runnable onEnded) {
        this.ctx = ctx;
        this.limitBytes = limitBytes;
        this.onEnded = onEnded;
    }

    @Override
    public boolean isWritable() {
        // Once ended or closed nothing more is written: never keep a producer waiting then.
        return isEnded.get() || isClosed || buffered.get() < limitBytes;
    }

    @Override
    public void whenWritable(Runnable task) {
        waiting.add(task);
        if (isWritable()) {
            runWaiting();
        }
    }

    @Override
    public void send(ByteBuf message) {
        if (isEnded.get() || isClosed) {
            message.release();
            return;
        }
        long size = message.readableBytes();
        buffered.addAndGet(size);
        onLoop(() -> ctx.writeAndFlush(new DefaultHttpContent(message)).addListener(written -> released(size)), () -> {
            message.release();
            released(size);
        });
    }

    @Override
    public void end() {
        if (isEnded.compareAndSet(false, true)) {
            onLoop(() -> ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(written -> onEnded.run()),
                    () -> { });
            runWaiting();
        }
    }

    @Override
    public long bufferedBytes() {
        return buffered.get();
    }

    /** The connection closed: drop what is left and wake every waiting producer. On the event loop. */
    void closed() {
        isClosed = true;
        if (isEnded.compareAndSet(false, true)) {
            onEnded.run();
        }
        runWaiting();
    }

    private void released(long size) {
        if (buffered.addAndGet(-size) < limitBytes) {
            runWaiting();
        }
    }

    private void runWaiting() {
        for (Runnable task = waiting.poll(); task != null; task = waiting.poll()) {
            task.run();
        }
    }

    private void onLoop(Runnable write, Runnable ifLoopGone) {
        if (ctx.executor().inEventLoop()) {
            write.run();
            return;
        }
        try {
            ctx.executor().execute(write);
        } catch (RejectedExecutionException e) {
            ifLoopGone.run(); // the server stopped: the connection is gone with its loop
        }
    }
}
