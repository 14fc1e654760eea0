package io.riffle.aws.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.EventExecutor;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.RequestOrigin;
import io.riffle.aws.ErrorAnswers;
import io.riffle.aws.MessageStream;
import io.riffle.aws.Route;
import io.riffle.aws.ServiceRouter;
import io.riffle.aws.audit.AuditRecorder;
import io.riffle.aws.auth.Authentication;
import io.riffle.aws.auth.Authenticator;
import io.riffle.aws.metrics.MetricsRegistry;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one HTTP/1.1 connection or of one HTTP/2 stream, which both arrive as
 * {@link FullHttpRequest}s. Routes:
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"ok"}}, or 503 while stopping or degraded (see
 *       {@link ErrorBodies#health} and {@link HealthCheck});</li>
 *   <li>{@code GET /metrics}: the {@link MetricsRegistry} that {@link HttpServer} put on the connection
 *       ({@link #METRICS}), rendered on the event loop (it is cheap); 404 without one;</li>
 *   <li>anything else: to the {@link AwsService} the {@link ServiceRouter} finds for it (by
 *       {@code X-Amz-Target}, query {@code Version} or path), once the {@link Authenticator} has
 *       said who sent it, whose answer is written when its future completes; or the router's or
 *       the authenticator's error when no service takes it or its sender is refused.</li>
 * </ul>
 * Every answer carries {@code x-amzn-RequestId} and {@code x-amz-id-2}, as Kinesis' do. Answers go out in request order, which HTTP/1.1
 * pipelining needs (an HTTP/2 stream has one request). Any failure becomes a 500 InternalFailure.
 * A streamed answer (an event stream) is written as its headers, then one chunk (HTTP/1.1) or DATA
 * frame (HTTP/2) per message through a {@link ChannelMessageSink}; answers behind it wait for its end.
 *
 * <p>Thread ownership: one instance per channel; its state is touched only on that channel's
 * event loop. Answers that complete on another thread are handed back to the loop.
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {

    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    static final String EXTENDED_REQUEST_ID_HEADER = "x-amz-id-2";
    static final String TARGET_HEADER = "x-amz-target";
    static final String HEALTH_PATH = "/health";
    static final String METRICS_PATH = "/metrics";
    /** Set on every accepted connection by {@link HttpServer}; HTTP/2 stream channels find it on their parent. */
    static final AttributeKey<MetricsRegistry> METRICS = AttributeKey.valueOf("riffle.metrics");
    /** Set like {@link #METRICS}: what /health asks besides whether the server is stopping. */
    static final AttributeKey<HealthCheck> HEALTH = AttributeKey.valueOf("riffle.health");
    /** Headers that Netty's HTTP/2-to-HTTP/1 conversion adds; not the client's. */
    private static final String HTTP2_EXTENSION_HEADER_PREFIX = "x-http2-";

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    /**
     * Bodies at least this large are parsed on the parsing pool, not on the event loop: a client
     * sending megabytes of JSON (or a million keys) then slows only other large requests, not the
     * small ones that share its event loop. Smaller bodies parse in about a millisecond.
     */
    static final int OFF_LOOP_BODY_BYTES = 256 * 1024;

    private final ServiceRouter router;
    private final Authenticator authenticator;
    private final AuditRecorder audit; // null: no audit log
    private final InFlightRequests inFlight;
    private final int maxBodyBytes;
    private final Executor parsing;
    /** Requests read and not yet written back, oldest first. */
    private final ArrayDeque<Exchange> exchanges = new ArrayDeque<>();
    /** The sink of the streamed answer being written, or null. */
    private ChannelMessageSink streaming;
    private MessageStream streamingBody;
    private ChannelHandlerContext ctx;
    private boolean isInactive;

    /** @param parsing where requests with bodies of {@link #OFF_LOOP_BODY_BYTES} or more are dispatched */
    ApiHandler(ServiceRouter router, Authenticator authenticator, AuditRecorder audit, InFlightRequests inFlight,
               int maxBodyBytes, Executor parsing) {
        this.router = router;
        this.authenticator = authenticator;
        this.audit = audit;
        this.inFlight = inFlight;
        this.maxBodyBytes = maxBodyBytes;
        this.parsing = parsing;
    }

    /** One request and, once known, its answer. Event-loop confined. */
    private static final class Exchange {
        final String requestId = RequestIds.next();
        final HttpVersion version;
        final boolean isKeepAlive;
        boolean isConnectionToClose;
        boolean isCounted;
        boolean isFinished;
        AwsAnswer answer;
        /** Whether the answer went to the channel, which then owns (and releases) a whole body's buffer. */
        boolean isWritten;
        final long startNanos = System.nanoTime();
        String method = "-"; // for the access log: what was asked, and how many body bytes answered it
        String target = "-";
        String operation;
        long bodyBytes = -1;

        Exchange(HttpVersion version, boolean isKeepAlive) {
            this.version = version;
            this.isKeepAlive = isKeepAlive;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            try {
                onRequest(request);
            } finally {
                request.release();
            }
        } else if (msg instanceof RequestCollector.OversizedRequest oversized) {
            Exchange exchange = begin(oversized.version(), oversized.isKeepAlive());
            exchange.isConnectionToClose |= oversized.isConnectionToClose();
            if (exchange.answer == null) {
                answer(exchange, ErrorBodies.tooLarge(maxBodyBytes, oversized.contentType()));
            }
        } else if (msg instanceof RequestCollector.RejectedRequest rejected) {
            Exchange exchange = begin(rejected.version(), rejected.isKeepAlive());
            if (exchange.answer == null) {
                answer(exchange, ErrorBodies.serviceUnavailable("Riffle holds as many request bytes as it may "
                        + "(max-buffered-request-bytes): retry later", rejected.contentType()));
            }
        } else {
            // On a connection upgraded to HTTP/2, connection-level frames (SETTINGS, PING) pass by.
            ctx.fireChannelRead(msg);
        }
    }

    private void onRequest(FullHttpRequest request) {
        Exchange exchange = begin(request.protocolVersion(), HttpUtil.isKeepAlive(request));
        if (AccessLog.isOn()) {
            exchange.method = request.method().name();
            exchange.target = request.uri();
            exchange.operation = request.headers().get(AwsRequest.TARGET_HEADER);
        }
        if (exchange.answer != null) {
            return;
        }
        try {
            route(request, exchange);
        } catch (RuntimeException | Error e) {
            log.error("Internal failure serving request {} ({} {})", exchange.requestId, request.method(),
                    request.uri(), e);
            answer(exchange, ErrorBodies.internalFailure(request.headers().get(HttpHeaderNames.CONTENT_TYPE)));
        }
    }

    /** Queues a new exchange; while the server is closing it is answered 503 at once. */
    private Exchange begin(HttpVersion version, boolean isKeepAlive) {
        Exchange exchange = new Exchange(version, isKeepAlive);
        exchanges.add(exchange);
        if (inFlight.tryBegin()) {
            exchange.isCounted = true;
            IdleConnectionCloser.answersPending(ctx.channel()).incrementAndGet();
        } else {
            exchange.isConnectionToClose = true;
            answer(exchange, ErrorBodies.serviceUnavailable("Riffle is shutting down", null));
        }
        return exchange;
    }

    private void route(FullHttpRequest request, Exchange exchange) {
        if (!request.decoderResult().isSuccess()) {
            exchange.isConnectionToClose = true;
            Throwable cause = request.decoderResult().cause();
            answer(exchange, ErrorBodies.badRequest("Malformed HTTP request: "
                    + (cause == null ? "unknown reason" : cause.getMessage())));
            return;
        }
        HttpMethod method = request.method();
        String path = pathOf(request.uri());
        if (HttpMethod.GET.equals(method) && HEALTH_PATH.equals(path)) {
            answer(exchange, ErrorBodies.health(inFlight.isClosing(), healthProblem(ctx.channel())));
            return;
        }
        if (HttpMethod.GET.equals(method) && METRICS_PATH.equals(path)) {
            answer(exchange, metrics(ctx.channel(), method.name(), path));
            return;
        }
        removeHttp2ExtensionHeaders(request.headers());
        AwsRequest aws = AwsRequest.of(request, exchange.requestId, answeringOn(ctx.executor()))
                .withOrigin(RequestOrigin.of(ctx.channel()));
        switch (router.route(aws)) {
            case Route.Refused refused -> answer(exchange, refused.failure().answer(aws, exchange.requestId));
            case Route.ToService to -> {
                if (request.content().readableBytes() >= OFF_LOOP_BODY_BYTES) {
                    dispatchOffLoop(to.service(), aws, exchange, request);
                } else {
                    dispatch(to.service(), aws, exchange, null);
                }
            }
        }
    }

    /** Answers once the exchange's audit event is recorded (at once without an audit log, or for a data event). */
    private void answerAudited(EventExecutor loop, Exchange exchange, AuditRecorder.Pending pending,
                                      AwsAnswer answer) {
        if (pending == null) {
            answerOnLoop(loop, exchange, answer);
            return;
        }
        CompletableFuture<Void> recorded;
        try {
            recorded = pending.finish(answer);
        } catch (RuntimeException e) {
            log.error("Cannot audit request {}", exchange.requestId, e);
            recorded = CompletableFuture.completedFuture(null);
        }
        recorded.whenComplete((ignored, failure) -> answerOnLoop(loop, exchange, answer));
    }

    /**
     * Dispatches on the parsing pool; the request (its body counted in the request memory budget)
     * is held until the service has parsed it.
     */
    private void dispatchOffLoop(AwsService service, AwsRequest aws, Exchange exchange, FullHttpRequest request) {
        request.retain();
        try {
            parsing.execute(() -> dispatch(service, aws, exchange, request));
        } catch (RejectedExecutionException e) {
            request.release();
            answer(exchange, ErrorBodies.serviceUnavailable("Riffle is shutting down", aws.contentType()));
        }
    }

    /**
     * Hands the request to its service; runs on the event loop or on the parsing pool.
     *
     * @param parsed released once the service has parsed the request (when serve returns), before
     *     the answer can go out, so a client's next request finds its bytes given back; or null
     */
    private void dispatch(AwsService service, AwsRequest aws, Exchange exchange, ReferenceCounted parsed) {
        EventExecutor loop = ctx.executor();
        CompletableFuture<AwsAnswer> future;
        AuditRecorder.Pending pending = null;
        AwsRequest served = aws;
        try {
            // Here, not before: a large body's hash is computed off the event loop too.
            AwsRequest sent;
            switch (authenticator.authenticate(aws, service)) {
                case Authentication.Refused refused -> {
                    if (!service.answersAuthRefusals()) {
                        AwsRequest refusedRequest = aws.withAuthRefusal(refused.failure());
                        pending = audit == null ? null : audit.begin(service, refusedRequest, ctx.channel());
                        release(parsed);
                        answerAudited(loop, exchange, pending, refused.failure().answer(aws, aws.requestId()));
                        return;
                    }
                    sent = aws.withAuthRefusal(refused.failure()); // the service answers it at its point
                }
                case Authentication.Authenticated authenticated -> sent = aws.withCaller(authenticated.caller());
            }
            pending = audit == null ? null : audit.begin(service, sent, ctx.channel()); // before the body goes
            served = sent;
            future = service.serve(sent);
        } catch (RuntimeException | Error e) {
            release(parsed);
            log.error("Service {} failed on request {} ({} {})", service.name(), aws.requestId(), aws.method(),
                    aws.path(), e);
            answerOnLoop(loop, exchange, ErrorBodies.internalFailure(aws.contentType()));
            return;
        }
        release(parsed);
        if (future == null) {
            log.error("Service {} returned no future for request {}", service.name(), aws.requestId());
            answerOnLoop(loop, exchange, ErrorBodies.internalFailure(aws.contentType()));
            return;
        }
        AuditRecorder.Pending auditing = pending;
        AwsRequest sent = served;
        future.whenComplete((answer, failure) -> {
            AwsAnswer result = answer;
            if (failure != null || answer == null) {
                // A service's contract is to answer every failure; this is a bug there.
                log.error("Service {} {} request {}", service.name(), failure != null ? "failed" : "answered null to",
                        aws.requestId(), failure);
                result = ErrorBodies.internalFailure(aws.contentType());
            } else if (sent.authRefusal() != null) {
                result = ErrorAnswers.withErrorType(result); // the service answered the refusal (or an earlier error)
            }
            answerAudited(loop, exchange, auditing, result);
        });
    }

    private static void release(ReferenceCounted parsed) {
        if (parsed != null) {
            parsed.release();
        }
    }

    /**
     * The connection's event loop as the thread an answer is encoded on; once the loops are shut
     * down (the connection is gone with them) the completing thread encodes it instead.
     */
    private static Executor answeringOn(EventExecutor loop) {
        return task -> {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    private void answerOnLoop(EventExecutor loop, Exchange exchange, AwsAnswer answer) {
        if (loop.inEventLoop()) {
            answer(exchange, answer);
            return;
        }
        try {
            loop.execute(() -> answer(exchange, answer));
        } catch (RejectedExecutionException e) {
            // The event loops are shut down: the connection is gone with them.
            log.warn("Answer to request {} arrived after the server stopped", exchange.requestId);
            exchange.answer = answer;
            finish(exchange);
        }
    }

    /** Records the answer of an exchange and writes every answer that is now first in line. */
    private void answer(Exchange exchange, AwsAnswer answer) {
        try {
            exchange.answer = answer;
            if (isInactive) {
                exchanges.remove(exchange);
                finish(exchange);
                return;
            }
            writeAnswered();
        } catch (RuntimeException e) {
            log.error("Cannot write the answer to request {}; closing the connection", exchange.requestId, e);
            finish(exchange);
            ctx.close();
        }
    }

    /** Writes every answer now first in line, up to and including the start of a streamed one. */
    private void writeAnswered() {
        boolean hasWritten = false;
        while (streaming == null && !exchanges.isEmpty() && exchanges.peekFirst().answer != null) {
            Exchange next = exchanges.pollFirst();
            if (next.answer.isStreamed()) {
                startStream(next);
            } else {
                next.isWritten = true;
                ctx.write(toResponse(next)).addListener(written -> finish(next));
            }
            hasWritten = true;
        }
        if (hasWritten) {
            ctx.flush();
        }
    }

    private void startStream(Exchange exchange) {
        HttpResponse head = new DefaultHttpResponse(exchange.version, HttpResponseStatus.valueOf(exchange.answer.status()));
        head.headers().set(exchange.answer.headers()).set(REQUEST_ID_HEADER, exchange.requestId)
                .set(EXTENDED_REQUEST_ID_HEADER, RequestIds.nextExtended());
        head.headers().set(HttpHeaderNames.DATE, HttpDate.now());
        // HTTP/1.1: chunked, one chunk per message. HTTP/2 drops the header: DATA frames carry the body.
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, exchange.isKeepAlive && !exchange.isConnectionToClose);
        ctx.write(head);
        streamingBody = streamOf(exchange.answer);
        streaming = new ChannelMessageSink(ctx, ChannelMessageSink.DEFAULT_LIMIT_BYTES, () -> {
            finish(exchange);
            streaming = null;
            streamingBody = null;
            if (!isInactive) {
                writeAnswered();
            }
        });
        streamingBody.start(streaming);
    }

    private FullHttpResponse toResponse(Exchange exchange) {
        AwsAnswer answer = exchange.answer;
        ByteBuf body = ((AwsAnswer.Whole) answer.body()).bytes();
        FullHttpResponse response = new DefaultFullHttpResponse(exchange.version,
                HttpResponseStatus.valueOf(answer.status()), body);
        HttpHeaders headers = response.headers();
        headers.set(answer.headers()).set(REQUEST_ID_HEADER, exchange.requestId)
                .set(EXTENDED_REQUEST_ID_HEADER, RequestIds.nextExtended());
        headers.set(HttpHeaderNames.DATE, HttpDate.now());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        exchange.bodyBytes = body.readableBytes();
        // HTTP/1.x: HttpServerKeepAliveHandler closes the connection after a response that says so.
        // HTTP/2: the codec drops connection headers; the stream ends with the response.
        HttpUtil.setKeepAlive(response, exchange.isKeepAlive && !exchange.isConnectionToClose);
        return response;
    }

    private static MessageStream streamOf(AwsAnswer answer) {
        return answer != null && answer.body() instanceof AwsAnswer.Streamed streamed ? streamed.stream() : null;
    }

    private void finish(Exchange exchange) {
        if (!exchange.isWritten && exchange.answer != null && exchange.answer.body() instanceof AwsAnswer.Whole whole) {
            exchange.isWritten = true; // never to be written: the connection went first; a pooled body goes back
            ReferenceCountUtil.safeRelease(whole.bytes());
        }
        MessageStream stream = streamOf(exchange.answer);
        if (stream != null && stream != streamingBody && !exchange.isFinished) {
            stream.cancel(); // never started: the connection went first
        }
        if (exchange.isCounted && !exchange.isFinished) {
            exchange.isFinished = true;
            if (AccessLog.isOn()) {
                AccessLog.write(ctx.channel().remoteAddress(), exchange.method, exchange.target, exchange.version,
                        exchange.answer == null ? 0 : exchange.answer.status(), exchange.bodyBytes,
                        System.nanoTime() - exchange.startNanos, exchange.requestId, exchange.operation);
            }
            inFlight.end();
            IdleConnectionCloser.answersPending(ctx.channel()).decrementAndGet();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        isInactive = true;
        if (streaming != null) {
            MessageStream body = streamingBody;
            streaming.closed();
            body.cancel();
        }
        // Answered but stuck behind an unanswered one: drop them now. The others finish when
        // their answer arrives (see answer()).
        for (Iterator<Exchange> it = exchanges.iterator(); it.hasNext(); ) {
            Exchange exchange = it.next();
            if (exchange.answer != null) {
                it.remove();
                finish(exchange);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HttpServerUpgradeHandler.UpgradeEvent) {
            // The connection now speaks HTTP/2: its requests arrive on stream channels, each with
            // its own ApiHandler, so this connection-level HTTP/1 tail has nothing left to do.
            ConnectionSetup.removeHttp1Handlers(ctx.pipeline());
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Not tied to a request we could answer (those failures are answered in channelRead).
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            // the client went (or was closed for idling) mid-request: its business, not the server's
            log.debug("Connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("Closing connection {} after an unexpected failure", ctx.channel(), cause);
        }
        ctx.close();
    }

    private static String healthProblem(Channel channel) {
        HealthCheck check = channel.attr(HEALTH).get();
        if (check == null && channel.parent() != null) {
            check = channel.parent().attr(HEALTH).get();
        }
        return check == null ? null : check.problem();
    }

    /** The metrics of the connection's server, or 404 when the server was built without them. */
    private static AwsAnswer metrics(Channel channel, String method, String path) {
        MetricsRegistry registry = channel.attr(METRICS).get();
        if (registry == null && channel.parent() != null) {
            registry = channel.parent().attr(METRICS).get();
        }
        return registry == null ? ErrorBodies.error("NotFoundException", 404, "Nothing at " + method + " " + path
                + ": this server was built without metrics", ErrorBodies.PLAIN_JSON)
                : AwsAnswer.of(200, MetricsRegistry.CONTENT_TYPE, registry.scrape());
    }

    /** Netty's HTTP/2-to-HTTP/1 conversion adds headers of its own ({@code x-http2-scheme}...): not the client's. */
    private static void removeHttp2ExtensionHeaders(HttpHeaders headers) {
        List<String> added = null;
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, HTTP2_EXTENSION_HEADER_PREFIX, 0, HTTP2_EXTENSION_HEADER_PREFIX.length())) {
                (added == null ? added = new ArrayList<>() : added).add(name);
            }
        }
        if (added != null) {
            added.forEach(headers::remove);
        }
    }

    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
