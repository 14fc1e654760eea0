package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.riffle.aws.AwsAnswer;
import io.riffle.storage.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One server on a free port for the class; the dispatcher's behaviour is reset before each test. */
class HttpServerTest {

    private static final String TARGET = "Kinesis_20131202.ListStreams";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final FakeDispatcher dispatcher = new FakeDispatcher();
    private static HttpServer server;
    private static HttpClient http1;

    /** A dispatcher that breaks its contract is a bug: logged at ERROR. */
    @RegisterExtension
    final LogCapture logs = LogCapture.of(ApiHandler.class).expect(Level.ERROR, "^Service test ");

    @BeforeAll
    static void startServer() throws IOException {
        server = new HttpServer("127.0.0.1", 0, dispatcher.router());
        server.start();
        http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopServer() {
        http1.close();
        server.close();
    }

    @BeforeEach
    void resetDispatcher() {
        dispatcher.reset();
    }

    // ------------------------------------------------------------------ HTTP/1.1

    @Test
    void http1KeepsTheConnectionForTheNextRequest() throws Exception {
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("POST", "/", "{\"n\":1}", "X-Amz-Target: " + TARGET, "Content-Type: application/x-amz-json-1.1",
                    "X-Custom-Header: One");
            RawHttp1Connection.Response first = connection.read();
            connection.send("POST", "/any/path", "{\"n\":2}", "X-Amz-Target: " + TARGET);
            RawHttp1Connection.Response second = connection.read();

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.bodyText()).isEqualTo("{\"n\":1}");
            assertThat(first.header("Content-Type")).isEqualTo(FakeDispatcher.ECHO_CONTENT_TYPE);
            assertThat(first.header("Connection")).isNull();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.bodyText()).isEqualTo("{\"n\":2}");
            assertThat(connection.isClosedByServer(200)).isFalse();

