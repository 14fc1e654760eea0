package io.riffle.kinesis.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.ServiceRouter;
import io.riffle.aws.http.HttpServer;
import io.riffle.aws.metrics.MetricsRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} through the real HTTP server, over HTTP/1.1 and over h2c (Upgrade from HTTP/1.1). */
class MetricsEndpointTest {

    private static final ServiceRouter NO_API = new ServiceRouter(List.of());

    @Test
    void servesTheRegistryInTheTextFormatOverHttp1AndH2c() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        KinesisMetrics metrics = new KinesisMetrics(registry,
                () -> List.of(KinesisMetricsTest.stream("orders", 1, 0)));
        metrics.stream("orders").stored(2, 64);
        try (HttpServer server = new HttpServer("127.0.0.1", 0, NO_API, registry)) {
            server.start();
            long stored = 2;
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpResponse<String> r = get(server.port(), "/metrics", version);
                assertThat(r.statusCode()).as("status over %s", version).isEqualTo(200);
                assertThat(r.version()).as("protocol the server answered in").isEqualTo(version);
                assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                assertThat(r.body())
                        .contains("riffle_kinesis_incoming_records_total{stream=\"orders\"} " + stored + "\n");
                metrics.stream("orders").stored(1, 32); // rendered afresh on every scrape
                stored++;
                assertThat(get(server.port(), "/metrics?x=1", version).body())
                        .contains("riffle_kinesis_incoming_records_total{stream=\"orders\"} " + stored + "\n");
            }
        }
    }

    @Test
    void aServerBuiltWithoutMetricsAnswers404() throws Exception {
        try (HttpServer server = new HttpServer("127.0.0.1", 0, NO_API)) {
            server.start();
            assertThat(get(server.port(), "/metrics", HttpClient.Version.HTTP_1_1).statusCode()).isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(int port, String path, HttpClient.Version version) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
        try (client) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
