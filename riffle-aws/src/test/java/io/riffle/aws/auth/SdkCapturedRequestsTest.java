package io.riffle.aws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.SigningRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests captured as boto3 and the JS SDK v3 sign and send them (src/test/resources/sdk-captured: the capture
 * scripts beside them say how; Java v2's own signer is {@link SdkSignerGoldenTest}'s), replayed with one element
 * varied at a time: as captured they verify; a changed method, path, query, signed header, body, secret, session
 * token, service, region or time is refused with the service's error; an added or changed unsigned header is not.
 */
class SdkCapturedRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISMATCH = SigV4Problem.SIGNATURE_MISMATCH_MESSAGE;

    /** One captured request and what it was signed with. */
    record Captured(String name, JsonNode json) {
        String service() {
            return json.path("service").asText();
        }

        Instant time() {
            return Instant.parse(json.path("time").asText());
        }

        SigningRules rules() {
            return switch (service()) {
                case "sts" -> SigningRules.QUERY_15_MINUTES;
                case "dynamodb" -> SigningRules.DYNAMODB_15_MINUTES;
                default -> SigningRules.JSON_5_MINUTES;
            };
        }

        String code(String jsonCode) {
            return switch (service()) {
                case "sts" -> jsonCode.equals("UnrecognizedClientException") ? "InvalidClientTokenId"
                        : "SignatureDoesNotMatch";
                case "dynamodb" -> "com.amazon.coral.service#" + jsonCode;
                default -> jsonCode;
            };
        }

        AccessKey key(String secret) {
            String id = json.path("accessKeyId").asText();
            String token = json.path("sessionToken").isNull() ? null : json.path("sessionToken").asText();
            return new AccessKey(id, secret, Caller.accountRoot("000000000000", id), token,
                    token == null ? null : time().plus(Duration.ofHours(1)));
        }

        /** The request, with {@code edit} applied to its parts first. */
        AwsRequest request(UnaryOperator<Parts> edit) {
            List<String[]> headers = new ArrayList<>();
            json.path("headers").forEach(h -> headers.add(new String[] {h.get(0).asText(), h.get(1).asText()}));
            Parts parts = edit.apply(new Parts(json.path("method").asText(), json.path("path").asText(),
                    json.path("query").asText(), headers,
                    new String(Base64.getDecoder().decode(json.path("bodyBase64").asText()), StandardCharsets.UTF_8)));
            HttpHeaders http = new DefaultHttpHeaders();
            parts.headers().forEach(h -> http.add(h[0], h[1]));
            return SigV4VerifierTest.request(parts.method(), parts.path() + (parts.query().isEmpty() ? ""
                    : "?" + parts.query()), http, parts.body());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Parts(String method, String path, String query, List<String[]> headers, String body) {
        Parts withHeader(String name, UnaryOperator<String> change) {
            List<String[]> changed = new ArrayList<>();
            for (String[] h : headers) {
                changed.add(h[0].equalsIgnoreCase(name) ? new String[] {h[0], change.apply(h[1])} : h);
            }
            return new Parts(method, path, query, changed, body);
        }

        Parts plusHeader(String name, String value) {
            List<String[]> more = new ArrayList<>(headers);
            more.add(new String[] {name, value});
            return new Parts(method, path, query, more, body);
        }
    }

    static Stream<Captured> captured() throws IOException {
        List<Captured> all = new ArrayList<>();
        for (String name : List.of("boto3-kinesis-put-record", "boto3-kinesis-put-record-session",
                "boto3-sts-get-caller-identity", "boto3-dynamodb-get-item", "js-kinesis-put-record",
                "js-kinesis-put-records-session")) {
            try (InputStream in = SdkCapturedRequestsTest.class.getResourceAsStream("/sdk-captured/" + name + ".json")) {
                all.add(new Captured(name, JSON.readTree(in)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void asCapturedTheRequestVerifiesAndUnsignedHeadersDoNotMatter(Captured captured) {
        assertThat(verify(captured, UnaryOperator.identity())).isInstanceOf(Authentication.Authenticated.class);
        assertThat(verify(captured, p -> p.plusHeader("X-Forwarded-For", "10.0.0.1")))
                .isInstanceOf(Authentication.Authenticated.class);
        for (String unsigned : unsignedHeaders(captured)) {
            assertThat(verify(captured, p -> p.withHeader(unsigned, v -> v + "-changed"))).as(unsigned)
                    .isInstanceOf(Authentication.Authenticated.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void eachChangedSignedElementIsRefused(Captured captured) {
        AuthFailure mismatch = new AuthFailure(captured.code("InvalidSignatureException"), 0, MISMATCH);
        assertMismatch(captured, p -> new Parts("PUT", p.path(), p.query(), p.headers(), p.body()), mismatch, "method");
        assertMismatch(captured, p -> new Parts(p.method(), "/other", p.query(), p.headers(), p.body()), mismatch,
                "path");
        assertMismatch(captured, p -> new Parts(p.method(), p.path(), "a=b", p.headers(), p.body()), mismatch, "query");
        assertMismatch(captured, p -> new Parts(p.method(), p.path(), p.query(), p.headers(), p.body() + " "),
                mismatch, "body");
        for (String signed : signedHeaders(captured)) {
            UnaryOperator<String> change = switch (signed) {
                case "x-amz-date" -> v -> v.substring(0, 14) + "1Z"; // a second later, the same day
                default -> v -> v + "0";
            };
            AuthFailure expected = signed.equals("x-amz-security-token")
                    ? new AuthFailure(captured.code("UnrecognizedClientException"), 0, "")
                    : mismatch;
            assertMismatch(captured, p -> p.withHeader(signed, change), expected, signed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void anotherSecretServiceRegionOrTimeIsRefused(Captured captured) {
        AwsRequest request = captured.request(UnaryOperator.identity());
        Authentication wrongSecret = verifier(captured, "wrong-secret", captured.time(), "us-east-1")
                .verify(request, captured.service(), captured.rules());
        assertThat(failure(wrongSecret).message()).isEqualTo(MISMATCH);
        Authentication otherService = verifier(captured, null, captured.time(), "us-east-1")
                .verify(request, "firehose", captured.rules());
        assertThat(failure(otherService).message()).isEqualTo("Credential should be scoped to correct service: "
                + "'firehose'. ");
        Authentication otherRegion = verifier(captured, null, captured.time(), "eu-west-1")
                .verify(request, captured.service(), captured.rules());
        assertThat(failure(otherRegion).message())
                .isEqualTo("Credential should be scoped to a valid region, not 'us-east-1'. ");
        Duration window = captured.rules().clockSkew();
        Authentication late = verifier(captured, null, captured.time().plus(window).plusSeconds(1), "us-east-1")
                .verify(request, captured.service(), captured.rules());
        assertThat(failure(late).message()).startsWith("Signature expired: 20261204T073000Z is now earlier than ")
                .endsWith(" - " + window.toMinutes() + " min.)");
    }

    private void assertMismatch(Captured captured, UnaryOperator<Parts> edit, AuthFailure expected, String what) {
        AuthFailure failure = failure(verify(captured, edit));
        assertThat(failure.code()).as(captured + ": " + what).isEqualTo(expected.code());
        if (!expected.message().isEmpty()) {
            assertThat(failure.message()).as(captured + ": " + what).isEqualTo(expected.message());
        }
    }

    private static Authentication verify(Captured captured, UnaryOperator<Parts> edit) {
        return verifier(captured, null, captured.time(), "us-east-1").verify(captured.request(edit),
                captured.service(), captured.rules());
    }

    private static SigV4Verifier verifier(Captured captured, String secret, Instant now, String region) {
        String actual = secret != null ? secret : captured.json.path("secretAccessKey").asText();
        return new SigV4Verifier(CredentialStore.of(captured.key(actual)), InstantSource.fixed(now), region);
    }

    private static List<String> signedHeaders(Captured captured) {
        String authorization = captured.request(UnaryOperator.identity()).header("authorization");
        String list = authorization.substring(authorization.indexOf("SignedHeaders=") + "SignedHeaders=".length());
        return List.of(list.substring(0, list.indexOf(',')).split(";"));
    }

    private static List<String> unsignedHeaders(Captured captured) {
        List<String> signed = signedHeaders(captured);
        List<String> unsigned = new ArrayList<>();
        captured.json.path("headers").forEach(h -> {
            String name = h.get(0).asText().toLowerCase(Locale.ROOT);
            if (!signed.contains(name) && !name.equals("authorization")) {
                unsigned.add(name);
            }
        });
        return unsigned;
    }

    private static AuthFailure failure(Authentication authentication) {
        assertThat(authentication).isInstanceOf(Authentication.Refused.class);
        return ((Authentication.Refused) authentication).failure();
    }
}
