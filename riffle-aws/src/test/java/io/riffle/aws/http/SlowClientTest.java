package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.metrics.MetricsRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that drip a request slower than its deadline are closed, although each byte keeps the
 * idle timeout from firing (it is set far beyond the test's length here): the header deadline, the
 * body deadline and the HTTP/2 preface deadline. Meanwhile other clients are served.
 */
class SlowClientTest {
    private static final long HEADER_TIMEOUT_MS = 400;
    private static final long BODY_TIMEOUT_MS = 400;
    private static final long DRIP_EVERY_MS = 20;

    private final FakeDispatcher dispatcher = new FakeDispatcher();
    private final MetricsRegistry metrics = new MetricsRegistry();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new HttpServer("127.0.0.1", 0, dispatcher.router(), metrics).idleTimeoutMs(600_000)
                .headerTimeoutMs(HEADER_TIMEOUT_MS).bodyTimeoutMs(BODY_TIMEOUT_MS);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aHeadDrippedSlowerThanTheHeaderTimeoutIsClosed() throws Exception {
        assertClosedWhileDripping("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Kinesis_20131202.ListStreams"
                + "\r\nX-Padding: " + "x".repeat(10_000), "");
        assertThat(ServerObservations.problems(metrics, "header_timeout")).isEqualTo(1);
        assertOthersAreServed();
    }

    @Test
    void aBodyDrippedSlowerThanTheBodyTimeoutIsClosed() throws Exception {
        assertClosedWhileDripping("{\"StreamName\":\"" + "x".repeat(10_000) + "\"}",
                "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Test.Op\r\nContent-Length: 10017\r\n\r\n");
        assertThat(ServerObservations.problems(metrics, "body_timeout")).isEqualTo(1);
        assertOthersAreServed();
    }

    @Test
    void aSecondRequestOnAKeepAliveConnectionHasItsOwnHeaderDeadline() throws Exception {
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("GET", "/health", "");
            assertThat(connection.read().status()).isEqualTo(200);
        }
        assertClosedWhileDripping("GET /health HTTP/1.1\r\nX-Padding: " + "x".repeat(10_000), "");
        assertThat(ServerObservations.problems(metrics, "header_timeout")).isEqualTo(1);
    }

    @Test
    void anHttp2SettingsFrameDrippedSlowerThanTheHeaderTimeoutIsClosed() throws Exception {
        // A SETTINGS frame announcing 2,000 settings (12,000 bytes), sent a byte at a time.
        StringBuilder frame = new StringBuilder();
        int length = 12_000;
        frame.append((char) (length >> 16)).append((char) ((length >> 8) & 0xff)).append((char) (length & 0xff));
        frame.append((char) 0x4).append((char) 0).append("\0\0\0\0");
        for (int i = 0; i < 2_000; i++) {
            frame.append("\0\u0003\0\0\0\u0064"); // SETTINGS_MAX_CONCURRENT_STREAMS = 100
        }
        assertClosedWhileDripping(frame.toString(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(ServerObservations.problems(metrics, "h2_preface_timeout")).isEqualTo(1);
        assertOthersAreServed();
    }

    /** Sends {@code start}, then {@code drip} a byte at a time until the server closes the connection. */
    private void assertClosedWhileDripping(String drip, String start) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(start.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicBoolean isDone = new AtomicBoolean();
            Thread dripper = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < drip.length() && !isDone.get(); i++) {
                        out.write(drip.charAt(i));
                        out.flush();
                        Thread.sleep(DRIP_EVERY_MS); // the client's pace, not a wait for the server
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection: what the test waits for
                }
            });
            try {
                assertThat(ServerObservations.closedByServer(socket)).as("closed by the server before the drip ended").isTrue();
            } finally {
                isDone.set(true);
                dripper.join();
            }
        }
    }

    private void assertOthersAreServed() throws IOException {
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("POST", "/", "{\"a\":1}", "X-Amz-Target: Test.Op");
            RawHttp1Connection.Response answer = connection.read();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.bodyText()).isEqualTo("{\"a\":1}");
        }
    }
}
