package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.metrics.MetricsRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request bytes held across connections stay within max-buffered-request-bytes: a request that
 * would go over is answered 503 ServiceUnavailable and dropped while the others are
 * served, and the memory comes back when requests are parsed or their clients go. Large bodies are
 * parsed off the event loops.
 */
class RequestMemoryTest {
    private static final long BUDGET_BYTES = 1024 * 1024;
    private static final int STALLED_BODY_BYTES = 700_000;

    private final FakeDispatcher dispatcher = new FakeDispatcher();
    private final MetricsRegistry metrics = new MetricsRegistry();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new HttpServer("127.0.0.1", 0, dispatcher.router(), metrics).maxBufferedRequestBytes(BUDGET_BYTES);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRequestOverTheBudgetIsAnswered503WhileOthersAreServedAndTheMemoryComesBack() throws Exception {
        try (RawHttp1Connection stalled = new RawHttp1Connection(server.port());
             RawHttp1Connection overBudget = new RawHttp1Connection(server.port())) {
            stalled.sendRaw(head(STALLED_BODY_BYTES));
            stalled.sendRaw(new byte[600_000]); // and never the rest
            awaitBuffered(bytes -> bytes >= 600_000);

            overBudget.sendRaw(head(STALLED_BODY_BYTES));
            overBudget.sendRaw(new byte[STALLED_BODY_BYTES]);
            RawHttp1Connection.Response refused = overBudget.read();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.bodyText()).contains("\"__type\":\"ServiceUnavailable\"").contains("max-buffered-request-bytes");
            assertThat(dispatcher.calls).isEmpty();

            // the refused client's connection serves its next request; a small request fits beside the stalled one
            assertServed(overBudget);
            try (RawHttp1Connection small = new RawHttp1Connection(server.port())) {
                assertServed(small);
            }
            assertThat(ServerObservations.problems(metrics, "request_rejected")).isEqualTo(1);
        }
        awaitBuffered(bytes -> bytes == 0); // the stalled client went: its bytes are given back
    }

    @Test
    void aContinueRequestOverTheBudgetIsRefusedBeforeItsBodyIsSent() throws Exception {
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.sendRaw(("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Test.Op\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + 2 * BUDGET_BYTES + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(connection.read().status()).isEqualTo(503);
            assertServed(connection);
        }
    }

    @Test
    void answeredRequestsHoldNoMemory() throws Exception {
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            for (int i = 0; i < 5; i++) {
                connection.sendRaw(head(STALLED_BODY_BYTES));
                connection.sendRaw(new byte[STALLED_BODY_BYTES]);
                assertThat(connection.read().status()).isEqualTo(200);
            }
        }
        awaitBuffered(bytes -> bytes == 0);
        assertThat(ServerObservations.problems(metrics, "request_rejected")).isZero();
    }

    @Test
    void largeBodiesAreParsedOffTheEventLoops() throws Exception {
        CompletableFuture<String> smallThread = new CompletableFuture<>();
        CompletableFuture<String> largeThread = new CompletableFuture<>();
        dispatcher.behaviour = call -> {
            (call.body().length < ApiHandler.OFF_LOOP_BODY_BYTES ? smallThread : largeThread)
                    .complete(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(AwsAnswer.of(200, "text/plain", new byte[0]));
        };
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("POST", "/", "{}", "X-Amz-Target: Test.Op");
            assertThat(connection.read().status()).isEqualTo(200);
            connection.sendRaw(head(ApiHandler.OFF_LOOP_BODY_BYTES));
            connection.sendRaw(new byte[ApiHandler.OFF_LOOP_BODY_BYTES]);
            assertThat(connection.read().status()).isEqualTo(200);
        }
        assertThat(smallThread.get(10, TimeUnit.SECONDS)).startsWith("riffle-http-");
        assertThat(largeThread.get(10, TimeUnit.SECONDS)).startsWith("riffle-parse-");
    }

    private static byte[] head(int contentLength) {
        return ("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Test.Op\r\nContent-Type: application/x-amz-json-1.1"
                + "\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void assertServed(RawHttp1Connection connection) throws IOException {
        connection.send("POST", "/", "{\"a\":1}", "X-Amz-Target: Test.Op");
        RawHttp1Connection.Response answer = connection.read();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bodyText()).isEqualTo("{\"a\":1}");
    }

    /** Polls the gauge until it passes the test (the server frees memory on its event loops). */
    private void awaitBuffered(LongPredicate isExpected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long bytes = buffered();
        while (!isExpected.test(bytes) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            bytes = buffered();
        }
        assertThat(isExpected.test(bytes)).as("buffered request bytes: %d", bytes).isTrue();
    }

    private long buffered() {
        return ServerObservations.sample(metrics, "riffle_http_buffered_request_bytes ");
    }
}
