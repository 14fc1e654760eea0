package io.riffle.firehose.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.riffle.firehose.http.HttpEndpointProtocol.Outcome;
import io.riffle.firehose.http.HttpEndpointProtocol.Request;
import io.riffle.firehose.http.HttpEndpointProtocol.Verdict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class HttpEndpointProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:firehose:us-east-1:000000000000:deliverystream/web";
    private static final List<byte[]> RECORDS = List.of("one".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, (byte) 0xff, 10});

    @Test
    void theRequestCarriesFirehosesHeadersAndBody() throws IOException {
        Request r = HttpEndpointProtocol.request("req-1", ARN, "secret", Map.of("team", "web"), false, 1234L, RECORDS);
        assertThat(r.headers()).containsEntry("X-Amz-Firehose-Protocol-Version", "1.0")
                .containsEntry("X-Amz-Firehose-Request-Id", "req-1").containsEntry("X-Amz-Firehose-Source-Arn", ARN)
                .containsEntry("X-Amz-Firehose-Access-Key", "secret")
                .containsEntry("X-Amz-Firehose-Common-Attributes", "{\"commonAttributes\":{\"team\":\"web\"}}")
                .containsEntry("Content-Type", "application/json").doesNotContainKey("Content-Encoding");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("requestId").asText()).isEqualTo("req-1");
        assertThat(body.path("timestamp").asLong()).isEqualTo(1234L);
        assertThat(body.path("records")).hasSize(2);
        assertThat(Base64.getDecoder().decode(body.path("records").get(1).path("data").asText()))
                .isEqualTo(RECORDS.get(1));

        Request gzipped = HttpEndpointProtocol.request("req-1", ARN, null, Map.of(), true, 1234L, RECORDS);
        assertThat(gzipped.headers()).containsEntry("Content-Encoding", "gzip")
                .doesNotContainKeys("X-Amz-Firehose-Access-Key", "X-Amz-Firehose-Common-Attributes");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(JSON.readTree(in.readAllBytes())).isEqualTo(body);
        }
    }

    @Test
    void onlyA200NamingTheRequestIsADelivery() {
        byte[] ok = "{\"requestId\":\"req-1\",\"timestamp\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(HttpEndpointProtocol.judge("req-1", 200, ok).verdict()).isEqualTo(Verdict.DELIVERED);
        assertThat(HttpEndpointProtocol.judge("req-2", 200, ok).verdict()).isEqualTo(Verdict.RETRY);
        assertThat(HttpEndpointProtocol.judge("req-1", 200, "ok".getBytes(StandardCharsets.UTF_8)).verdict())
                .isEqualTo(Verdict.RETRY);
        Outcome failed = HttpEndpointProtocol.judge("req-1", 500,
                "{\"requestId\":\"req-1\",\"timestamp\":1,\"errorMessage\":\"disk full\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(failed).isEqualTo(new Outcome(Verdict.RETRY, 500, "disk full"));
        assertThat(HttpEndpointProtocol.judge("req-1", 413, new byte[0]).verdict()).isEqualTo(Verdict.TOO_LARGE);
    }

    @Test
    void backoffDoublesFromOneSecondToTwoMinutesWithJitterAndStopsWithRetryDuration() {
        Random random = new Random(7);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long step = Math.min(120_000, 1_000L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                assertThat(HttpEndpointBackoff.delayMs(attempt, Long.MAX_VALUE, random)).isBetween(step / 2, step);
            }
        }
        assertThat(HttpEndpointBackoff.delayMs(9, 300, random)).isEqualTo(300);
        assertThat(HttpEndpointBackoff.delayMs(1, 0, random)).isEqualTo(-1);
    }

    @Test
    void urlsAreHttpsOn443UnlessTheOperatorAllowsOthers() {
        assertThat(HttpEndpointSender.checkUrl("https://example.com/ingest?k=1", false).getHost()).isEqualTo("example.com");
        assertThatThrownBy(() -> HttpEndpointSender.checkUrl("http://example.com/", false))
                .hasMessageContaining("only https on port 443");
        assertThatThrownBy(() -> HttpEndpointSender.checkUrl("https://example.com:8443/", false))
                .hasMessageContaining("only https on port 443");
        assertThat(HttpEndpointSender.checkUrl("http://127.0.0.1:8080/", true).getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> HttpEndpointSender.checkUrl("ftp://example.com/", true)).hasMessageContaining("https");
    }

    @Test
    void theSenderPostsTheRequestAndJudgesTheEndpointsAnswer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> seen = new ArrayList<>();
        int[] statuses = {503, 200};
        server.createContext("/ingest", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String requestId = exchange.getRequestHeaders().getFirst("X-Amz-Firehose-Request-Id");
            seen.add(requestId + " " + JSON.readTree(body).path("records").size() + " "
                    + exchange.getRequestHeaders().getFirst("X-Amz-Firehose-Access-Key"));
            int status = statuses[Math.min(seen.size() - 1, 1)];
            byte[] answer = ("{\"requestId\":\"" + requestId + "\",\"timestamp\":1"
                    + (status == 200 ? "" : ",\"errorMessage\":\"busy\"") + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try (HttpEndpointSender sender = new HttpEndpointSender()) {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ingest");
            Request request = HttpEndpointProtocol.request("req-9", ARN, "key", Map.of(), false, 1L, RECORDS);
            assertThat(sender.send(url, request)).isEqualTo(new Outcome(Verdict.RETRY, 503, "busy"));
            assertThat(sender.send(url, request).isDelivered()).isTrue();
            assertThat(seen).containsExactly("req-9 2 key", "req-9 2 key"); // the same request id on the retry
            server.stop(0);
            assertThat(sender.send(url, request).verdict()).isEqualTo(Verdict.RETRY); // nothing listens
        } finally {
            server.stop(0);
        }
    }
}
