package io.riffle.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.SigningRules;
import io.riffle.aws.auth.AccessKey;
import io.riffle.aws.auth.Authentication;
import io.riffle.aws.auth.CredentialStore;
import io.riffle.aws.auth.SigV4Verifier;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Our signer against the AWS SDK's: the same request, time and credentials give the same Authorization. */
class SigV4SignerTest {
    private static final Instant NOW = Instant.parse("2026-12-04T07:30:15Z");

    @ParameterizedTest
    @ValueSource(strings = {
        "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/my-function/invocations",
        "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Af%3Aprod/invocations",
        "http://localhost:9001/2015-03-31/functions/f/invocations?Qualifier=v%201&a=b"})
    void signsAsTheSdkSigns(String url) {
        for (String token : new String[] {null, "FwoGZXIvYXdzEXAMPLETOKEN"}) {
            InvokerSettings.Credentials credentials = new InvokerSettings.Credentials("AKIDEXAMPLE",
                    "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token);
            URI uri = URI.create(url);
            byte[] body = "{\"Records\":[{\"k\":\"v\"}]}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("X-Amz-Invocation-Type", "RequestResponse");
            String region = uri.getHost().startsWith("lambda.") ? uri.getHost().split("\\.")[1] : "us-east-1";

            Map<String, String> ours = SigV4Signer.sign("POST", uri, headers, body, NOW, region, "lambda", credentials);

            SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
            headers.forEach(request::putHeader);
            AwsCredentialsIdentity identity = token == null
                    ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
                    : AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(), token);
            SignedRequest sdk = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));

            assertThat(ours.get("Authorization")).as(url + " token " + token)
                    .isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
            assertThat(ours.get("X-Amz-Date")).isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Date").orElseThrow());
            assertThat(ours.get("X-Amz-Security-Token")).isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Security-Token").orElse(null));
        }
    }

    /** The front door's verifier (riffle-aws, written separately) accepts what this signer signs, and not a changed body. */
    @Test
    void theFrontDoorsVerifierAcceptsTheSignature() {
        InvokerSettings.Credentials credentials = new InvokerSettings.Credentials("AKIDEXAMPLE12345678",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
        URI uri = URI.create("http://127.0.0.1:4567/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000"
                + "%3Afunction%3Af/invocations");
        byte[] body = "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Invocation-Type", "RequestResponse");
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.putAll(SigV4Signer.sign("POST", uri, headers, body, NOW, "us-east-1", "lambda", credentials));
        sent.put("Host", SigV4Signer.hostHeader(uri));
        SigV4Verifier verifier = new SigV4Verifier(CredentialStore.of(AccessKey.accountRoot("000000000000",
                credentials.accessKeyId(), credentials.secretAccessKey())), InstantSource.fixed(NOW));

        Authentication accepted = verifier.verify(AwsRequest.of("POST", uri.getRawPath(), sent, body), "lambda",
                SigningRules.JSON_5_MINUTES);
        Authentication changed = verifier.verify(AwsRequest.of("POST", uri.getRawPath(), sent,
                "{\"Records\":[1]}".getBytes(StandardCharsets.UTF_8)), "lambda", SigningRules.JSON_5_MINUTES);

        assertThat(accepted).isInstanceOf(Authentication.Authenticated.class);
        assertThat(changed).isInstanceOf(Authentication.Refused.class);
    }
}
