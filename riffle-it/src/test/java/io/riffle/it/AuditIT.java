package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * The audit log of a server with auth=sigv4 and data events on, read back with {@code riffle audit}:
 * the management calls and a refused call are there (each written before its answer), with the
 * caller, key id, source IP and error; the data calls too; no record payload appears anywhere.
 */
class AuditIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("auth=sigv4", "audit-data-events=true",
            "root-access-key-id=" + SdkClients.ACCESS_KEY, "root-secret-access-key=" + SdkClients.SECRET_KEY);

    @TempDir
    Path tmp;

    @Test
    void callsAndRefusalsAreAuditedWithWhoMadeThem() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, "audited", 1);
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("SECRET-PAYLOAD")));
        try (KinesisClient wrong = KinesisClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWNKEY000000",
                        "x"))).httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            catchThrowableOfType(KinesisException.class, () -> wrong.deleteStream(b -> b.streamName(stream)));
        }

        // Management and refused events are on disk before their answers, so they are there now.
        List<JsonNode> created = audit("--event-name", "CreateStream");
        assertThat(created).hasSize(1);
        JsonNode event = created.get(0);
        assertThat(event.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(event.path("userIdentity").path("accessKeyId").asText()).isEqualTo(SdkClients.ACCESS_KEY);
        assertThat(event.path("eventSource").asText()).isEqualTo("kinesis.amazonaws.com");
        assertThat(event.path("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(event.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("userAgent").asText()).contains("aws-sdk-java");
        assertThat(event.path("requestParameters").path("StreamName").asText()).isEqualTo(stream);
        assertThat(event.path("readOnly").asBoolean()).isFalse();
        assertThat(event.path("eventCategory").asText()).isEqualTo("Management");

        List<JsonNode> refused = audit("--user", "AKIAUNKNOWNKEY000000");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("eventName").asText()).isEqualTo("DeleteStream");
        assertThat(refused.get(0).path("userIdentity").path("type").asText()).isEqualTo("Unknown");
        assertThat(refused.get(0).path("errorCode").asText()).isEqualTo("UnrecognizedClientException");
        assertThat(refused.get(0).path("errorMessage").asText())
                .isEqualTo("The security token included in the request is invalid.");

        // Data events go through the bounded queue: wait until the writer has them.
        Kit.await(java.time.Duration.ofSeconds(10), "the PutRecord data event",
                () -> !audit("--event-name", "PutRecord").isEmpty());
        JsonNode put = audit("--event-name", "PutRecord").get(0);
        assertThat(put.path("eventCategory").asText()).isEqualTo("Data");
        assertThat(put.path("managementEvent").asBoolean()).isFalse();
        assertThat(audit("--user", "arn:aws:iam::000000000000:root")).extracting(e -> e.path("eventName").asText())
                .contains("CreateStream", "DescribeStreamSummary", "PutRecord");
        for (Path file : Files.list(riffle.server().dataDir().resolve("audit")).toList()) {
            assertThat(Files.readString(file)).doesNotContain("SECRET-PAYLOAD")
                    .doesNotContain(Base64Text.of("SECRET-PAYLOAD")).doesNotContain(SdkClients.SECRET_KEY + "\"");
        }
    }

    @Test
    void aSessionIsAuditedAsItsKeyAndItsSecretsAreNot() throws Exception {
        AwsSessionCredentials session = SessionCredentials.issued(riffle.endpoint());
        try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(riffle.endpoint())
                .region(SdkClients.REGION).credentialsProvider(StaticCredentialsProvider.create(session))
                .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            kinesis.listStreams();
        }
        List<JsonNode> issued = audit("--event-name", "GetSessionToken");
        assertThat(issued).hasSize(1);
        assertThat(issued.get(0).path("eventSource").asText()).isEqualTo("sts.amazonaws.com");
        assertThat(issued.get(0).path("requestParameters").path("DurationSeconds").asText()).isEqualTo("900");
        List<JsonNode> used = audit("--user", session.accessKeyId());
        assertThat(used).extracting(e -> e.path("eventName").asText()).containsExactly("ListStreams");
        assertThat(used.get(0).path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        // CloudTrail's sessionContext: when the session was issued, and no MFA (a GetSessionToken session has no issuer)
        JsonNode context = used.get(0).path("userIdentity").path("sessionContext");
        assertThat(context.path("attributes").path("mfaAuthenticated").asText()).isEqualTo("false");
        assertThat(Instant.parse(context.path("attributes").path("creationDate").asText()))
                .isBetween(Instant.now().minusSeconds(600), Instant.now());
        assertThat(context.has("sessionIssuer")).isFalse();
        for (Path file : Files.list(riffle.server().dataDir().resolve("audit")).toList()) {
            assertThat(Files.readString(file)).doesNotContain(session.secretAccessKey())
                    .doesNotContain(session.sessionToken());
        }
    }

    /** {@code riffle audit --data-dir <the server's> ARGS}, its lines parsed. */
    private List<JsonNode> audit(String... arguments) {
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", RiffleServerProcess.jar().toString(), "audit", "--data-dir",
                    riffle.server().dataDir().toString()));
            command.addAll(List.of(arguments));
            Path out = Files.createTempFile(tmp, "audit", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(text).isZero();
            List<JsonNode> events = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                }
            }
            return events;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The base64 form a JSON client would have sent the payload in. */
    private static final class Base64Text {
        static String of(String text) {
            return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
