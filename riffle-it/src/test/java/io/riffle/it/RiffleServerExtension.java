package io.riffle.it;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One Riffle server process per test class, and SDK clients for it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RiffleServerExtension riffle = new RiffleServerExtension("shard-limit=10");
 * ... riffle.kinesis().createStream(...)
 * }</pre>
 *
 * The clients follow the server across {@link #restart()} and {@link #kill9AndStart()} (the
 * port changes). With the setting {@code tls=true} they speak TLS to the announced https://
 * endpoint and trust the server's certificate. When a test fails, the tail of the server's
 * stderr is printed.
 */
public final class RiffleServerExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RiffleServerExtension.class);

    private final String[] settings;
    private final WireLog wireLog = new WireLog();
    private final H2Metrics h2Metrics = new H2Metrics();
    private final List<AutoCloseable> retiredClients = new CopyOnWriteArrayList<>();

    private RiffleServerProcess server;
    private URI clientEndpoint;
    private KinesisClient sync;
    private KinesisAsyncClient async;

    public RiffleServerExtension(String... settings) {
        this.settings = settings.clone();
    }

    /** A server with {@code auth=sigv4} whose root keys are the tests' ({@link SdkClients}), plus {@code more}. */
    static RiffleServerExtension signedByRoot(String... more) {
        List<String> all = new ArrayList<>(List.of("auth=sigv4", "root-access-key-id=" + SdkClients.ACCESS_KEY,
                "root-secret-access-key=" + SdkClients.SECRET_KEY));
        all.addAll(List.of(more));
        return new RiffleServerExtension(all.toArray(String[]::new));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String name = context.getRequiredTestClass().getSimpleName() + "-" + SdkClients.formatName().toLowerCase();
        server = RiffleServerProcess.start(name, settings);
        LOG.info("{}: {} (SDK wire format {})", name, server.listeningLine(), SdkClients.formatName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        closeClients();
        for (AutoCloseable c : retiredClients) {
            c.close();
        }
        if (server != null) {
            boolean died = !server.isRunning();
            String stderr = server.stderr();
            server.close();
            if (died) {
                throw new AssertionError("the Riffle server of " + context.getDisplayName()
                        + " was not running at the end of the class; stderr:\n" + RiffleServerProcess.tail(stderr, 100));
            }
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (server != null) {
            System.out.println("---- " + context.getDisplayName() + " failed; " + server + "; server stderr (tail):\n"
                    + RiffleServerProcess.tail(server.stderr(), 60) + "\n----");
        }
    }

    public RiffleServerProcess server() {
        return server;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** The certificate clients trust: the server's own when it serves TLS, else none. */
    private Path trustedCertificate() {
        return server.isTls() ? server.tlsCertificate() : null;
    }

    /** The synchronous client (Apache HTTP/1.1; over TLS with {@code tls=true}) for the server as it runs now. */
    public synchronized KinesisClient kinesis() {
        refreshIfMoved();
        if (sync == null) {
            sync = SdkClients.sync(clientEndpoint, wireLog, trustedCertificate());
        }
        return sync;
    }

    /** The asynchronous client (Netty, HTTP/2: h2c, or h2 over TLS with {@code tls=true}) for the server as it runs now. */
    public synchronized KinesisAsyncClient kinesisAsync() {
        refreshIfMoved();
        if (async == null) {
            async = SdkClients.asyncHttp2(clientEndpoint, wireLog, h2Metrics, trustedCertificate(),
                    ProtocolNegotiation.ASSUME_PROTOCOL);
        }
        return async;
    }

    public WireLog wireLog() {
        return wireLog;
    }

    public H2Metrics h2Metrics() {
        return h2Metrics;
    }

    /** SIGTERM, wait, start on the same data directory. */
    public synchronized void restart() {
        server.restart();
        LOG.info("restarted: {}", server.listeningLine());
    }

    /** SIGKILL, then start on the same data directory. */
    public synchronized void kill9AndStart() {
        server.kill9();
        server.start();
        LOG.info("started after kill -9: {}", server.listeningLine());
    }

    private void refreshIfMoved() {
        URI now = server.endpoint();
        if (!now.equals(clientEndpoint)) {
            // keep old clients until the class ends: a test may still hold one
            if (sync != null) {
                retiredClients.add(sync);
            }
            if (async != null) {
                retiredClients.add(async);
            }
            sync = null;
            async = null;
            clientEndpoint = now;
        }
    }

    private synchronized void closeClients() {
        if (sync != null) {
            sync.close();
            sync = null;
        }
        if (async != null) {
            async.close();
            async = null;
        }
    }
}
