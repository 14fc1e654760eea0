package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.aws.wire.sts.StsQueryCodec;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * An error shape's query code: the model's {@code error.code} (MalformedPolicyDocumentException answers as
 * {@code MalformedPolicyDocument}) is what the SDK maps to its exception; the shape's name is not.
 */
class StsQueryErrorCodeTest {

    private static StsClient sts(AwsServiceException error) {
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(sent -> new ScriptedSdkHttpClient.Answer(error.status(),
                "text/xml", QueryProtocol.error(error, StsQueryCodec.XMLNS, "req-1")));
        return StsClient.builder().httpClient(http).region(Region.US_EAST_1).endpointOverride(URI.create("http://riffle"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))).build();
    }

    @Test
    void theModelsCodeIsWhatTheSdkKnows() {
        assertThat(StsQueryCodec.errorCode("MalformedPolicyDocumentException")).isEqualTo("MalformedPolicyDocument");
        assertThat(StsQueryCodec.errorCode("ExpiredTokenException")).isEqualTo("ExpiredTokenException");
        assertThat(StsQueryCodec.errorCode("NotInTheModel")).isEqualTo("NotInTheModel");

        String code = StsQueryCodec.errorCode("MalformedPolicyDocumentException");
        try (StsClient client = sts(new AwsServiceException(code, 400, "The policy is not valid JSON."))) {
            assertThatThrownBy(() -> client.assumeRole(b -> b.roleArn("arn:aws:iam::000000000000:role/r").roleSessionName("s")))
                    .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The policy is not valid JSON.");
                        assertThat(e.requestId()).isEqualTo("req-1");
                    });
        }
        try (StsClient client = sts(new AwsServiceException("MalformedPolicyDocumentException", 400, "m"))) {
            assertThatThrownBy(() -> client.assumeRole(b -> b.roleArn("arn:aws:iam::000000000000:role/r").roleSessionName("s")))
                    .as("the shape's name is no code the SDK knows").isExactlyInstanceOf(StsException.class);
        }
    }
}
