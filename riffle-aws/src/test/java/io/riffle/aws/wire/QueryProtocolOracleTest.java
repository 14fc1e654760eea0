package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.aws.FormEncoding;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.GetAccountSummaryResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The awsQuery runtime against the AWS SDK v2's own STS and IAM clients: what the SDK marshals,
 * {@link QueryInput} reads; what {@link QueryXmlWriter} writes, the SDK unmarshals (values, lists, maps,
 * timestamps, escaped text, errors with their code, message and request id).
 */
class QueryProtocolOracleTest {

    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String AWKWARD = "a <b> & \"c\" 'd'\r\ne\t\uD83D\uDE00 é";

    private static StsClient sts(ScriptedSdkHttpClient http) {
        return StsClient.builder().httpClient(http).region(Region.US_EAST_1).endpointOverride(URI.create("http://riffle"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))).build();
    }

    private static IamClient iam(ScriptedSdkHttpClient http) {
        return IamClient.builder().httpClient(http).region(Region.AWS_GLOBAL).endpointOverride(URI.create("http://riffle"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))).build();
    }

    private static QueryInput input(ScriptedSdkHttpClient.Sent sent) {
        return QueryInput.of(FormEncoding.decode(sent.bodyText()));
    }

    @Test
    void stsAssumeRoleRoundTrip() {
        Instant expiration = Instant.parse("2026-12-04T06:00:00.250Z");
        List<QueryInput> seen = new ArrayList<>();
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(sent -> {
            QueryInput in = input(sent);
            seen.add(in);
            QueryXmlWriter out = QueryXmlWriter.response("AssumeRole", STS_NS, "AssumeRoleResult")
                    .start("Credentials").string("AccessKeyId", "ASIA" + in.string("RoleSessionName"))
                    .string("SecretAccessKey", AWKWARD).string("SessionToken", "token")
                    .timestamp("Expiration", expiration).end()
                    .start("AssumedRoleUser").string("AssumedRoleId", "AROA:" + in.string("RoleSessionName"))
                    .string("Arn", in.string("RoleArn")).end()
                    .number("PackedPolicySize", in.listElements("PolicyArns", "member", false).size())
                    .string("SourceIdentity", in.string("SourceIdentity"));
            return ScriptedSdkHttpClient.Answer.xml(200, out.finish("req-assume"));
        });
        try (StsClient client = sts(http)) {
            AssumeRoleResponse response = client.assumeRole(b -> b.roleArn("arn:aws:iam::000000000000:role/r")
                    .roleSessionName("s1").durationSeconds(3600).sourceIdentity(AWKWARD)
                    .policyArns(PolicyDescriptorType.builder().arn("arn:p1").build(),
                            PolicyDescriptorType.builder().arn("arn:p2").build())
                    .tags(software.amazon.awssdk.services.sts.model.Tag.builder().key("team").value("x y").build(),
                            software.amazon.awssdk.services.sts.model.Tag.builder().key("k&=").value("é").build())
                    .transitiveTagKeys("team"));
            assertThat(response.credentials().accessKeyId()).isEqualTo("ASIAs1");
            assertThat(response.credentials().secretAccessKey()).isEqualTo(AWKWARD);
            assertThat(response.credentials().expiration()).isEqualTo(expiration);
            assertThat(response.assumedRoleUser().arn()).isEqualTo("arn:aws:iam::000000000000:role/r");
            assertThat(response.packedPolicySize()).isEqualTo(2);
            assertThat(response.sourceIdentity()).isEqualTo(AWKWARD);
            assertThat(response.responseMetadata().requestId()).isEqualTo("req-assume");
        }
        QueryInput in = seen.get(0);
        assertThat(in.string("Action")).isEqualTo("AssumeRole");
        assertThat(in.string("Version")).isEqualTo("2011-06-15");
        assertThat(in.integer("DurationSeconds")).isEqualTo(3600);
        assertThat(in.string("SourceIdentity")).isEqualTo(AWKWARD);
        assertThat(in.listElements("PolicyArns", "member", false).stream().map(e -> in.string(e + ".arn")))
                .containsExactly("arn:p1", "arn:p2");
        assertThat(in.listElements("Tags", "member", false).stream().map(e -> in.string(e + ".Key") + "=" + in.string(e + ".Value")))
                .containsExactly("team=x y", "k&==é");
        assertThat(in.listElements("TransitiveTagKeys", "member", false).stream().map(in::string)).containsExactly("team");
    }

    @Test
    void iamCreateRoleWithTagsAndAnEmptyList() {
        Instant created = Instant.parse("2026-12-04T05:00:00Z");
        List<QueryInput> seen = new ArrayList<>();
        Function<ScriptedSdkHttpClient.Sent, ScriptedSdkHttpClient.Answer> script = sent -> {
            QueryInput in = input(sent);
            seen.add(in);
            QueryXmlWriter out = QueryXmlWriter.response("CreateRole", IAM_NS, "CreateRoleResult").start("Role")
                    .string("Path", "/").string("RoleName", in.string("RoleName")).string("RoleId", "AROAEXAMPLE")
                    .string("Arn", "arn:aws:iam::000000000000:role/" + in.string("RoleName"))
                    .timestamp("CreateDate", created)
                    .string("AssumeRolePolicyDocument", in.string("AssumeRolePolicyDocument"))
                    .number("MaxSessionDuration", in.integer("MaxSessionDuration"));
            List<String> tags = in.listElements("Tags", "member", false);
            if (!tags.isEmpty()) {
                out.start("Tags");
                for (String tag : tags) {
                    out.start("member").string("Key", in.string(tag + ".Key")).string("Value", in.string(tag + ".Value")).end();
                }
                out.end();
            }
            return ScriptedSdkHttpClient.Answer.xml(200, out.end().finish("req-create"));
        };
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(script);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        try (IamClient client = iam(http)) {
            CreateRoleResponse response = client.createRole(b -> b.roleName("r1").assumeRolePolicyDocument(policy)
                    .maxSessionDuration(7200).tags(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("").build()));
            Role role = response.role();
            assertThat(role.roleName()).isEqualTo("r1");
            assertThat(role.arn()).isEqualTo("arn:aws:iam::000000000000:role/r1");
            assertThat(role.createDate()).isEqualTo(created);
            assertThat(role.assumeRolePolicyDocument()).isEqualTo(policy);
            assertThat(role.maxSessionDuration()).isEqualTo(7200);
            assertThat(role.tags()).containsExactly(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("").build());

            client.createRole(b -> b.roleName("r2").assumeRolePolicyDocument(policy).tags(List.of()));
        }
        assertThat(seen.get(0).string("Action")).isEqualTo("CreateRole");
        assertThat(seen.get(0).string("Version")).isEqualTo("2010-05-08");
        QueryInput second = seen.get(1);
        assertThat(second.has("Tags")).as("an empty list is sent as its name alone").isTrue();
        assertThat(second.listElements("Tags", "member", false)).isEmpty();
        assertThat(second.has("MaxSessionDuration")).isFalse();
    }

    @Test
    void iamMapsInOutputs() {
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(sent -> ScriptedSdkHttpClient.Answer.xml(200,
                QueryXmlWriter.response("GetAccountSummary", IAM_NS, "GetAccountSummaryResult").start("SummaryMap")
                        .start("entry").string("key", "Users").number("value", 3).end()
                        .start("entry").string("key", "Roles").number("value", 12).end()
                        .end().finish("req-summary")));
        try (IamClient client = iam(http)) {
            GetAccountSummaryResponse response = client.getAccountSummary();
            assertThat(response.summaryMap()).containsEntry(SummaryKeyType.USERS, 3).containsEntry(SummaryKeyType.ROLES, 12);
        }
    }

    @Test
    void errorsReachTheSdkWithCodeMessageAndRequestId() {
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(sent -> ScriptedSdkHttpClient.Answer.xml(404,
                QueryXmlWriter.errorResponse(IAM_NS, true, "NoSuchEntity", "The role with name " + AWKWARD + " cannot be found.",
                        "req-missing")));
        try (IamClient client = iam(http)) {
            assertThatThrownBy(() -> client.getRole(b -> b.roleName("gone")))
                    .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role with name " + AWKWARD + " cannot be found.");
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.requestId()).isEqualTo("req-missing");
                    });
        }
        ScriptedSdkHttpClient stsHttp = new ScriptedSdkHttpClient(sent -> ScriptedSdkHttpClient.Answer.xml(400,
                QueryXmlWriter.errorResponse(STS_NS, true, "InvalidAction", "no such action", "req-invalid")));
        try (StsClient client = sts(stsHttp)) {
            assertThatThrownBy(client::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("no such action");
                assertThat(e.requestId()).isEqualTo("req-invalid");
            });
        }
    }
}
