package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Browser access (CORS) as a browser does it, with raw HTTP requests over HTTP/1.1 and h2c: a
 * server started with {@code cors-allowed-origins} answers the preflight {@code OPTIONS} of a listed
 * origin and names that origin in its answers (Kinesis, errors and STS alike); another origin's
 * preflight is refused and its answers name no origin. Runs once (no SDK inside).
 */
class CorsIT {

    private static final String PAGE = "http://localhost:3000";
    private static final String CONSOLE = "https://console.example.com";
    private static final String STRANGER = "http://evil.example";
    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/kinesis/"
            + "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123456789abcdef";

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(
            "cors-allowed-origins=" + PAGE + "," + CONSOLE);

    private static HttpClient http1;
    private static HttpClient http2;

    /** The protocols a browser may use to reach Riffle's plaintext port. */
    enum Protocol { HTTP_1_1, H2C }

    @BeforeAll
    static void clients() throws Exception {
        http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
        // the JDK client upgrades a plaintext connection (h2c) on a request without a body, then keeps it
        HttpResponse<String> upgrade = http2.send(HttpRequest.newBuilder(riffle.endpoint().resolve("/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upgrade.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void close() {
        http1.close();
        http2.close();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aListedOriginsPreflightIsAnswered(Protocol protocol) throws Exception {
        HttpResponse<String> r = send(protocol, HttpRequest.newBuilder(riffle.endpoint().resolve("/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PAGE)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-amz-date,x-amz-target,"
                        + "x-amz-user-agent"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        HttpHeaders headers = r.headers();
        assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
        assertThat(headers.firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                v -> assertThat(v.split(",\\s*")).contains("POST", "GET"));
        assertThat(headers.firstValue("Access-Control-Allow-Headers")).hasValue(
                "authorization, content-type, x-amz-date, x-amz-target, x-amz-user-agent");
        assertThat(headers.firstValue("Access-Control-Max-Age")).hasValue("86400");
        assertThat(headers.allValues("Vary")).contains("Origin");
        assertThat(r.body()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anotherOriginsPreflightIsRefused(Protocol protocol) throws Exception {
        HttpResponse<String> r = send(protocol, HttpRequest.newBuilder(riffle.endpoint().resolve("/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", STRANGER)
                .header("Access-Control-Request-Method", "POST"));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(accessControlHeaders(r)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void answersNameAListedOrigin(Protocol protocol) throws Exception {
        HttpResponse<String> r = send(protocol, kinesis("Kinesis_20131202.ListStreams", CONSOLE));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"StreamNames\"");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(CONSOLE);
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                v -> assertThat(v.split(",\\s*")).contains("x-amzn-RequestId", "x-amzn-ErrorType"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void errorsNameAListedOriginToo(Protocol protocol) throws Exception {
        // a page must be able to read the error, or the SDK in the browser reports a network failure
        HttpResponse<String> r = send(protocol, kinesis("Kinesis_20131202.MakeCoffee", PAGE));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("UnknownOperationException");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void answersNameNoOtherOrigin(Protocol protocol) throws Exception {
        HttpResponse<String> stranger = send(protocol, kinesis("Kinesis_20131202.ListStreams", STRANGER));
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(200); // answered; the browser hides it
        assertThat(accessControlHeaders(stranger)).isEmpty();

        HttpResponse<String> noOrigin = send(protocol, kinesis("Kinesis_20131202.ListStreams", null));
        assertThat(noOrigin.statusCode()).isEqualTo(200);
        assertThat(accessControlHeaders(noOrigin)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void stsAnswersNameAListedOrigin(Protocol protocol) throws Exception {
        HttpResponse<String> r = send(protocol, HttpRequest.newBuilder(riffle.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Origin", PAGE)
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<Account>000000000000</Account>");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void requestsOnOneConnectionEachGetTheirOwnOrigin(Protocol protocol) throws Exception {
        for (String origin : List.of(PAGE, STRANGER, CONSOLE, STRANGER, PAGE)) {
            HttpResponse<String> r = send(protocol, kinesis("Kinesis_20131202.ListStreams", origin));
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(origin)
                    .isEqualTo(origin.equals(STRANGER) ? Optional.empty() : Optional.of(origin));
        }
    }

    private static HttpRequest.Builder kinesis(String target, String origin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(riffle.endpoint().resolve("/"))
                .header("Content-Type", SdkClients.JSON)
                .header("X-Amz-Target", target)
                .header("X-Amz-Date", "20240101T000000Z")
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b;
    }

    private static HttpResponse<String> send(Protocol protocol, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpClient client = protocol == Protocol.H2C ? http2 : http1;
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).isEqualTo(protocol == Protocol.H2C ? HttpClient.Version.HTTP_2
                : HttpClient.Version.HTTP_1_1);
        return response;
    }

    private static List<String> accessControlHeaders(HttpResponse<String> r) {
        return r.headers().map().keySet().stream().filter(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"))
                .toList();
    }
}
