package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The protocol edge without an SDK, as curl or a hand-written client sees it: the error
 * {@code __type} for an unknown target, a malformed body and a missing Authorization header,
 * and a JSON answer with a request id; the console's API without sign-in (auth=none). Runs once (the JSON/CBOR choice of the SDK does not apply).
 */
class RawProtocolIT {

    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/kinesis/"
            + "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123456789abcdef";

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    private static HttpClient http;

    @BeforeAll
    static void client() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void close() {
        http.close();
    }

    @Test
    void listStreamsInJson() throws Exception {
        HttpResponse<String> r = post("Kinesis_20131202.ListStreams", "{}", true);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(SdkClients.JSON));
        assertThat(r.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(v -> assertThat(v).isNotBlank());
        assertThat(r.body()).contains("\"StreamNames\"").contains("\"HasMoreStreams\"");
    }

    /** With auth=none on loopback the console needs no sign-in: its API answers as before, sign-in is refused. */
    @Test
    void theConsoleNeedsNoSignInWithAuthNone() throws Exception {
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(riffle.endpoint().resolve("/console/api/session"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(session.body()).isEqualTo("{\"auth\":\"none\",\"signedIn\":true}");
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(riffle.endpoint().resolve("/console/api/config"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(riffle.endpoint().resolve("/console/api/signin"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(400);
        assertThat(signIn.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void unknownTargetIsUnknownOperationException() throws Exception {
        HttpResponse<String> r = post("Kinesis_20131202.MakeCoffee", "{}", true);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("UnknownOperationException");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void malformedBodyIsSerializationException() throws Exception {
        HttpResponse<String> r = post("Kinesis_20131202.CreateStream", "{\"StreamName\": \"x\", ", true);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException");
    }

    @Test
    void wrongTypeIsSerializationException() throws Exception {
        HttpResponse<String> r = post("Kinesis_20131202.CreateStream", "{\"StreamName\": \"x\", \"ShardCount\": \"many\"}", true);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException");
    }

    @Test
    void missingAuthorizationIsMissingAuthenticationToken() throws Exception {
        HttpResponse<String> r = post("Kinesis_20131202.ListStreams", "{}", false);

        assertThat(r.statusCode()).as(r.body()).isBetween(400, 403);
        assertThat(r.body()).contains("MissingAuthenticationToken");
    }

    @Test
    void withoutListedOriginsBrowsersGetNoCorsAnswers() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(riffle.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(403); // the front door's AccessDeniedException: no route
        assertThat(preflight.headers().map().keySet()).noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT)
                .startsWith("access-control-"));
    }

    @Test
    void healthAnswers200() {
        assertThat(riffle.server().health()).isEqualTo(200);
    }

    private static HttpResponse<String> post(String target, String body, boolean signed)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(riffle.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", SdkClients.JSON)
                .header("X-Amz-Target", target)
                .header("X-Amz-Date", "20240101T000000Z")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signed) {
            b.header("Authorization", AUTH);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
