package io.riffle.aws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private final Authenticator anyCredentials = Authenticator.anyCredentials("000000000000");

    @Test
    void acceptsAnySignedRequestAsTheAccountRootAndKeepsItsAccessKeyId() {
        AwsRequest signed = AwsRequest.of("POST", "/", Map.of("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=x"),
                new byte[0]);
        assertThat(anyCredentials.authenticate(signed)).isEqualTo(Authentication.authenticated(
                new Caller("000000000000", "arn:aws:iam::000000000000:root", "000000000000", "AKIDEXAMPLE")));
    }

    @Test
    void acceptsAnUnsignedRequestWithoutAnAccessKey() {
        Authentication authentication = anyCredentials.authenticate(AwsRequest.of("GET", "/", Map.of(), new byte[0]));
        assertThat(authentication).isInstanceOf(Authentication.Authenticated.class);
        Caller caller = ((Authentication.Authenticated) authentication).caller();
        assertThat(caller.hasAccessKey()).isFalse();
        assertThat(caller.arn()).isEqualTo("arn:aws:iam::000000000000:root");
    }

    @Test
    void allowAllAllowsEverything() {
        assertThat(Authorizer.allowAll().authorize(Caller.accountRoot("000000000000", ""), "kinesis:DeleteStream",
                "arn:aws:kinesis:us-east-1:000000000000:stream/s", java.util.Map.of())).isEmpty();
    }
}
