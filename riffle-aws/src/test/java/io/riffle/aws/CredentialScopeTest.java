package io.riffle.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialScopeTest {

    private static final CredentialScope SCOPE = new CredentialScope("AKIDEXAMPLE", "20150830", "us-east-1", "iam");

    @Test
    void readsTheScopeOfAnAuthorizationHeader() {
        assertThat(CredentialScope.fromAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"))
                .contains(SCOPE);
        // any order, blanks or commas between the parameters
        assertThat(CredentialScope.fromAuthorization("AWS4-HMAC-SHA256 SignedHeaders=host,Signature=x,"
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request")).contains(SCOPE);
        assertThat(CredentialScope.fromAuthorization("  AWS4-HMAC-SHA256   Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request"))
                .contains(SCOPE);
    }

    @Test
    void anotherAlgorithmOrAMalformedCredentialHasNoScope() {
        assertThat(CredentialScope.fromAuthorization("AWS AKIDEXAMPLE:signature")).isEmpty();
        assertThat(CredentialScope.fromAuthorization("AWS4-HMAC-SHA256 Signature=x")).isEmpty();
        assertThat(CredentialScope.fromAuthorization("AWS4-HMAC-SHA256 Credential=")).isEmpty();
        assertThat(CredentialScope.parse("AKID/20150830/us-east-1/iam")).isEmpty();
        assertThat(CredentialScope.parse("AKID/20150830/us-east-1/iam/aws4_request/x")).isEmpty();
        assertThat(CredentialScope.parse("AKID/20150830/us-east-1/iam/aws3_request")).isEmpty();
        assertThat(CredentialScope.parse("/20150830/us-east-1/iam/aws4_request")).isEmpty();
        assertThat(CredentialScope.parse("AKID/20150830//iam/aws4_request")).isEmpty();
        assertThat(CredentialScope.parse("AKID/2015-08-30/us-east-1/iam/aws4_request")).isEmpty();
    }

    @Test
    void readsTheScopeOfARequestFromItsHeaderElseItsPresignedQuery() {
        AwsRequest signed = AwsRequest.of("POST", "/", Map.of("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x"),
                new byte[0]);
        assertThat(CredentialScope.of(signed)).contains(SCOPE);
        AwsRequest presigned = AwsRequest.of("GET", "/?Action=ListUsers&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiam%2Faws4_request", Map.of(), new byte[0]);
        assertThat(CredentialScope.of(presigned)).contains(SCOPE);
        assertThat(CredentialScope.of(AwsRequest.of("GET", "/", Map.of(), new byte[0]))).isEqualTo(Optional.empty());
    }

    @Test
    void printsAsWritten() {
        assertThat(SCOPE).hasToString("AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request");
        assertThat(CredentialScope.parse(SCOPE.toString())).contains(SCOPE);
    }
}
