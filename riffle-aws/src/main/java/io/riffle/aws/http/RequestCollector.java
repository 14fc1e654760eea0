package io.riffle.aws.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the parts of a request (a head, then body pieces) into one {@link FullHttpRequest} whose
 * body is a {@link BudgetedBody}, in the place of Netty's aggregator, and bounds what requests hold
 * in memory:
 * <ul>
 *   <li>each body piece is copied at once into heap arrays and its (pooled, direct) buffer
 *       released, so a stalled body holds no more than the bytes it sent (Netty's aggregator holds
 *       every read buffer, however little of it is filled, in pooled memory that outlives the
 *       connection);</li>
 *   <li>the memory taken is reserved in the {@link RequestBudget} as it grows; a request that would
 *       go over the budget is dropped: its bytes are released, a {@link RejectedRequest} goes down
 *       the pipeline (answered 503 ServiceUnavailable, which the SDKs retry) and the rest of its
 *       body is read and discarded, so the connection stays usable;</li>
 *   <li>a body over {@code maxBodyBytes} (announced, or found while reading) is an
 *       {@link OversizedRequest} (answered 413), its rest discarded;</li>
 *   <li>it tells the {@link ReadDeadline} when a head and when a request's end arrive.</li>
 * </ul>
 * The request's body keeps its reservation until it is released (by whoever handles it last).
 * {@code Expect: 100-continue} is answered
 * as Netty's aggregator does: 100 Continue when the body may come, else the refusal at once, and
 * the decoder is told no body follows.
 *
 * <p>Thread ownership: one instance per channel (an HTTP/1 connection or an HTTP/2 stream), used on
 * its event loop.
 */
final class RequestCollector extends ChannelInboundHandlerAdapter {

    /** Chunks grow with the body, from this size (or the body's announced size, when smaller)... */
    private static final int MIN_CHUNK_BYTES = 8 * 1024;
    /** ... to this one, so a stalled body holds at most about twice what it sent, plus a chunk. */
    private static final int MAX_CHUNK_BYTES = 1024 * 1024;

    /**
     * A request whose body is over the limit.
     *
     * @param isConnectionToClose true when the connection cannot be reused: the body had started
     *     to arrive without a length announced, or the client did not ask for keep-alive
     */
    record OversizedRequest(HttpVersion version, boolean isKeepAlive, boolean isConnectionToClose,
                            String contentType) {
    }

    /** A request dropped because the request memory budget is spent. */
    record RejectedRequest(HttpVersion version, boolean isKeepAlive, String contentType) {
    }

    private enum State { AWAITING_HEAD, COLLECTING, DISCARDING }

    private final int maxBodyBytes;
    private final RequestBudget budget;
    private final ClientProblems problems;
    private State state = State.AWAITING_HEAD;
    private HttpRequest head;
    private long announcedBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private int lastChunkUsed;
    private long collectedBytes;
    private long reservedBytes;
    private ChannelHandlerContext ctx;

