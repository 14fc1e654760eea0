package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.name;
import static io.riffle.it.Kit.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * A real server process under hostile clients while an SDK client keeps writing: clients dripping
 * request heads and bodies are closed at their deadlines, stalled large bodies hold no more than
 * max-buffered-request-bytes (the request that would go over is answered 503), a JSON document of
 * half a million keys is refused with SerializationException, and every acknowledged record is there.
 */
class HostileClientsIT {
    private static final int BUDGET_BYTES = 12 * 1024 * 1024;
    private static final int DRIPPERS = 100;
    private static final int STALLED_BODIES = 6;
    private static final int STALLED_BODY_BYTES = 1024 * 1024;

    @Test
    void hostileClientsAreBoundedWhileAWellBehavedClientIsServed() throws Exception {
        try (RiffleServerProcess server = RiffleServerProcess.start("hostile",
                "http-header-timeout-ms=1000", "http-body-timeout-ms=2000",
                "max-buffered-request-bytes=" + BUDGET_BYTES);
             KinesisClient kinesis = SdkClients.sync(server.endpoint(), new WireLog())) {
            String stream = createActive(kinesis, name("hostile"), 1);
            List<String> acknowledged = new ArrayList<>();
            URI endpoint = server.endpoint();

            // Drippers: a byte of a head every 100 ms, which the 60 s idle timeout alone would never stop.
            List<Socket> drippers = new ArrayList<>();
            AtomicBoolean isDone = new AtomicBoolean();
            List<Thread> drips = new ArrayList<>();
            for (int i = 0; i < DRIPPERS; i++) {
                Socket socket = connect(endpoint);
                drippers.add(socket);
                drips.add(Thread.ofVirtual().start(() -> drip(socket, isDone)));
            }
            // Stalled bodies: each announces 1 MiB, sends most of it and stops.
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < STALLED_BODIES; i++) {
                Socket socket = connect(endpoint);
                send(socket, head(STALLED_BODY_BYTES));
                send(socket, new byte[STALLED_BODY_BYTES - 100_000]);
                stalled.add(socket);
            }
            Kit.await(Duration.ofSeconds(20), "the stalled bodies to be buffered", () ->
                    metric(endpoint, "riffle_http_buffered_request_bytes") >= STALLED_BODIES * 900_000.0);

            // Over the budget: answered 503 ServiceUnavailable at once.
            try (Socket overBudget = connect(endpoint)) {
                send(overBudget, head(7 * STALLED_BODY_BYTES));
                send(overBudget, new byte[7 * STALLED_BODY_BYTES]);
                String answer = readAnswer(overBudget);
                assertThat(answer).startsWith("HTTP/1.1 503").contains("\"__type\":\"ServiceUnavailable\"");
            }

            // Meanwhile the SDK client is served.
            for (int i = 0; i < 20; i++) {
                PutRecordResponse put = kinesis.putRecord(r -> r.streamName(stream).partitionKey("pk")
                        .data(bytes("record-" + acknowledged.size())));
                acknowledged.add(put.sequenceNumber());
            }

            // The deadlines close every dripper and stalled body; their memory comes back.
            for (Socket socket : drippers) {
                assertThat(closedByServer(socket)).as("a dripping head closed by the server").isTrue();
            }
            for (Socket socket : stalled) {
                assertThat(closedByServer(socket)).as("a stalled body closed by the server").isTrue();
            }
            isDone.set(true);
            for (Thread drip : drips) {
                drip.join();
            }
            Kit.await(Duration.ofSeconds(20), "the buffered request bytes to be given back", () ->
                    metric(endpoint, "riffle_http_buffered_request_bytes") == 0);
            assertThat(metric(endpoint, "riffle_http_client_problems_total{cause=\"header_timeout\"}"))
                    .isGreaterThanOrEqualTo(DRIPPERS);
            assertThat(metric(endpoint, "riffle_http_client_problems_total{cause=\"body_timeout\"}"))
                    .isGreaterThanOrEqualTo(STALLED_BODIES);

            // Fifty thousand keys (0.6 MB), past the parser's 20,000-token limit: refused as the parser reaches it.
            // Small enough to arrive well inside this server's 2 s body deadline on a loaded machine, and sent over
            // HTTP/1.1 (the JDK client would otherwise offer an h2c upgrade, not what this test is about).
            StringBuilder manyKeys = new StringBuilder("{");
            for (int i = 0; i < 50_000; i++) {
                manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
            }
            HttpResponse<String> refused = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(endpoint)
                    .header("X-Amz-Target", "Kinesis_20131202.PutRecord")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(manyKeys.append('}').toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("SerializationException");

            List<Record> records = readAll(kinesis, stream, "shardId-000000000000");
            assertThat(records).extracting(Record::sequenceNumber).containsExactlyElementsOf(acknowledged);
            assertThat(server.health()).isEqualTo(200);
        }
    }

    private static void drip(Socket socket, AtomicBoolean isDone) {
        byte[] head = ("POST / HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "x".repeat(1_000))
                .getBytes(StandardCharsets.US_ASCII);
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < head.length && !isDone.get(); i++) {
                out.write(head[i]);
                out.flush();
                Thread.sleep(100); // the client's pace
            }
        } catch (IOException | InterruptedException closed) {
            // closed by the server: expected
        }
    }

    private static byte[] head(int contentLength) {
        return ("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Kinesis_20131202.PutRecord\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static Socket connect(URI endpoint) throws IOException {
        Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** The status line and the rest of the first answer, as far as the socket gives it in one read. */
    private static String readAnswer(Socket socket) throws IOException {
        byte[] buffer = new byte[8192];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // whatever the server says before it closes
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.close();
        }
    }

    private static double metric(URI endpoint, String series) {
        try {
            return MetricsIT.scrape(endpoint).value(series);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
