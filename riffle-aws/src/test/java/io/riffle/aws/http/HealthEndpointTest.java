package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code GET /health} follows its {@link HealthCheck}: degraded with the reason, ok again after, on HTTP/1.1 and h2c. */
class HealthEndpointTest {

    @Test
    void aProblemMakesHealthDegradedWithItsReasonUntilItEnds() throws Exception {
        AtomicReference<String> problem = new AtomicReference<>();
        try (HttpServer server = new HttpServer("127.0.0.1", 0, new FakeDispatcher().router()).healthCheck(problem::get);
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            server.start();
            URI health = URI.create("http://127.0.0.1:" + server.port() + "/health");
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");

            problem.set("disk full since 2025-01-01T00:00:00Z: journal write to \"j\": No space left on device");
            HttpResponse<String> degraded = client.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(degraded.statusCode()).isEqualTo(503);
            assertThat(degraded.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(degraded.body()).isEqualTo("{\"status\":\"degraded\",\"reason\":\"disk full since "
                    + "2025-01-01T00:00:00Z: journal write to \\\"j\\\": No space left on device\"}");
            try (H2cClient h2 = new H2cClient(server.port())) {
                H2cClient.Reply reply = h2.get("/health").get(5, TimeUnit.SECONDS);
                assertThat(reply.status()).isEqualTo(503);
                assertThat(reply.bodyText()).isEqualTo(degraded.body());
            }

            problem.set(null);
            assertThat(client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
    }
}
