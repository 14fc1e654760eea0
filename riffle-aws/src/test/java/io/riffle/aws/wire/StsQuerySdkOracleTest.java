package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.wire.sts.AssumeRoleRequest;
import io.riffle.aws.wire.sts.AssumeRoleResponse;
import io.riffle.aws.wire.sts.AssumedRoleUser;
import io.riffle.aws.wire.sts.Credentials;
import io.riffle.aws.wire.sts.GetCallerIdentityResponse;
import io.riffle.aws.wire.sts.StsQueryCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * The AWS SDK v2's STS client as the oracle of the generated awsQuery codec: the form it sends decodes to the
 * request it was given (lists of structures and of strings, numbers), and it reads the XML we answer (nested
 * structures, ISO 8601 timestamps) and our ErrorResponse as its own exception.
 */
class StsQuerySdkOracleTest {
    private HttpServer server;
    private StsClient client;
    private final AtomicReference<Object> received = new AtomicReference<>();
    private final AtomicReference<Object> answer = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        client = StsClient.builder()
                .endpointOverride(URI.create("http://localhost:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        FormEncoding.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                .forEach((k, v) -> form.put(k, v.get(0)));
        String action = form.get("Action");
        received.set(StsQueryCodec.decodeRequest(action, new QueryInput(form)));
        byte[] body;
        int status = 200;
        if (answer.get() instanceof AwsServiceException error) {
            body = QueryProtocol.error(error, StsQueryCodec.XMLNS, "req-1");
            status = error.status();
        } else {
            body = StsQueryCodec.encodeResponse(action, answer.get(), "req-1");
        }
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void assumeRoleTravelsBothWays() {
        Instant expiration = Instant.parse("2026-12-04T06:00:00Z");
        answer.set(AssumeRoleResponse.builder()
                .credentials(Credentials.builder().accessKeyId("ASIA1").secretAccessKey("s<&>").sessionToken("t")
                        .expiration(expiration).build())
                .assumedRoleUser(AssumedRoleUser.builder().assumedRoleId("AROA1:session")
                        .arn("arn:aws:sts::000000000000:assumed-role/r/session").build())
                .packedPolicySize(6).sourceIdentity("me").build());

        var response = client.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/r").roleSessionName("session")
                .durationSeconds(900).policyArns(PolicyDescriptorType.builder().arn("arn:aws:iam::aws:policy/p").build())
                .tags(Tag.builder().key("k").value("v").build(), Tag.builder().key("k2").value("v 2").build())
                .transitiveTagKeys("k"));

        AssumeRoleRequest in = (AssumeRoleRequest) received.get();
        assertThat(in.roleArn()).isEqualTo("arn:aws:iam::000000000000:role/r");
        assertThat(in.roleSessionName()).isEqualTo("session");
        assertThat(in.durationSeconds()).isEqualTo(900);
        assertThat(in.policyArns()).hasSize(1);
        assertThat(in.policyArns().get(0).arn()).isEqualTo("arn:aws:iam::aws:policy/p");
        assertThat(in.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("k=v", "k2=v 2");
        assertThat(in.transitiveTagKeys()).containsExactly("k");
        assertThat(response.credentials().secretAccessKey()).isEqualTo("s<&>");
        assertThat(response.credentials().expiration()).isEqualTo(expiration);
        assertThat(response.assumedRoleUser().assumedRoleId()).isEqualTo("AROA1:session");
        assertThat(response.packedPolicySize()).isEqualTo(6);
        assertThat(response.sourceIdentity()).isEqualTo("me");
    }

    @Test
    void getCallerIdentityWithoutInputMembers() {
        answer.set(GetCallerIdentityResponse.builder().account("000000000000").userId("AKID")
                .arn("arn:aws:iam::000000000000:root").build());

        var identity = client.getCallerIdentity();

        assertThat(identity.account()).isEqualTo("000000000000");
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(received.get()).isNotNull();
    }

    @Test
    void errorResponsesBecomeTheSdksExceptions() {
        answer.set(new AwsServiceException("ExpiredTokenException", 400, "The security token included in the request is expired"));

        assertThatThrownBy(() -> client.getCallerIdentity()).isInstanceOfSatisfying(ExpiredTokenException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
            assertThat(e.requestId()).isEqualTo("req-1");
        });
    }

    @Test
    void aValueThatIsNotOfItsTypeIsMalformedInput() {
        assertThatThrownBy(() -> StsQueryCodec.decodeRequest("AssumeRole",
                new QueryInput(Map.of("RoleArn", "a", "DurationSeconds", "soon"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.type()).isEqualTo("MalformedInput"));
        assertThat(StsQueryCodec.decodeRequest("AssumeRole", new QueryInput(Map.of("PolicyArns", ""))))
                .isEqualTo(AssumeRoleRequest.builder().policyArns(List.of()).build());
    }
}
