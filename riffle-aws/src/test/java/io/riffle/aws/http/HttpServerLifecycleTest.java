package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.riffle.aws.AwsAnswer;
import io.riffle.storage.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bind, start, port in use, and close: drain, refuse, give up after the drain timeout. */
class HttpServerLifecycleTest {

    private final FakeDispatcher dispatcher = new FakeDispatcher();

    @RegisterExtension
    final LogCapture logs = LogCapture.of(HttpServer.class).expect(Level.WARN, "still in flight after");

    @Test
    void closeWaitsForRequestsInFlightAndRefusesNewOnes() throws Exception {
        CompletableFuture<AwsAnswer> slow = new CompletableFuture<>();
        dispatcher.behaviour = call -> slow;
        HttpServer server = new HttpServer("127.0.0.1", 0, dispatcher.router());
        server.start();
        int port = server.port();
        try (RawHttp1Connection inFlight = new RawHttp1Connection(port);
             RawHttp1Connection idle = new RawHttp1Connection(port)) {
            inFlight.send("POST", "/", "{}", "X-Amz-Target: Test.Slow");
            dispatcher.calls.take();
            idle.send("GET", "/health", "");
            assertThat(idle.read().status()).isEqualTo(200);

            CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
            awaitRefused(port); // the close has begun: the port is no longer accepted...
            assertThat(closed).as("...and the close waits for the request in flight").isNotDone();

            idle.send("GET", "/health", "");
            RawHttp1Connection.Response refused = idle.read();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");

            slow.complete(AwsAnswer.of(200, "text/plain", "done".getBytes(StandardCharsets.UTF_8)));
            RawHttp1Connection.Response answered = inFlight.read();
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.bodyText()).isEqualTo("done");
            closed.get(5, TimeUnit.SECONDS);
        }
        server.close(); // idempotent
    }

    @Test
    void closeGivesUpOnRequestsAfterTheDrainTimeout() throws Exception {
        dispatcher.behaviour = call -> new CompletableFuture<>(); // never answered
        HttpServer server = new HttpServer("127.0.0.1", 0, dispatcher.router(), HttpServer.DEFAULT_MAX_BODY_BYTES, 100);
        server.start();
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("POST", "/", "{}", "X-Amz-Target: Test.Never");
            dispatcher.calls.take();
            long startNanos = System.nanoTime();
            server.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)).isLessThan(3_000);
            assertThat(connection.isClosedByServer(5_000)).isTrue();
        }
        assertThat(logs.messages(Level.WARN))
                .containsExactly("1 requests still in flight after 100 ms: closing their connections");
    }

    @Test
    void bindHoldsThePortAndClientsWaitUntilStartWhichServesTheHealthSetInBetween() throws Exception {
        HttpServer server = new HttpServer("127.0.0.1", 0, dispatcher.router());
        try {
            server.bind();
            int port = server.port();
            HttpServer second = new HttpServer("127.0.0.1", port, dispatcher.router());
            assertThatThrownBy(second::bind).isInstanceOf(PortInUseException.class);
            second.close();
            try (RawHttp1Connection early = new RawHttp1Connection(port)) { // accepted by the kernel, not served
                early.send("GET", "/health", "");
                server.healthCheck(() -> "disk full since now: testing"); // as RiffleServer sets it after bind
                server.start();
                RawHttp1Connection.Response health = early.read();
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.bodyText()).contains("disk full since now: testing");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aPortInUseIsReportedAsSuch() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            HttpServer server = new HttpServer("127.0.0.1", taken.getLocalPort(), dispatcher.router());
            assertThatThrownBy(server::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " ");
            server.close();
        }
    }

    /** Waits until connecting to the port is refused (a probe of the close's first step). */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
            } catch (ConnectException e) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(System.nanoTime()).as("the port is still accepted after 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
