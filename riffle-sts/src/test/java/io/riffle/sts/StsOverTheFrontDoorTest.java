package io.riffle.sts;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.ServiceRouter;
import io.riffle.aws.auth.Authenticator;
import io.riffle.aws.auth.SessionTokens;
import io.riffle.aws.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STS through the real front door (HTTP/1.1 and h2c), as the KPL and the SDKs call it: a form POST. */
class StsOverTheFrontDoorTest {
    private static final String ACCOUNT = "123456789012";
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        StsService sts = new StsService(ACCOUNT, new SessionTokens(new byte[SessionTokens.KEY_BYTES],
                new SecureRandom()), InstantSource.system());
        server = new HttpServer("127.0.0.1", 0, new ServiceRouter(List.of(sts)))
                .authenticator(Authenticator.anyCredentials(ACCOUNT));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void getCallerIdentityAnswersTheAccountOverHttp1AndH2c() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpResponse<String> response = post(version, "Action=GetCallerIdentity&Version=2011-06-15");
            assertThat(response.statusCode()).as("%s", version).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/xml");
            assertThat(response.body())
                    .contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                    .contains("<Account>" + ACCOUNT + "</Account>")
                    .contains("<Arn>arn:aws:iam::" + ACCOUNT + ":root</Arn>")
                    .contains("<RequestId>" + response.headers().firstValue("x-amzn-RequestId").orElseThrow()
                            + "</RequestId>");
        }
    }

    @Test
    void otherActionsAreInvalidActions() throws Exception {
        HttpResponse<String> response = post(HttpClient.Version.HTTP_1_1,
                "Action=GetFederationToken&Name=x&Version=2011-06-15");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>InvalidAction</Code>")
                .contains("Riffle answers only the STS actions GetCallerIdentity, GetSessionToken and AssumeRole, not "
                        + "'GetFederationToken'");
    }

    @Test
    void aFormOfAnotherVersionReachesNoService() throws Exception {
        HttpResponse<String> response = post(HttpClient.Version.HTTP_1_1, "Action=GetUser&Version=2010-05-08");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>InvalidAction</Code>")
                .contains("Could not find operation GetUser for version 2010-05-08");
    }

    private static HttpResponse<String> post(HttpClient.Version version, String form) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
