package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.riffle.aws.tls.ServerCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS beside plaintext on one port: HTTP/2 and HTTP/1.1 chosen by ALPN, plaintext HTTP/1.1 and
 * h2c still served, clients that do not trust the certificate refused.
 * Clients trust the generated certificate the way an operator would tell them to: its PEM file.
 */
class HttpServerTlsTest {

    private static final String TARGET = "Kinesis_20131202.ListStreams";

    private static final FakeDispatcher dispatcher = new FakeDispatcher();
    private static HttpServer server;
    private static ServerCertificate certificate;
    private static SSLContext trustingRiffle;

    @BeforeAll
    static void startServer() throws Exception {
        // openssl's EC certificate for localhost and 127.0.0.1 (riffle-server makes its own with SelfSignedCertificate)
        certificate = ServerCertificate.fromFiles(resource("openssl-ec.crt"), "test certificate",
                resource("openssl-ec-sec1.key"), "test key");
        server = new HttpServer("127.0.0.1", 0, dispatcher.router(), HttpServer.DEFAULT_MAX_BODY_BYTES,
                HttpServer.DEFAULT_DRAIN_TIMEOUT_MS, null, certificate);
        server.start();
        trustingRiffle = trusting(certificate.certificateFile());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetDispatcher() {
        dispatcher.reset();
    }

    @Test
    void http2IsChosenByAlpnOverTls() throws Exception {
        try (HttpClient client = client(HttpClient.Version.HTTP_2)) {
            HttpResponse<String> response = client.send(post("https://127.0.0.1:" + server.port() + "/", "{\"h2\":1}"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"h2\":1}");
            assertThat(response.headers().firstValue(ApiHandler.REQUEST_ID_HEADER)).isPresent();
            FakeDispatcher.Call call = dispatcher.calls.poll(10, TimeUnit.SECONDS);
            assertThat(call).isNotNull();
            assertThat(call.target()).isEqualTo(TARGET);
        }
    }

    @Test
    void http11IsServedOverTlsWhenTheClientAsksForIt() throws Exception {
        try (HttpClient client = client(HttpClient.Version.HTTP_1_1)) {
            for (int i = 0; i < 3; i++) { // keep-alive over one TLS connection
                HttpResponse<String> response = client.send(post("https://localhost:" + server.port() + "/", "{\"n\":" + i
                        + "}"), HttpResponse.BodyHandlers.ofString());
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(response.body()).isEqualTo("{\"n\":" + i + "}");
            }
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutAlpnTheFirstBytesTellHttp2FromHttp1() throws Exception {
        // The AWS SDK's Netty client (ASSUME_PROTOCOL, its default) names no protocol and sends the HTTP/2 preface.
        SslContext noAlpn = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(certificate.certificate()).build();
        try (H2cClient h2 = new H2cClient(server.port(), noAlpn)) {
            H2cClient.Reply reply = h2.post(TARGET, "{\"h2-no-alpn\":1}".getBytes(StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.bodyText()).isEqualTo("{\"h2-no-alpn\":1}");
        }
        try (SSLSocket socket = (SSLSocket) trustingRiffle.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).as("no ALPN").isEmpty();
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("{\"status\":\"ok\"}");
        }
    }

    @Test
    void plaintextHttp1AndH2cStillWorkOnTheSamePort() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(post("http://127.0.0.1:" + server.port() + "/", "{\"plain\":1}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(response.body()).isEqualTo("{\"plain\":1}");
        }
        try (H2cClient h2c = new H2cClient(server.port())) {
            H2cClient.Reply reply = h2c.post(TARGET, "{\"h2c\":1}".getBytes(StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.bodyText()).isEqualTo("{\"h2c\":1}");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedAndOthersCarryOn() throws Exception {
        try (HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            Throwable refused = catchThrowable(() -> untrusting.send(
                    post("https://127.0.0.1:" + server.port() + "/", "{}"), HttpResponse.BodyHandlers.ofString()));
            assertThat(refused).isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(dispatcher.calls).isEmpty();
        try (HttpClient client = client(HttpClient.Version.HTTP_2)) {
            assertThat(client.send(post("https://127.0.0.1:" + server.port() + "/", "{}"),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTlsClientOfAPlaintextOnlyServerIsDisconnected() throws Exception {
        HttpServer plaintext = new HttpServer("127.0.0.1", 0, dispatcher.router());
        plaintext.start();
        try (HttpClient client = client(HttpClient.Version.HTTP_1_1)) {
            Throwable refused = catchThrowable(() -> client.send(post("https://127.0.0.1:" + plaintext.port() + "/", "{}"),
                    HttpResponse.BodyHandlers.ofString()));
            assertThat(refused).isInstanceOf(IOException.class);
        } finally {
            plaintext.close();
        }
    }

    @Test
    void theTlsByteStartsNothingElse() throws Exception {
        // A plaintext request whose first byte is not 0x16 is HTTP: the detector must not take it for TLS.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("{\"status\":\"ok\"}");
        }
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(trustingRiffle)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest post(String uri, String body) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .header("X-Amz-Target", TARGET).header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static Path resource(String name) throws Exception {
        return Path.of(HttpServerTlsTest.class.getResource("/tls/" + name).toURI());
    }

    /** An SSLContext that trusts exactly the certificate in {@code pem}, as a client given it as its CA would. */
    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
        trustStore.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trustStore.setCertificateEntry("riffle", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
