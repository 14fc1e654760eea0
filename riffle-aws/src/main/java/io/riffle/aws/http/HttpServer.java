package io.riffle.aws.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.riffle.aws.CorsPolicy;
import io.riffle.aws.ServiceRouter;
import io.riffle.aws.audit.AuditRecorder;
import io.riffle.aws.auth.Authenticator;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.aws.tls.ServerCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door: one Netty server for every AWS service Riffle runs, HTTP/1.1 and cleartext
 * HTTP/2 on one port, and, given a {@link ServerCertificate}, TLS on the same port with HTTP/2 or
 * HTTP/1.1 chosen by ALPN (see {@link ConnectionSetup}); native epoll where available and NIO
 * otherwise, one acceptor thread and one event loop per core. Every request goes to the service
 * the {@link ServiceRouter} finds for it.
 *
 * <p>Life cycle: {@link #bind()} (optional) holds the port without accepting anyone, so a server
 * can make sure of its port before it touches its data; {@link #start()} once (binding first when
 * {@link #bind()} was not called) begins serving; then {@link #close()} (idempotent), which stops
 * accepting, waits for the requests in flight, closes the connections and stops the event loops.
 * Call them from an ordinary thread, never from an event loop.
 */
public final class HttpServer implements AutoCloseable {

    /** A full PutRecords (500 records of 1 MiB, capped at 10 MiB) is about 14 MiB of base64 JSON. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** How long {@link #close()} waits for requests in flight before closing their connections. */
    public static final long DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
    /** Connections served at once unless {@link #maxConnections} says otherwise. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4_000;
    /** How long a connection may be silent with no answer pending unless {@link #idleTimeoutMs} says otherwise. */
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 60_000;
    /** How long a request head may take from its first byte unless {@link #headerTimeoutMs} says otherwise. */
    public static final long DEFAULT_HEADER_TIMEOUT_MS = 30_000;
    /** How long a request body may take after its head unless {@link #bodyTimeoutMs} says otherwise. */
    public static final long DEFAULT_BODY_TIMEOUT_MS = 120_000;
    /** Request bytes held across all connections unless {@link #maxBufferedRequestBytes} says otherwise. */
    public static final long DEFAULT_MAX_BUFFERED_REQUEST_BYTES = 256L * 1024 * 1024;
    /** The account callers belong to unless {@link #authenticator} says otherwise (AWS' documentation example). */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    /** At most one WARN summary of client problems per this long. */
    private static final long CLIENT_PROBLEMS_INTERVAL_MS = 60_000;

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final int ACCEPT_BACKLOG = 1024;
    private static final long LOOP_SHUTDOWN_TIMEOUT_MS = 2_000;

    private final String host;
    private final int requestedPort;
    private final ServiceRouter router;
    private final int maxBodyBytes;
    private final long drainTimeoutMs;
    private final MetricsRegistry metrics; // null: GET /metrics answers 404
    private final InFlightRequests inFlight = new InFlightRequests();
    private volatile HealthCheck health = HealthCheck.OK; // read at every /health: set after bind()
    private ServerCertificate certificate; // null: plaintext only; settable until start()
    private CorsPolicy cors = CorsPolicy.none(); // settable until start()
    private Authenticator authenticator = Authenticator.anyCredentials(DEFAULT_ACCOUNT_ID); // settable until start()
    private AuditRecorder audit; // null: no audit log; settable until start()
    private volatile ConnectionLimit connectionLimit = new ConnectionLimit(DEFAULT_MAX_CONNECTIONS); // until start()
    private final AtomicBoolean isAtCap = new AtomicBoolean(); // the cap refused a connection since the count last fell below it
    private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS; // settable until start()
    private long headerTimeoutMs = DEFAULT_HEADER_TIMEOUT_MS; // settable until start()
    private long bodyTimeoutMs = DEFAULT_BODY_TIMEOUT_MS; // settable until start()
    private long maxBufferedRequestBytes = DEFAULT_MAX_BUFFERED_REQUEST_BYTES; // settable until start()
    private volatile ClientProblems problems; // set by start(), read by the acceptor
    private ExecutorService parsing; // set by start()
    private volatile ChannelHandler setup; // set by start(); no connection is accepted before
    private final ChannelGroup connections = new DefaultChannelGroup("riffle-http", GlobalEventExecutor.INSTANCE);

    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private InetSocketAddress boundAddress;
    private boolean isEpoll;
    private int workerCount;
    private boolean isBound;
    private boolean isStarted;
    private boolean isClosed;

    public HttpServer(String host, int port, ServiceRouter router) {
        this(host, port, router, DEFAULT_MAX_BODY_BYTES, DEFAULT_DRAIN_TIMEOUT_MS, null);
    }

    /** A server that also answers {@code GET /metrics} with {@code metrics}. */
    public HttpServer(String host, int port, ServiceRouter router, MetricsRegistry metrics) {
        this(host, port, router, DEFAULT_MAX_BODY_BYTES, DEFAULT_DRAIN_TIMEOUT_MS, Objects.requireNonNull(metrics));
    }

    public HttpServer(String host, int port, ServiceRouter router, int maxBodyBytes, long drainTimeoutMs) {
        this(host, port, router, maxBodyBytes, drainTimeoutMs, null);
    }

    /** A plaintext server. */
    public HttpServer(String host, int port, ServiceRouter router, int maxBodyBytes, long drainTimeoutMs,
                      MetricsRegistry metrics) {
        this(host, port, router, maxBodyBytes, drainTimeoutMs, metrics, null);
    }

    /**
     * @param port 0 picks a free port; {@link #port()} tells which
     * @param maxBodyBytes larger request bodies are answered 413
     * @param metrics served at {@code GET /metrics}; null answers 404 there
     * @param certificate served by TLS on the same port as plaintext; null: no TLS
     */
    public HttpServer(String host, int port, ServiceRouter router, int maxBodyBytes, long drainTimeoutMs,
                      MetricsRegistry metrics, ServerCertificate certificate) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maxBodyBytes <= 0 || drainTimeoutMs < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive and drainTimeoutMs not negative");
        }
        this.host = Objects.requireNonNull(host, "host");
        this.requestedPort = port;
        this.router = Objects.requireNonNull(router, "router");
        this.maxBodyBytes = maxBodyBytes;
        this.drainTimeoutMs = drainTimeoutMs;
        this.metrics = metrics;
        this.certificate = certificate;
    }

    /** What {@code GET /health} reports besides stopping (storage that cannot write); set before {@link #start}. */
    public synchronized HttpServer healthCheck(HealthCheck check) {
        if (isStarted) {
            throw new IllegalStateException("set the health check before starting");
        }
        this.health = Objects.requireNonNull(check, "check");
        return this;
    }

    /** The certificate TLS serves on the port (null: plaintext only); set before {@link #start}. */
    public synchronized HttpServer certificate(ServerCertificate tlsCertificate) {
        if (isStarted) {
            throw new IllegalStateException("set the certificate before starting");
        }
        this.certificate = tlsCertificate;
        return this;
    }

    /**
     * How long a connection may send nothing while none of its requests waits for an answer before
     * it is closed (idle keep-alive connections, clients stalled mid-request). Set before {@link #start}.
     */
    public synchronized HttpServer idleTimeoutMs(long timeoutMs) {
        if (isStarted || timeoutMs < 1) {
            throw new IllegalStateException("set a positive idle timeout before starting: " + timeoutMs);
        }
        this.idleTimeoutMs = timeoutMs;
        return this;
    }

    /**
     * How long a client may take to send a request head from its first byte (a new connection's
     * first head: TLS handshake included), and an HTTP/2 client its preface and SETTINGS; a client
     * that takes longer is closed. Set before {@link #start}.
     */
    public synchronized HttpServer headerTimeoutMs(long timeoutMs) {
        if (isStarted || timeoutMs < 1) {
            throw new IllegalStateException("set a positive header timeout before starting: " + timeoutMs);
        }
        this.headerTimeoutMs = timeoutMs;
        return this;
    }

    /**
     * How long a client may take to send a request body after its head; a client that takes longer
     * is closed (on HTTP/2: the stream). Set before {@link #start}.
     */
    public synchronized HttpServer bodyTimeoutMs(long timeoutMs) {
        if (isStarted || timeoutMs < 1) {
            throw new IllegalStateException("set a positive body timeout before starting: " + timeoutMs);
        }
        this.bodyTimeoutMs = timeoutMs;
        return this;
    }

    /**
     * The request bytes all connections together may hold, from their arrival until they are
     * parsed; a request that would go over is answered 503 ServiceUnavailable (which clients retry)
     * and its bytes dropped. Set before {@link #start}.
     */
    public synchronized HttpServer maxBufferedRequestBytes(long bytes) {
        if (isStarted || bytes < 1) {
            throw new IllegalStateException("set a positive request memory budget before starting: " + bytes);
        }
        this.maxBufferedRequestBytes = bytes;
        return this;
    }

    /**
     * The most connections served at once; more are closed as soon as they are accepted, before
     * anything is read from them, while the open ones keep being served. Set before {@link #start}.
     */
    public synchronized HttpServer maxConnections(int maxConnections) {
        if (isStarted) {
            throw new IllegalStateException("set the connection cap before starting");
        }
        this.connectionLimit = new ConnectionLimit(maxConnections);
        return this;
    }

    /**
     * Who sent each request, decided once per request after routing and before its service (default:
     * any credentials, as the root of {@link #DEFAULT_ACCOUNT_ID}); set before {@link #start}.
     */
    public synchronized HttpServer authenticator(Authenticator requestAuthenticator) {
        if (isStarted) {
            throw new IllegalStateException("set the authenticator before starting");
        }
        this.authenticator = Objects.requireNonNull(requestAuthenticator, "requestAuthenticator");
        return this;
    }

    /** Where every exchange is recorded (the audit log; default none); set before {@link #start}. */
    public synchronized HttpServer audit(AuditRecorder recorder) {
        if (isStarted) {
            throw new IllegalStateException("set the audit recorder before starting");
        }
        this.audit = recorder;
        return this;
    }

    /** Which web pages' origins may call from a browser (CORS; default none); set before {@link #start}. */
    public synchronized HttpServer cors(CorsPolicy policy) {
        if (isStarted) {
            throw new IllegalStateException("set the CORS policy before starting");
        }
        this.cors = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Listens on the port without accepting connections yet: clients wait in the accept backlog
     * until {@link #start()}.
     *
     * @throws PortInUseException when another process listens on the port
     * @throws IOException when the server cannot listen for another reason (unknown host...)
     */
    public synchronized void bind() throws IOException {
        if (isBound) {
            throw new IllegalStateException("already bound");
        }
        isBound = true;
        boolean isEpoll = Epoll.isAvailable();
        IoHandlerFactory ioHandlers = isEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                isEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        int workerCount = Runtime.getRuntime().availableProcessors();
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("riffle-http-accept"), ioHandlers);
        workers = new MultiThreadIoEventLoopGroup(workerCount, new DefaultThreadFactory("riffle-http"), ioHandlers);

        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false) // accepts nothing until start()
                .childAttr(ApiHandler.METRICS, metrics)
                .childAttr(ApiHandler.HEALTH, () -> health.problem())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel connection) {
                        ConnectionLimit limit = connectionLimit;
                        if (!limit.tryOpen()) {
                            refuse(connection, limit);
                            return;
                        }
                        connection.closeFuture().addListener(closed -> {
                            limit.closed();
                            isAtCap.set(false);
                        });
                        connection.pipeline().addLast(setup);
                    }
                });
        ChannelFuture bind = bootstrap.bind(host, requestedPort).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutDownLoops();
            Throwable cause = bind.cause();
            if (isAddressInUse(cause)) {
                throw new PortInUseException(host, requestedPort, cause);
            }
            throw new IOException("cannot listen on " + host + ":" + requestedPort + ": " + cause, cause);
        }
        serverChannel = bind.channel();
        boundAddress = (InetSocketAddress) serverChannel.localAddress();
        this.isEpoll = isEpoll;
        this.workerCount = workerCount;
    }

    /**
     * Starts serving: binds first unless {@link #bind()} did.
     *
     * @throws PortInUseException when another process listens on the port
     * @throws IOException when the server cannot listen for another reason (unknown host...)
     */
    public synchronized void start() throws IOException {
        if (isStarted) {
            throw new IllegalStateException("already started");
        }
        if (!isBound) {
            bind();
        }
        if (isClosed) {
            throw new IllegalStateException("closed");
        }
        isStarted = true;
        SslContext tls = certificate == null ? null : TlsContexts.forServer(certificate);
        problems = new ClientProblems(workers, CLIENT_PROBLEMS_INTERVAL_MS);
        parsing = Executors.newFixedThreadPool(workerCount, new DefaultThreadFactory("riffle-parse", true));
        RequestBudget budget = new RequestBudget(maxBufferedRequestBytes);
        ServingLimits limits = new ServingLimits(maxBodyBytes, idleTimeoutMs,
                new ReadDeadline.Timeouts(headerTimeoutMs, bodyTimeoutMs, problems), budget, problems, parsing);
        setup = new ConnectionSetup(router, authenticator, audit, inFlight, connections, tls, cors, limits);
        if (metrics != null) {
            ConnectionLimit limit = connectionLimit;
            ClientProblems seen = problems;
            metrics.gauge("riffle_http_buffered_request_bytes", "Request bytes held in memory now, across "
                    + "connections (at most max-buffered-request-bytes).", List.of(),
                    samples -> samples.add(budget.inUseBytes()));
            metrics.counter("riffle_http_client_problems_total", "What clients did wrong, by cause (each is "
                    + "logged at DEBUG by " + ClientProblems.class.getName() + ").", List.of("cause"), samples -> {
                        for (ClientProblems.Cause cause : ClientProblems.Cause.values()) {
                            samples.add(seen.total(cause), cause.label());
                        }
                    });
            metrics.gauge("riffle_http_open_connections", "Client connections open now.", List.of(),
                    samples -> samples.add(limit.open()));
            metrics.counter("riffle_http_refused_connections_total",
                    "Connections closed at once because max-connections were open.", List.of(),
                    samples -> samples.add(limit.refused()));
        }
        serverChannel.config().setAutoRead(true);
        log.info("HTTP server on {} ({} transport, {} event loops, HTTP/1.1 and h2c{})",
                boundAddress, isEpoll ? "epoll" : "NIO", workerCount,
                tls == null ? "" : ", and TLS with HTTP/2 or HTTP/1.1 by ALPN (certificate "
                        + certificate.certificateFile() + ")");
    }

    /** Closes a connection over the cap; says so once per spell at the cap, not per connection. */
    private void refuse(Channel connection, ConnectionLimit limit) {
        ClientProblems seen = problems;
        if (seen != null) {
            seen.record(ClientProblems.Cause.CONNECTION_REFUSED, connection.remoteAddress(), "over max-connections");
        }
        connection.close();
        if (isAtCap.compareAndSet(false, true)) {
            log.warn("{} connections are open, the most this server serves at once (max-connections): new ones are "
                    + "closed until some close; raise max-connections (and the open-file limit) if this load is "
                    + "expected", limit.maxConnections());
        }
    }

    /** Whether the server also speaks TLS on its port. */
    public boolean isTls() {
        return certificate != null;
    }

    /** The port the server listens on (the real one when it was started with port 0). */
    public int port() {
        return address().getPort();
    }

    public synchronized InetSocketAddress address() {
        if (boundAddress == null) {
            throw new IllegalStateException("not started");
        }
        return boundAddress;
    }

    /**
     * Stops accepting connections, answers new requests on open connections with 503, waits up
     * to the drain timeout for the requests in flight, then closes every connection and stops the
     * event loops. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (isClosed) {
            return;
        }
        isClosed = true;
        if (serverChannel == null) {
            return; // never started, or start() failed and cleaned up
        }
        checkNotOnEventLoop();
        serverChannel.close().awaitUninterruptibly();
        try {
            int left = inFlight.closeAndAwait(drainTimeoutMs);
            if (left > 0) {
                log.warn("{} requests still in flight after {} ms: closing their connections", left, drainTimeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while waiting for requests in flight: closing their connections");
        }
        connections.close().awaitUninterruptibly(LOOP_SHUTDOWN_TIMEOUT_MS);
        shutDownLoops();
        if (parsing != null) {
            parsing.shutdownNow();
        }
        if (problems != null) {
            problems.logSummary(); // what the last interval's summary has not said yet
        }
        log.info("HTTP server on {} stopped", boundAddress);
    }

    private void shutDownLoops() {
        // Quiet period 0: nothing is left to serve once the connections are closed.
        var acceptorDone = acceptor.shutdownGracefully(0, LOOP_SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        var workersDone = workers.shutdownGracefully(0, LOOP_SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        acceptorDone.awaitUninterruptibly(LOOP_SHUTDOWN_TIMEOUT_MS * 2);
        workersDone.awaitUninterruptibly(LOOP_SHUTDOWN_TIMEOUT_MS * 2);
    }

    private void checkNotOnEventLoop() {
        for (EventExecutor loop : workers) {
            if (loop.inEventLoop()) {
                throw new IllegalStateException("HttpServer.close() must not run on one of its event loops");
            }
        }
    }

    /** EADDRINUSE, as the JDK (BindException) and Netty's native transport (NativeIoException) word it. */
    private static boolean isAddressInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("address already in use")) {
                return true;
            }
        }
        return false;
    }
}
