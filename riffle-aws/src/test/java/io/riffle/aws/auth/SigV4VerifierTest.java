package io.riffle.aws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.QuerySignature;
import io.riffle.aws.SigningRules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each of the verifier's refusals, in Kinesis' (JSON) and STS' (query) words, on requests signed here. */
class SigV4VerifierTest {
    private static final String KEY_ID = "AKIARIFFLETEST000001";
    private static final String SECRET = "riffle/secret+key/for/the/verifier/test0";
    private static final Instant NOW = Instant.parse("2026-12-04T06:45:00Z");
    private static final Caller ROOT = Caller.accountRoot("000000000000", KEY_ID);
    private static final String BODY = "{\"StreamName\":\"s\"}";

    private final SigV4Verifier verifier = new SigV4Verifier(
            CredentialStore.of(AccessKey.accountRoot("000000000000", KEY_ID, SECRET)), InstantSource.fixed(NOW));

    @Test
    void aRequestSignedWithTheRootKeyIsTheRoot() {
        assertThat(verify(signed(KEY_ID, SECRET, "kinesis", NOW), "kinesis")).isEqualTo(Authentication.authenticated(ROOT));
    }

    @Test
    void noSignatureIsAMissingToken() {
        AwsRequest unsigned = request("POST", "/", headers("Host", "localhost"), BODY);
        assertThat(refusal(verify(unsigned, "kinesis"))).isEqualTo(new AuthFailure("MissingAuthenticationTokenException",
                400, "Missing Authentication Token"));
        assertThat(refusal(verifier.verify(unsigned, "sts", SigningRules.QUERY_15_MINUTES))).isEqualTo(
                new AuthFailure("MissingAuthenticationToken", 403, "Request is missing Authentication Token"));
    }

