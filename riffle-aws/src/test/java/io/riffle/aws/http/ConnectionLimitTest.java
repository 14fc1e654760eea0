package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.storage.LogCapture;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionLimitTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.of(HttpServer.class).expect(Level.WARN, "the most this server serves at once");

    private final MetricsRegistry metrics = new MetricsRegistry();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void overTheCapNewConnectionsAreClosedWhileOpenOnesKeepBeingServed() throws Exception {
        server = new HttpServer("127.0.0.1", 0, new FakeDispatcher().router(), metrics).maxConnections(2);
        server.start();
        try (RawHttp1Connection first = new RawHttp1Connection(server.port());
             RawHttp1Connection second = new RawHttp1Connection(server.port())) {
            assertThat(health(first)).isEqualTo(200); // both counted once served
            assertThat(health(second)).isEqualTo(200);

            try (RawHttp1Connection third = new RawHttp1Connection(server.port());
                 RawHttp1Connection fourth = new RawHttp1Connection(server.port())) {
                assertThat(third.isClosedByServer(5_000)).as("third closed at once").isTrue();
                assertThat(fourth.isClosedByServer(5_000)).as("fourth closed at once").isTrue();
            }
            assertThat(health(first)).as("open ones still served").isEqualTo(200);
            assertThat(health(second)).isEqualTo(200);
            assertThat(logs.messages(Level.WARN)).as("one warning per spell at the cap, not per connection")
                    .hasSize(1).allSatisfy(m -> assertThat(m).contains("2 connections are open"));
            assertThat(metrics.render()).contains("riffle_http_open_connections 2")
                    .contains("riffle_http_refused_connections_total 2");
        }
        // both closed: a new connection is served once the server has counted them gone
        assertThat(servedAgain()).isTrue();
    }

    private static int health(RawHttp1Connection connection) throws IOException {
        connection.send("GET", "/health", "");
        return connection.read().status();
    }

    /** Opens connections until one is served (the closes are counted on the event loops, soon after). */
    private boolean servedAgain() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (RawHttp1Connection next = new RawHttp1Connection(server.port())) {
                if (health(next) == 200) {
                    return true;
                }
            } catch (IOException refused) {
                Thread.sleep(5);
            }
        }
        return false;
    }
}
