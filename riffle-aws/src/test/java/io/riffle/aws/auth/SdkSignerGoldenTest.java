package io.riffle.aws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.SigningRules;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed by the AWS SDK for Java v2's own signer ({@code AwsV4HttpSigner}, what every v2
 * client uses) verify; changing any one signed element (method, path, query, a signed header, the
 * body, the time, the scope's region or service, the secret) makes them fail; adding an unsigned
 * header does not. Also a REST path with characters the SDK encodes twice, and a presigned URL.
 */
class SdkSignerGoldenTest {
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2026-12-04T07:30:00Z");
    private static final Caller ROOT = Caller.accountRoot("000000000000", KEY_ID);
    private static final byte[] BODY = "{\"StreamName\":\"golden\",\"ShardCount\":2}".getBytes(StandardCharsets.UTF_8);

    private final SigV4Verifier verifier = new SigV4Verifier(
            CredentialStore.of(AccessKey.accountRoot("000000000000", KEY_ID, SECRET)), InstantSource.fixed(NOW));

    /** A Kinesis call as the SDK's client sends it, signed by the SDK's signer. */
    private static AwsRequest sdkSigned(SdkHttpRequest.Builder http, byte[] body, String service, String secret,
                                        AwsV4FamilyHttpSigner.AuthLocation location) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(KEY_ID, secret))
                .request(http.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, location)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, location == AwsV4FamilyHttpSigner.AuthLocation.HEADER
                        ? null : Duration.ofMinutes(10))
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        return toAwsRequest(signed.request(), body);
    }

    private static AwsRequest toAwsRequest(SdkHttpRequest request, byte[] body) {
        HttpHeaders headers = new DefaultHttpHeaders();
        request.forEachHeader((name, values) -> values.forEach(value -> headers.add(name, value)));
        StringBuilder uri = new StringBuilder(request.encodedPath());
        char separator = '?';
        for (Map.Entry<String, List<String>> parameter : request.rawQueryParameters().entrySet()) {
            for (String value : parameter.getValue()) {
                uri.append(separator).append(SigV4.uriEncode(parameter.getKey(), true)).append('=')
                        .append(value == null ? "" : SigV4.uriEncode(value, true));
                separator = '&';
            }
        }
        QueryStringDecoder decoded = new QueryStringDecoder(uri.toString(), StandardCharsets.UTF_8);
        return new AwsRequest(request.method().name(), decoded.path(), decoded.parameters(), headers,
                Unpooled.wrappedBuffer(body), null, "", Runnable::run, uri.toString(), null);
    }

    private static SdkHttpRequest.Builder kinesisCall() {
        return SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("http").host("127.0.0.1").port(4567)
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "Kinesis_20131202.CreateStream")
                .putHeader("amz-sdk-invocation-id", "0b0e3f50-9c1e-4a3c-8c52-6d3f6a1e1f2a")
                .putHeader("amz-sdk-request", "attempt=1; max=4")
                .putHeader("Content-Length", Integer.toString(BODY.length));
    }

    private Authentication verify(AwsRequest request) {
        return verifier.verify(request, "kinesis", SigningRules.JSON_5_MINUTES);
    }

    private static AwsRequest changed(AwsRequest request, UnaryOperator<HttpHeaders> headers) {
        return new AwsRequest(request.method(), request.path(), request.query(),
                headers.apply(new DefaultHttpHeaders().add(request.headers())), request.body(), null, "", Runnable::run,
                request.uri(), null);
    }

    private static void assertRefused(Authentication authentication, String code) {
        assertThat(authentication).isInstanceOf(Authentication.Refused.class);
        assertThat(((Authentication.Refused) authentication).failure().code()).isEqualTo(code);
    }

    @Test
    void theSdksSignatureVerifiesAndAnUnsignedHeaderDoesNotMatter() {
        AwsRequest signed = sdkSigned(kinesisCall(), BODY, "kinesis", SECRET, AwsV4FamilyHttpSigner.AuthLocation.HEADER);
        assertThat(signed.header("Authorization")).contains("SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;"
                + "content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target");
        assertThat(verify(signed)).isEqualTo(Authentication.authenticated(ROOT));
        assertThat(verify(changed(signed, h -> h.add("User-Agent", "added after signing"))))
                .isEqualTo(Authentication.authenticated(ROOT));
    }

    @Test
    void changingAnyOneSignedElementFails() {
        AwsRequest signed = sdkSigned(kinesisCall(), BODY, "kinesis", SECRET, AwsV4FamilyHttpSigner.AuthLocation.HEADER);
        String invalid = "InvalidSignatureException";
        assertRefused(verify(changed(signed, h -> h.set("X-Amz-Target", "Kinesis_20131202.DeleteStream"))), invalid);
        assertRefused(verify(changed(signed, h -> h.set("amz-sdk-request", "attempt=2; max=4"))), invalid);
        assertRefused(verify(changed(signed, h -> h.set("Host", "127.0.0.1:4568"))), invalid);
        assertRefused(verify(changed(signed, h -> h.set("X-Amz-Date", "20261204T073001Z"))), invalid);
        byte[] otherBody = BODY.clone();
        otherBody[otherBody.length - 2] = '3';
        assertRefused(verify(new AwsRequest("POST", "/", Map.of(), signed.headers(), Unpooled.wrappedBuffer(otherBody),
                null, "", Runnable::run, "/", null)), invalid);
        assertRefused(verify(new AwsRequest("PUT", "/", Map.of(), signed.headers(), Unpooled.wrappedBuffer(BODY),
                null, "", Runnable::run, "/", null)), invalid);
        assertRefused(verify(new AwsRequest("POST", "/x", Map.of(), signed.headers(), Unpooled.wrappedBuffer(BODY),
                null, "", Runnable::run, "/x", null)), invalid);
        assertRefused(verify(new AwsRequest("POST", "/", Map.of("a", List.of("b")), signed.headers(),
                Unpooled.wrappedBuffer(BODY), null, "", Runnable::run, "/?a=b", null)), invalid);
        String authorization = signed.header("Authorization");
        assertRefused(verify(changed(signed, h -> h.set("Authorization", authorization.replace("/us-east-1/",
                "/eu-west-1/")))), invalid);
        assertRefused(verify(changed(signed, h -> h.set("Authorization", authorization.replace("/kinesis/",
                "/firehose/")))), invalid);
        assertRefused(verify(sdkSigned(kinesisCall(), BODY, "kinesis", "another secret",
                AwsV4FamilyHttpSigner.AuthLocation.HEADER)), invalid);
    }

    @Test
    void aRestPathWithEncodedCharactersAndAQueryVerifyAsTheSdkEncodesThem() {
        SdkHttpRequest.Builder rest = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                .host("127.0.0.1").port(4567).encodedPath("/2015-03-31/functions/my%20fn%3Av1/configuration")
                .putRawQueryParameter("Qualifier", "a b+c/d").putRawQueryParameter("Marker", "x=y");
        AwsRequest signed = sdkSigned(rest, new byte[0], "kinesis", SECRET, AwsV4FamilyHttpSigner.AuthLocation.HEADER);
        assertThat(verify(signed)).isEqualTo(Authentication.authenticated(ROOT));
    }

    @Test
    void anSdkPresignedUrlVerifiesUntilItExpires() {
        SdkHttpRequest.Builder get = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                .host("127.0.0.1").port(4567).encodedPath("/")
                .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15");
        AwsRequest presigned = sdkSigned(get, new byte[0], "sts", SECRET, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING);
        assertThat(presigned.header("Authorization")).isNull();
        assertThat(presigned.queryParameter("X-Amz-Signature")).isNotNull();
        assertThat(verifier.verify(presigned, "sts", SigningRules.QUERY_15_MINUTES))
                .isEqualTo(Authentication.authenticated(ROOT));
        SigV4Verifier later = new SigV4Verifier(CredentialStore.of(AccessKey.accountRoot("000000000000", KEY_ID, SECRET)),
                InstantSource.fixed(NOW.plus(Duration.ofMinutes(11))));
        assertRefused(later.verify(presigned, "sts", SigningRules.QUERY_15_MINUTES), "SignatureDoesNotMatch");
    }
}
