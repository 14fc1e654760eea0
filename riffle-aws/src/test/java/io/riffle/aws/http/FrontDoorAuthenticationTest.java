package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.Caller;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.ServiceRouter;
import io.riffle.aws.AuthFailure;
import io.riffle.aws.auth.Authentication;
import io.riffle.aws.auth.Authenticator;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The front door asks its authenticator once per routed request, before the service, and answers its refusals. */
class FrontDoorAuthenticationTest {
    private static final String SIGNED = "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/us-east-1/"
            + "kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";

    private final FakeDispatcher service = new FakeDispatcher();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServiceSeesTheCallerTheAuthenticatorFound() throws IOException {
        AtomicReference<Caller> seen = new AtomicReference<>();
        server = new HttpServer("127.0.0.1", 0, new ServiceRouter(List.of(
                new CallerRecordingService(seen)))).authenticator(Authenticator.anyCredentials("123456789012"));
        server.start();
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("POST", "/", "{}", "X-Amz-Target: Test.Op", SIGNED);
            assertThat(connection.read().status()).isEqualTo(200);
        }
        assertThat(seen.get()).isEqualTo(Caller.accountRoot("123456789012", "AKIDEXAMPLE"));
    }

    @Test
    void aRefusedRequestReachesNoServiceAndIsAnsweredInItsOwnProtocol() throws IOException {
        Authenticator signedOnly = request -> request.header("Authorization") == null
                ? Authentication.refused(AuthFailure.missingAuthenticationToken())
                : Authentication.authenticated(Caller.accountRoot("123456789012", ""));
        server = new HttpServer("127.0.0.1", 0, service.router()).authenticator(signedOnly);
        server.start();
        try (RawHttp1Connection connection = new RawHttp1Connection(server.port())) {
            connection.send("POST", "/", "{}", "X-Amz-Target: Test.Op", "Content-Type: application/x-amz-json-1.1");
            RawHttp1Connection.Response refused = connection.read();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
            assertThat(refused.bodyText()).isEqualTo(
                    "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}");
            assertThat(service.calls).isEmpty();

            connection.send("POST", "/", "{}", "X-Amz-Target: Test.Op", SIGNED);
            assertThat(connection.read().status()).isEqualTo(200);
            assertThat(service.calls).hasSize(1);
        }
    }

    /** Answers 200 and keeps the caller of the last request. */
    private record CallerRecordingService(AtomicReference<Caller> seen) implements AwsService {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public List<ServiceRoute> routes() {
            return List.of(new ServiceRoute.ByTarget("Test."));
        }

        @Override
        public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
            seen.set(request.caller());
            return CompletableFuture.completedFuture(AwsAnswer.of(200, "text/plain", "ok"));
        }
    }
}
