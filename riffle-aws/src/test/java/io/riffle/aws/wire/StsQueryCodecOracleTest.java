package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.aws.FormEncoding;
import io.riffle.aws.wire.sts.AssumeRoleRequest;
import io.riffle.aws.wire.sts.AssumeRoleResponse;
import io.riffle.aws.wire.sts.AssumedRoleUser;
import io.riffle.aws.wire.sts.Credentials;
import io.riffle.aws.wire.sts.GetCallerIdentityResponse;
import io.riffle.aws.wire.sts.PolicyDescriptorType;
import io.riffle.aws.wire.sts.StsQueryCodec;
import io.riffle.aws.wire.sts.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;

/**
 * The generated {@code StsQueryCodec} (riffle-codegen over STS's model) against the AWS SDK v2's STS client:
 * the SDK's requests decode into the generated records, the generated answers decode in the SDK, errors
 * carry the model's query code.
 */
class StsQueryCodecOracleTest {

    private static StsClient sts(ScriptedSdkHttpClient http) {
        return StsClient.builder().httpClient(http).region(Region.US_EAST_1).endpointOverride(URI.create("http://riffle"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))).build();
    }

    @Test
    void assumeRoleDecodesIntoTheRecordAndTheAnswerIntoTheSdk() {
        Instant expiration = Instant.parse("2026-12-04T06:00:00.250Z");
        List<AssumeRoleRequest> decoded = new ArrayList<>();
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(sent -> {
            QueryInput in = QueryInput.of(FormEncoding.decode(sent.bodyText()));
            AssumeRoleRequest request = StsQueryCodec.readAssumeRoleInput(in);
            decoded.add(request);
            AssumeRoleResponse response = AssumeRoleResponse.builder()
                    .credentials(Credentials.builder().accessKeyId("ASIA1").secretAccessKey("s<&>").sessionToken("t")
                            .expiration(expiration).build())
                    .assumedRoleUser(AssumedRoleUser.builder().assumedRoleId("AROA:" + request.roleSessionName())
                            .arn(request.roleArn()).build())
                    .packedPolicySize(request.policyArns().size())
                    .sourceIdentity(request.sourceIdentity())
                    .build();
            return ScriptedSdkHttpClient.Answer.xml(200, StsQueryCodec.respondAssumeRole(response, "req-1"));
        });
        try (StsClient client = sts(http)) {
            var response = client.assumeRole(b -> b.roleArn("arn:aws:iam::000000000000:role/r").roleSessionName("s1")
                    .durationSeconds(900).sourceIdentity("me & you")
                    .policyArns(software.amazon.awssdk.services.sts.model.PolicyDescriptorType.builder().arn("arn:p1").build())
                    .tags(software.amazon.awssdk.services.sts.model.Tag.builder().key("team").value("x").build(),
                            software.amazon.awssdk.services.sts.model.Tag.builder().key("k").value("é").build())
                    .transitiveTagKeys("team"));
            assertThat(response.credentials().accessKeyId()).isEqualTo("ASIA1");
            assertThat(response.credentials().secretAccessKey()).isEqualTo("s<&>");
            assertThat(response.credentials().expiration()).isEqualTo(expiration);
            assertThat(response.assumedRoleUser().assumedRoleId()).isEqualTo("AROA:s1");
            assertThat(response.assumedRoleUser().arn()).isEqualTo("arn:aws:iam::000000000000:role/r");
            assertThat(response.packedPolicySize()).isEqualTo(1);
            assertThat(response.sourceIdentity()).isEqualTo("me & you");
            assertThat(response.responseMetadata().requestId()).isEqualTo("req-1");
        }
        AssumeRoleRequest request = decoded.get(0);
        assertThat(request.roleArn()).isEqualTo("arn:aws:iam::000000000000:role/r");
        assertThat(request.roleSessionName()).isEqualTo("s1");
        assertThat(request.durationSeconds()).isEqualTo(900);
        assertThat(request.sourceIdentity()).isEqualTo("me & you");
        assertThat(request.policyArns()).containsExactly(PolicyDescriptorType.builder().arn("arn:p1").build());
        assertThat(request.tags()).containsExactly(Tag.builder().key("team").value("x").build(),
                Tag.builder().key("k").value("é").build());
        assertThat(request.transitiveTagKeys()).containsExactly("team");
        assertThat(request.policy()).isNull();
        assertThat(request.providedContexts()).isNull();
    }

    @Test
    void getCallerIdentityAnswers() {
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(sent -> ScriptedSdkHttpClient.Answer.xml(200,
                StsQueryCodec.respondGetCallerIdentity(GetCallerIdentityResponse.builder().userId("AIDA")
                        .account("000000000000").arn("arn:aws:iam::000000000000:root").build(), "req-2")));
        try (StsClient client = sts(http)) {
            var identity = client.getCallerIdentity();
            assertThat(identity.account()).isEqualTo("000000000000");
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::000000000000:root");
            assertThat(identity.userId()).isEqualTo("AIDA");
        }
    }

    @Test
    void errorsCarryTheModelsQueryCode() {
        assertThat(StsQueryCodec.errorCode("ExpiredTokenException")).isEqualTo("ExpiredTokenException");
        assertThat(StsQueryCodec.errorCode("MalformedPolicyDocumentException")).isEqualTo("MalformedPolicyDocument");
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(sent -> ScriptedSdkHttpClient.Answer.xml(400,
                StsQueryCodec.errorResponse(new AwsServiceException("ExpiredTokenException", 400,
                        "The security token included in the request is expired"), "req-3")));
        try (StsClient client = sts(http)) {
            assertThatThrownBy(client::getCallerIdentity).isInstanceOfSatisfying(ExpiredTokenException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
                assertThat(e.requestId()).isEqualTo("req-3");
            });
        }
    }
}