    RequestCollector(int maxBodyBytes, RequestBudget budget, ClientProblems problems) {
        this.maxBodyBytes = maxBodyBytes;
        this.budget = budget;
        this.problems = problems;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest) && !(msg instanceof HttpContent)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof HttpRequest request) {
                onHead(request);
            }
            if (msg instanceof HttpContent content) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpRequest request) {
        drop(); // a head while a body was still expected: the decoder gave up on that one
        ReadDeadline.of(ctx.channel()).headArrived();
        head = request;
        if (!request.decoderResult().isSuccess()) {
            // Garbage: the decoder discards everything after it; the handler answers 400 and closes.
            problems.record(ClientProblems.Cause.MALFORMED_HTTP, ctx.channel(),
                    String.valueOf(request.decoderResult().cause()));
            complete(new byte[0]);
            state = State.DISCARDING;
            return;
        }
        announcedBytes = HttpUtil.getContentLength(request, -1L);
        boolean isContinueExpected = HttpUtil.is100ContinueExpected(request);
        if (isContinueExpected) {
            request.headers().remove(HttpHeaderNames.EXPECT);
        }
        if (announcedBytes > maxBodyBytes) {
            boolean isKeepAlive = HttpUtil.isKeepAlive(request);
            ctx.fireChannelRead(new OversizedRequest(request.protocolVersion(), isKeepAlive,
                    !isContinueExpected && !isKeepAlive, contentType(request)));
            skipBody(isContinueExpected);
            return;
        }
        if (isContinueExpected && announcedBytes > budget.limitBytes() - budget.inUseBytes()) {
            reject();
            skipBody(true);
            return;
        }
        if (isContinueExpected) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        state = State.COLLECTING;
    }

    /** After a refusal answered from the head alone: the body follows unless the client waits for 100 Continue. */
    private void skipBody(boolean isContinueExpected) {
        head = null;
        if (isContinueExpected) {
            // The client sends no body: the decoder must not wait for one (as Netty's aggregator does).
            ctx.pipeline().fireUserEventTriggered(HttpExpectationFailedEvent.INSTANCE);
            state = State.AWAITING_HEAD;
            ReadDeadline.of(ctx.channel()).requestComplete();
        } else {
            state = State.DISCARDING;
        }
    }

    private void onContent(HttpContent content) {
        boolean isLast = content instanceof LastHttpContent;
        switch (state) {
            case COLLECTING -> {
                if (!append(content.content())) {
                    return;
                }
                if (isLast) {
                    complete(body());
                    state = State.AWAITING_HEAD;
                }
            }
            case DISCARDING -> {
                if (isLast) {
                    state = State.AWAITING_HEAD;
                    ReadDeadline.of(ctx.channel()).requestComplete();
                }
            }
            case AWAITING_HEAD -> {
                // Content without a head: nothing to add it to.
            }
        }
    }

    /** Adds a body piece; false when the request was dropped instead (too large, or over the budget). */
    private boolean append(ByteBuf piece) {
        int length = piece.readableBytes();
        if (length == 0) {
            return true;
        }
        if (collectedBytes + length > maxBodyBytes) {
            HttpRequest oversized = head;
            drop();
            ctx.fireChannelRead(new OversizedRequest(oversized.protocolVersion(), HttpUtil.isKeepAlive(oversized),
                    true, contentType(oversized)));
            state = State.DISCARDING;
            return false;
        }
        int offset = piece.readerIndex();
        int left = length;
        while (left > 0) {
            byte[] last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (last == null || lastChunkUsed == last.length) {
                int size = nextChunkSize(left);
                if (!budget.tryReserve(size)) {
                    reject();
                    state = State.DISCARDING;
                    return false;
                }
                reservedBytes += size;
                last = new byte[size];
                chunks.add(last);
                lastChunkUsed = 0;
            }
            int n = Math.min(left, last.length - lastChunkUsed);
            piece.getBytes(offset, last, lastChunkUsed, n);
            lastChunkUsed += n;
            offset += n;
            left -= n;
        }
        collectedBytes += length;
        return true;
    }

    /** Chunks double with the body (between the bounds) and never pass its announced end. */
    private int nextChunkSize(int pieceBytes) {
        long size = Math.max(pieceBytes, Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, collectedBytes)));
        if (announcedBytes >= 0) {
            size = Math.min(size, Math.max(pieceBytes, announcedBytes - collectedBytes));
        }
        return (int) size;
    }

    /** The body in one array: the only chunk when it is full, else a copy; the reservation shrinks to its size. */
    private byte[] body() {
        if (chunks.size() == 1 && lastChunkUsed == chunks.get(0).length) {
            return chunks.get(0);
        }
        byte[] body = new byte[(int) collectedBytes];
        int at = 0;
        for (byte[] chunk : chunks) {
            int n = Math.min(chunk.length, body.length - at);
            System.arraycopy(chunk, 0, body, at, n);
            at += n;
        }
        // The chunks (reserved by capacity, never less than the bytes in them) go now; the body stays
        // until the request is answered.
        budget.release(reservedBytes - body.length);
        reservedBytes = body.length;
        return body;
    }

    private void complete(byte[] body) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                new BudgetedBody(body, budget, reservedBytes), head.headers(), EmptyHttpHeaders.INSTANCE);
        request.setDecoderResult(head.decoderResult());
        reservedBytes = 0;
        chunks.clear();
        lastChunkUsed = 0;
        collectedBytes = 0;
        head = null;
        ReadDeadline.of(ctx.channel()).requestComplete();
        ctx.fireChannelRead(request);
    }

    private void reject() {
        HttpRequest rejected = head;
        drop();
        problems.record(ClientProblems.Cause.REQUEST_REJECTED, ctx.channel(), "a request of "
                + HttpUtil.getContentLength(rejected, -1L) + " announced bytes went over the request memory budget");
        ctx.fireChannelRead(new RejectedRequest(rejected.protocolVersion(), HttpUtil.isKeepAlive(rejected),
                contentType(rejected)));
    }

    /** Forgets the request being collected and gives its bytes back. */
    private void drop() {
        if (reservedBytes > 0) {
            budget.release(reservedBytes);
            reservedBytes = 0;
        }
        chunks.clear();
        lastChunkUsed = 0;
        collectedBytes = 0;
        head = null;
        state = State.AWAITING_HEAD;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        drop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        drop();
    }

    private static String contentType(HttpRequest request) {
        return request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    }
}
