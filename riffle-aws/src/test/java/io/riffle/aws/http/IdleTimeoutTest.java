package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsAnswer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections that send nothing for the idle timeout, with no answer pending, are closed; others are not. */
class IdleTimeoutTest {
    private static final long IDLE_TIMEOUT_MS = 300;

    private final FakeDispatcher dispatcher = new FakeDispatcher();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new HttpServer("127.0.0.1", 0, dispatcher.router()).idleTimeoutMs(IDLE_TIMEOUT_MS);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPartialHeadIsClosed() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Kines");
            assertThat(ServerObservations.closedByServer(socket)).isTrue();
        }
    }

    @Test
    void aPartialBodyIsClosed() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n{\"Stream");
            assertThat(ServerObservations.closedByServer(socket)).isTrue();
        }
    }

    @Test
    void aSilentHttp2PrefaceIsClosed() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"); // then no SETTINGS, nothing
            assertThat(ServerObservations.closedByServer(socket)).isTrue();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws IOException {
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("GET", "/health", "");
            assertThat(connection.read().status()).isEqualTo(200);
            assertThat(connection.isClosedByServer(10_000)).isTrue();
        }
    }

    @Test
    void aConnectionWaitingForItsAnswerIsNotClosed() throws Exception {
        CompletableFuture<AwsAnswer> slow = new CompletableFuture<>();
        dispatcher.behaviour = call -> slow;
        try (RawHttp1Connection waiting = new RawHttp1Connection(server.port())) {
            waiting.send("POST", "/", "{}", "X-Amz-Target: Test.Slow");
            dispatcher.calls.take();
            // a connection opened after the request's last byte, closed by the timeout: the waiting
            // one has been silent longer than that by now
            try (Socket probe = connect()) {
                assertThat(ServerObservations.closedByServer(probe)).isTrue();
            }
            slow.complete(AwsAnswer.of(200, "text/plain", "done".getBytes(StandardCharsets.UTF_8)));
            RawHttp1Connection.Response answer = waiting.read();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.bodyText()).isEqualTo("done");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }
}