    @Test
    void aHeaderWithoutItsPartsIsAnIncompleteSignatureListingThem() {
        AwsRequest request = request("POST", "/", headers("Host", "localhost", "Authorization", "AWS4-HMAC-SHA256 X"),
                BODY);
        assertThat(refusal(verify(request, "kinesis"))).isEqualTo(new AuthFailure("IncompleteSignatureException", 400,
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
                        + "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header "
                        + "requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 X"));
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() {
        AwsRequest request = signed("AKIAUNKNOWN000000000", SECRET, "kinesis", NOW);
        assertThat(refusal(verify(request, "kinesis"))).isEqualTo(new AuthFailure("UnrecognizedClientException", 400,
                "The security token included in the request is invalid."));
        assertThat(refusal(verifier.verify(request("POST", "/", signedHeaders(request), BODY), "sts",
                SigningRules.QUERY_15_MINUTES)))
                .isEqualTo(new AuthFailure("SignatureDoesNotMatch", 403, "Credential should be scoped to correct service: 'sts'. "));
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        AwsRequest request = signed(KEY_ID, "another secret", "kinesis", NOW);
        assertThat(refusal(verify(request, "kinesis"))).isEqualTo(new AuthFailure("InvalidSignatureException", 400,
                SigV4Problem.SIGNATURE_MISMATCH_MESSAGE));
        AwsRequest sts = signed(KEY_ID, "another secret", "sts", NOW);
        assertThat(refusal(verifier.verify(sts, "sts", SigningRules.QUERY_15_MINUTES))).isEqualTo(
                new AuthFailure("SignatureDoesNotMatch", 403, SigV4Problem.SIGNATURE_MISMATCH_MESSAGE));
    }

    @Test
    void aChangedBodyOrHeaderIsAnInvalidSignature() {
        AwsRequest request = signed(KEY_ID, SECRET, "kinesis", NOW);
        AwsRequest otherBody = request("POST", "/", signedHeaders(request), "{\"StreamName\":\"t\"}");
        assertThat(refusal(verify(otherBody, "kinesis")).code()).isEqualTo("InvalidSignatureException");
        HttpHeaders changed = signedHeaders(request);
        changed.set("X-Amz-Target", "Kinesis_20131202.DeleteStream");
        assertThat(refusal(verify(request("POST", "/", changed, BODY), "kinesis")).code())
                .isEqualTo("InvalidSignatureException");
        HttpHeaders unsignedHeader = signedHeaders(request);
        unsignedHeader.set("X-Not-Signed", "anything");
        assertThat(verify(request("POST", "/", unsignedHeader, BODY), "kinesis")).isEqualTo(Authentication.authenticated(ROOT));
    }

    @Test
    void aContentHashThatIsNotTheBodysIsRefusedAndUnsignedPayloadIsAccepted() {
        Map<String, String> claimed = new LinkedHashMap<>();
        claimed.put("x-amz-content-sha256", SigV4.sha256Hex("something else"));
        assertThat(refusal(verify(signed(KEY_ID, SECRET, "kinesis", NOW, claimed), "kinesis")).code())
                .isEqualTo("InvalidSignatureException");
        claimed.put("x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD);
        assertThat(verify(signed(KEY_ID, SECRET, "kinesis", NOW, claimed), "kinesis"))
                .isEqualTo(Authentication.authenticated(ROOT));
        claimed.put("x-amz-content-sha256", SigV4.sha256Hex(BODY));
        assertThat(verify(signed(KEY_ID, SECRET, "kinesis", NOW, claimed), "kinesis"))
                .isEqualTo(Authentication.authenticated(ROOT));
    }

    @Test
    void anotherServicesScopeIsRefusedInTheServicesWords() {
        assertThat(refusal(verify(signed(KEY_ID, SECRET, "sts", NOW), "kinesis"))).isEqualTo(new AuthFailure(
                "InvalidSignatureException", 400, "Credential should be scoped to correct service: 'kinesis'. "));
    }

    @Test
    void aClockMoreThanFiveMinutesOffIsRefusedForKinesisAndFifteenForSts() {
        Instant old = NOW.minus(Duration.ofMinutes(5)).minusSeconds(1);
        assertThat(refusal(verify(signed(KEY_ID, SECRET, "kinesis", old), "kinesis"))).isEqualTo(new AuthFailure(
                "InvalidSignatureException", 400, "Signature expired: 20261204T063959Z is now earlier than "
                + "20261204T064000Z (20261204T064500Z - 5 min.)"));
        Instant ahead = NOW.plus(Duration.ofMinutes(5)).plusSeconds(1);
        assertThat(refusal(verify(signed(KEY_ID, SECRET, "kinesis", ahead), "kinesis"))).isEqualTo(new AuthFailure(
                "InvalidSignatureException", 400, "Signature not yet current: 20261204T065001Z is still later than "
                + "20261204T065000Z (20261204T064500Z + 5 min.)"));
        assertThat(verify(signed(KEY_ID, SECRET, "kinesis", NOW.minus(Duration.ofMinutes(5))), "kinesis"))
                .isEqualTo(Authentication.authenticated(ROOT));
        assertThat(verifier.verify(signed(KEY_ID, SECRET, "sts", old), "sts", SigningRules.QUERY_15_MINUTES))
                .isEqualTo(Authentication.authenticated(ROOT));
        Instant tooOldForSts = NOW.minus(Duration.ofMinutes(16));
        assertThat(refusal(verifier.verify(signed(KEY_ID, SECRET, "sts", tooOldForSts), "sts",
                SigningRules.QUERY_15_MINUTES))).isEqualTo(new AuthFailure("SignatureDoesNotMatch", 403,
                "Signature expired: 20261204T062900Z is now earlier than 20261204T063000Z (20261204T064500Z - 15 min.)"));
    }

    @Test
    void hostMustBeSigned() {
        Map<String, String> extra = new LinkedHashMap<>();
        AwsRequest request = signed(KEY_ID, SECRET, "kinesis", NOW, extra, List.of("x-amz-date"));
        assertThat(refusal(verify(request, "kinesis"))).isEqualTo(new AuthFailure("IncompleteSignatureException", 400,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
    }

    @Test
    void temporaryCredentialsNeedTheirTokenAndExpire() {
        AccessKey session = new AccessKey("ASIARIFFLETEST000001", SECRET, ROOT, "token-1", NOW.plusSeconds(60));
        SigV4Verifier withSession = new SigV4Verifier(CredentialStore.of(session), InstantSource.fixed(NOW));
        Map<String, String> token = new LinkedHashMap<>();
        token.put("x-amz-security-token", "token-1");
        assertThat(withSession.verify(signed(session.accessKeyId(), SECRET, "kinesis", NOW, token), "kinesis",
                SigningRules.JSON_5_MINUTES)).isEqualTo(Authentication.authenticated(ROOT));
        assertThat(refusal(withSession.verify(signed(session.accessKeyId(), SECRET, "kinesis", NOW), "kinesis",
                SigningRules.JSON_5_MINUTES)).code()).isEqualTo("UnrecognizedClientException");
        SigV4Verifier later = new SigV4Verifier(CredentialStore.of(session), InstantSource.fixed(NOW.plusSeconds(60)));
        assertThat(refusal(later.verify(signed(session.accessKeyId(), SECRET, "kinesis", NOW.plusSeconds(60), token),
                "kinesis", SigningRules.JSON_5_MINUTES))).isEqualTo(new AuthFailure("ExpiredTokenException", 400,
                "The security token included in the request is expired"));
    }

    @Test
    void aPresignedQueryVerifiesUntilItExpires() {
        String amzDate = SigV4.AMZ_DATE.format(NOW);
        String query = "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + KEY_ID + "%2F" + amzDate.substring(0, 8) + "%2Fus-east-1%2Fsts%2Faws4_request"
                + "&X-Amz-Date=" + amzDate + "&X-Amz-Expires=900&X-Amz-SignedHeaders=host";
        HttpHeaders headers = headers("Host", "localhost:4567");
        AwsRequest unsigned = request("GET", "/?" + query, headers, "");
        String canonical = SigV4Verifier.canonicalRequestWithoutPayload(unsigned, List.of("host"), true)
                + SigV4.UNSIGNED_PAYLOAD;
        String signature = SigV4.signature(SigV4.signingKey(SECRET, amzDate.substring(0, 8), "us-east-1", "sts"),
                SigV4.stringToSign(amzDate, amzDate.substring(0, 8) + "/us-east-1/sts/aws4_request", canonical));
        AwsRequest presigned = request("GET", "/?" + query + "&X-Amz-Signature=" + signature, headers, "");
        assertThat(verifier.verify(presigned, "sts", SigningRules.QUERY_15_MINUTES)).isEqualTo(
                Authentication.authenticated(ROOT));
        SigV4Verifier later = new SigV4Verifier(CredentialStore.of(AccessKey.accountRoot("000000000000", KEY_ID, SECRET)),
                InstantSource.fixed(NOW.plusSeconds(901)));
        assertThat(refusal(later.verify(presigned, "sts", SigningRules.QUERY_15_MINUTES)).code())
                .isEqualTo("SignatureDoesNotMatch");
        AwsRequest incomplete = request("GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256", headers, "");
        assertThat(refusal(verifier.verify(incomplete, "sts", SigningRules.QUERY_15_MINUTES))).isEqualTo(
                new AuthFailure("IncompleteSignature", 400, "AWS query-string parameters must include "
                        + "'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS "
                        + "query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters "
                        + "must include 'X-Amz-Date'. Re-examine the query-string parameters."));
        AwsRequest both = request("GET", "/?" + query + "&X-Amz-Signature=" + signature, headers("Host",
                "localhost:4567", "Authorization", "AWS4-HMAC-SHA256 Credential=x"), "");
        assertThat(refusal(verifier.verify(both, "sts", SigningRules.QUERY_15_MINUTES))).isEqualTo(new AuthFailure(
                "SignatureDoesNotMatch", 403, QuerySignature.BOTH_FORMS));
    }

    @Test
    void theSigningKeyCacheGivesTheSameAnswers() {
        for (int i = 0; i < 3; i++) {
            assertThat(verify(signed(KEY_ID, SECRET, "kinesis", NOW), "kinesis")).isEqualTo(Authentication.authenticated(ROOT));
            assertThat(refusal(verify(signed(KEY_ID, "x", "kinesis", NOW), "kinesis")).code())
                    .isEqualTo("InvalidSignatureException");
        }
    }

    // ------------------------------------------------------------------ a signer, as the SDKs sign

    private Authentication verify(AwsRequest request, String service) {
        return verifier.verify(request, service, SigningRules.JSON_5_MINUTES);
    }

    private static AuthFailure refusal(Authentication authentication) {
        assertThat(authentication).isInstanceOf(Authentication.Refused.class);
        return ((Authentication.Refused) authentication).failure();
    }

    static AwsRequest signed(String keyId, String secret, String service, Instant at) {
        return signed(keyId, secret, service, at, Map.of());
    }

    static AwsRequest signed(String keyId, String secret, String service, Instant at, Map<String, String> extra) {
        return signed(keyId, secret, service, at, extra, "us-east-1");
    }

    /** A Kinesis-shaped POST signed by {@code keyId}/{@code secret} at {@code at}, signing exactly {@code signedNames}. */
    static AwsRequest signed(String keyId, String secret, String service, Instant at, Map<String, String> extra,
                             String region) {
        List<String> names = new java.util.ArrayList<>(List.of("content-type", "host", "x-amz-date", "x-amz-target"));
        names.addAll(extra.keySet());
        return signed(keyId, secret, service, at, extra, names.stream().sorted().toList(), region);
    }

    static AwsRequest signed(String keyId, String secret, String service, Instant at, Map<String, String> extra,
                             List<String> signedNames) {
        return signed(keyId, secret, service, at, extra, signedNames, "us-east-1");
    }

    static AwsRequest signed(String keyId, String secret, String service, Instant at, Map<String, String> extra,
                             List<String> signedNames, String region) {
        String amzDate = SigV4.AMZ_DATE.format(at);
        HttpHeaders headers = headers("Host", "localhost:4567", "Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "Kinesis_20131202.DescribeStream", "X-Amz-Date", amzDate);
        extra.forEach(headers::set);
        AwsRequest unsigned = request("POST", "/", headers, BODY);
        String claimed = extra.get("x-amz-content-sha256");
        String canonical = SigV4Verifier.canonicalRequestWithoutPayload(unsigned, signedNames, false)
                + (claimed != null ? claimed : SigV4.sha256Hex(ByteBuffer.wrap(BODY.getBytes(StandardCharsets.UTF_8))));
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String signature = SigV4.signature(SigV4.signingKey(secret, amzDate.substring(0, 8), region, service),
                SigV4.stringToSign(amzDate, scope, canonical));
        headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope + ", SignedHeaders="
                + String.join(";", signedNames) + ", Signature=" + signature);
        return request("POST", "/", headers, BODY);
    }

    private static HttpHeaders signedHeaders(AwsRequest request) {
        return new DefaultHttpHeaders().add(request.headers());
    }

    static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    static AwsRequest request(String method, String uri, HttpHeaders headers, String body) {
        QueryStringDecoder decoded = new QueryStringDecoder(uri, StandardCharsets.UTF_8);
        return new AwsRequest(method, decoded.path(), decoded.parameters(), headers,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)), null, "", Runnable::run, uri, null);
    }
}