            FakeDispatcher.Call call = dispatcher.calls.take();
            assertThat(call.target()).isEqualTo(TARGET);
            assertThat(call.contentType()).isEqualTo("application/x-amz-json-1.1");
            assertThat(call.headers()).containsEntry("x-custom-header", "One").containsEntry("host", "localhost");
            assertThat(call.requestId()).isEqualTo(first.header("x-amzn-RequestId"));
            assertThat(dispatcher.calls.take().requestId()).isEqualTo(second.header("x-amzn-RequestId"));
        }
    }

    @Test
    void http1ClosesWhenTheClientAsksTo() throws Exception {
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("POST", "/", "{}", "X-Amz-Target: " + TARGET, "Connection: close");
            RawHttp1Connection.Response response = connection.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(connection.isClosedByServer(5_000)).isTrue();
        }
    }

    @Test
    void http1PipelinedRequestsAreAnsweredInOrder() throws Exception {
        CompletableFuture<AwsAnswer> slow = new CompletableFuture<>();
        dispatcher.behaviour = call -> call.target().endsWith("Slow") ? slow : FakeDispatcher.echo(call);
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            byte[] first = RawHttp1Connection.request("POST", "/", "first", "X-Amz-Target: Test.Slow");
            byte[] second = RawHttp1Connection.request("POST", "/", "second", "X-Amz-Target: Test.Fast");
            byte[] both = new byte[first.length + second.length];
            System.arraycopy(first, 0, both, 0, first.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            connection.sendRaw(both);
            dispatcher.calls.poll(5, TimeUnit.SECONDS);
            assertThat(dispatcher.calls.poll(5, TimeUnit.SECONDS)).isNotNull(); // the fast one has its answer already
            slow.complete(AwsAnswer.of(200, "text/plain", "first answer".getBytes(StandardCharsets.UTF_8)));

            assertThat(connection.read().bodyText()).isEqualTo("first answer");
            assertThat(connection.read().bodyText()).isEqualTo("second");
        }
    }

    @Test
    void answersCompletedOnAnotherThreadAreWritten() throws Exception {
        dispatcher.behaviour = call -> CompletableFuture.supplyAsync(() -> FakeDispatcher.echo(call).join(),
                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        HttpResponse<String> response = post(TARGET, "{\"later\":true}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"later\":true}");
    }

    @Test
    void requestIdsAreFreshUuidsAndMatchTheCalls() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = post(TARGET, "{}");
            String id = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(dispatcher.calls.take().requestId()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(20);
        assertThat(get("/health").headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    // ------------------------------------------------------------------ routes and errors

    @Test
    void healthIsOk() throws Exception {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(get("/health?verbose=1").statusCode()).isEqualTo(200);
    }

    @Test
    void otherMethodsAndPathsReachNoService() throws Exception {
        HttpResponse<String> response = get("/nothing-here");
        assertThat(response.statusCode()).isEqualTo(403); // the router's answer
        assertThat(response.body()).startsWith("<AccessDeniedException>\n  <Message>Unable to determine");
        assertThat(response.headers().firstValue("x-amz-id-2")).hasValueSatisfying(id ->
                assertThat(Base64.getDecoder().decode(id)).hasSize(72));
        HttpResponse<String> put = http1.send(HttpRequest.newBuilder(uri("/"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(dispatcher.calls).isEmpty();
    }

    @Test
    void postWithoutTargetReachesNoService() throws Exception {
        HttpResponse<String> response = http1.send(HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400); // UnknownOperationException, in CBOR: no Content-Type
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-cbor-1.1");
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(dispatcher.calls).isEmpty();
    }

    @Test
    void dispatcherFailuresAreAnswered500() throws Exception {
        dispatcher.behaviour = call -> {
            throw new IllegalStateException("test: dispatcher bug");
        };
        assertInternalFailure(post(TARGET, "{}"));
        dispatcher.behaviour = call -> CompletableFuture.failedFuture(new IllegalStateException("test: failed future"));
        assertInternalFailure(post(TARGET, "{}"));
        dispatcher.behaviour = call -> CompletableFuture.completedFuture(null);
        assertInternalFailure(post(TARGET, "{}"));
        dispatcher.behaviour = call -> null;
        assertInternalFailure(post(TARGET, "{}"));
        assertThat(logs.messages(Level.ERROR)).hasSize(4)
                .anyMatch(m -> m.startsWith("Service test failed on request ") && m.endsWith("(POST /)"))
                .anyMatch(m -> m.startsWith("Service test failed request "))
                .anyMatch(m -> m.startsWith("Service test answered null to request "))
                .anyMatch(m -> m.startsWith("Service test returned no future for request "));
    }

    @Test
    void errorsAreCborForCborRequests() throws Exception {
        dispatcher.behaviour = call -> CompletableFuture.failedFuture(new IllegalStateException("test: failed future"));
        HttpResponse<byte[]> response = http1.send(HttpRequest.newBuilder(uri("/"))
                .header("X-Amz-Target", TARGET).header("Content-Type", "application/x-amz-cbor-1.1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xa0})).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-cbor-1.1");
        assertThat(new CBORMapper().readTree(response.body()).get("__type").asText()).isEqualTo("InternalFailure");
        assertThat(logs.messages(Level.ERROR)).singleElement().asString().startsWith("Service test failed request ");
    }

    // ------------------------------------------------------------------ sizes

    @Test
    void bodiesOf10MiBAreAcceptedOnBothProtocols() throws Exception {
        byte[] body = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> response = http1.send(HttpRequest.newBuilder(uri("/")).header("X-Amz-Target", TARGET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);

        try (H2cClient h2 = new H2cClient(server.port())) {
            H2cClient.Reply reply = h2.post(TARGET, body).get(10, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo(body);
        }
    }

    @Test
    void bodiesOverTheLimitAreAnswered413() throws Exception {
        byte[] body = new byte[HttpServer.DEFAULT_MAX_BODY_BYTES + 1];
        HttpResponse<String> response = http1.send(HttpRequest.newBuilder(uri("/")).header("X-Amz-Target", TARGET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("__type").asText()).isEqualTo("SerializationException");
        assertThat(error.get("message").asText()).contains(String.valueOf(HttpServer.DEFAULT_MAX_BODY_BYTES));

        try (H2cClient h2 = new H2cClient(server.port())) {
            assertThat(h2.post(TARGET, body).get(10, TimeUnit.SECONDS).status()).isEqualTo(413);
            // the connection survives: the next stream is served
            assertThat(h2.post(TARGET, "{}".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
        assertThat(dispatcher.calls).hasSize(1);
    }

    // ------------------------------------------------------------------ HTTP/2

    @Test
    void h2cWithPriorKnowledgeServesTheApiAndHealth() throws Exception {
        try (H2cClient h2 = new H2cClient(server.port())) {
            H2cClient.Reply reply = h2.post(TARGET, "{\"h2\":true}".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.bodyText()).isEqualTo("{\"h2\":true}");
            assertThat(reply.headers().get("content-type")).isEqualTo(FakeDispatcher.ECHO_CONTENT_TYPE);
            assertThat(reply.headers().getInt("content-length")).isEqualTo(11);
            FakeDispatcher.Call call = dispatcher.calls.take();
            assertThat(call.requestId()).isEqualTo(reply.headers().get("x-amzn-requestid"));
            assertThat(call.headers()).containsEntry("x-amz-target", TARGET).containsEntry("host", "localhost");
            assertThat(call.headers().keySet()).noneMatch(name -> name.startsWith("x-http2-") || name.startsWith(":"));

            H2cClient.Reply health = h2.get("/health").get(5, TimeUnit.SECONDS);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.bodyText()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(h2.get("/nope").get(5, TimeUnit.SECONDS).status()).isEqualTo(403);
        }
    }

    @Test
    void h2cStreamsOnOneConnectionAreServedConcurrently() throws Exception {
        int streams = 8;
        List<CompletableFuture<AwsAnswer>> held = new CopyOnWriteArrayList<>();
        // No answer until every request has arrived: passes only if the streams are in flight together.
        dispatcher.behaviour = call -> {
            CompletableFuture<AwsAnswer> answer = new CompletableFuture<>();
            held.add(answer);
            if (held.size() == streams) {
                held.forEach(each -> each.complete(AwsAnswer.of(200, "text/plain", call.body())));
            }
            return answer;
        };
        try (H2cClient h2 = new H2cClient(server.port())) {
            List<CompletableFuture<H2cClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                replies.add(h2.post(TARGET, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
            for (CompletableFuture<H2cClient.Reply> reply : replies) {
                assertThat(reply.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            assertThat(h2.isOpen()).isTrue();
        }
        assertThat(dispatcher.calls).hasSize(streams);
    }

    @Test
    void h2cUpgradeFromHttp1IsAccepted() throws Exception {
        try (HttpClient upgrading = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            HttpResponse<String> health = upgrading.send(HttpRequest.newBuilder(uri("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
            HttpResponse<String> api = upgrading.send(HttpRequest.newBuilder(uri("/")).header("X-Amz-Target", TARGET)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"up\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(api.body()).isEqualTo("{\"up\":1}");
        }
    }

    @Test
    void aLargeBodyIsServedOverHttp1InsteadOfUpgradingOutsideTheBudget() throws Exception {
        String large = "{\"pad\":\"" + "x".repeat(SmallBodyUpgradeHandler.MAX_BODY_BYTES) + "\"}";
        try (HttpClient upgrading = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            HttpResponse<String> api = upgrading.send(HttpRequest.newBuilder(uri("/")).header("X-Amz-Target", TARGET)
                    .POST(HttpRequest.BodyPublishers.ofString(large)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.version()).as("not upgraded").isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(api.body()).isEqualTo(large);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertInternalFailure(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(JSON.readTree(response.body()).get("__type").asText()).isEqualTo("InternalFailure");
    }

    private static HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        return http1.send(HttpRequest.newBuilder(uri("/")).header("X-Amz-Target", target)
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http1.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
