package io.riffle.it;

import static io.riffle.it.IamFixture.kinesis;
import static io.riffle.it.IamFixture.userArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * STS AssumeRole against a server with auth=sigv4: roles, users and policies made with the AWS CLI (as
 * the root), roles assumed with the SDK v2's StsClient and the AWS CLI. The session acts as
 * {@code assumed-role/ROLE/SESSION} with the role's policies; a trust policy that names the user lets it
 * in, one that names the account leaves it to the user's own policies, one that names someone else
 * refuses it whatever those say; the root may not assume roles; a role's MaxSessionDuration holds.
 */
class AssumeRoleIT {
    private static final String ACCOUNT = SdkClients.ACCOUNT;
    private static final String STREAM = "assume-role";

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

    private static IamFixture.Clients clients;
    private static AwsCli cli;
    private static KinesisClient root;

    @BeforeAll
    static void aStream() throws Exception {
        clients = IamFixture.Clients.open(riffle, "assume-role-it");
        cli = clients.cli();
        root = clients.root();
        root.createStream(b -> b.streamName(STREAM).shardCount(1));
        SdkClients.fastWaiter(root, 100, 600).waitUntilStreamExists(b -> b.streamName(STREAM));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static String asRoot(String... arguments) throws Exception {
        return IamFixture.asRoot(cli, arguments).ok();
    }

    private static String[] user(String name) throws Exception {
        return IamFixture.userWithKey(cli, name);
    }

    /** A role trusting {@code trustedPrincipal} (an ARN), allowed DescribeStreamSummary on the stream; its ARN. */
    private static String role(String name, String trustedPrincipal) throws Exception {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + trustedPrincipal + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        String arn = asRoot("iam", "create-role", "--role-name", name, "--assume-role-policy-document", trust,
                "--query", "Role.Arn", "--output", "text");
        allowOnTheStream(name, "describe", "kinesis:DescribeStreamSummary");
        return arn;
    }

    /** Gives role {@code name} an inline policy {@code policyName} allowing {@code actions} on the stream. */
    private static void allowOnTheStream(String name, String policyName, String... actions) throws Exception {
        asRoot("iam", "put-role-policy", "--role-name", name, "--policy-name", policyName, "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\""
                        + String.join("\",\"", actions) + "\"],\"Resource\":\"" + streamArn() + "\"}]}");
    }

    private static String streamArn() {
        return IamFixture.streamArn(STREAM);
    }

    private static StsClient sts(AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static AwsCredentials keys(String[] key) {
        return AwsBasicCredentials.create(key[0], key[1]);
    }

    /** The userIdentity of the audited call {@code eventName} made by {@code arn} (the audit log is on by default). */
    private static JsonNode auditedIdentity(String eventName, String arn) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(riffle.server().dataDir().resolve("audit"))) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode event = json.readTree(line);
                    if (event.path("eventName").asText().equals(eventName)
                            && event.path("userIdentity").path("arn").asText().equals(arn)) {
                        return event.path("userIdentity");
                    }
                }
            }
        }
        throw new AssertionError("no audited " + eventName + " by " + arn);
    }

    @Test
    void anAssumedRolesSessionActsWithTheRolesPolicies() throws Exception {
        String[] key = user("assumer");
        String roleArn = role("reader", userArn("assumer"));
        String sessionArn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/reader/s1";
        AssumeRoleResponse assumed;
        try (StsClient sts = sts(keys(key))) {
            assumed = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").durationSeconds(900));
        }
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo(sessionArn);
        assertThat(assumed.assumedRoleUser().assumedRoleId()).startsWith("AROA").endsWith(":s1");
        assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(Duration.between(Instant.now(), assumed.credentials().expiration()))
                .isBetween(Duration.ofMinutes(14), Duration.ofMinutes(16));
        AwsSessionCredentials session = AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken());

        try (StsClient sts = sts(session); KinesisClient kinesis = kinesis(riffle.endpoint(), session)) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo(sessionArn);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary().streamARN())
                    .isEqualTo(streamArn());
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("x")))).isInstanceOfSatisfying(AccessDeniedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + sessionArn
                                    + " is not authorized to perform: kinesis:PutRecord on resource: " + streamArn()
                                    + " because no identity-based policy allows the kinesis:PutRecord action"));
        }

        // the audit record of the session's call says who it is as CloudTrail does: an AssumedRole with its issuer
        JsonNode identity = auditedIdentity("DescribeStreamSummary", sessionArn);
        assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
        assertThat(identity.path("principalId").asText()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
        JsonNode issuer = identity.path("sessionContext").path("sessionIssuer");
        assertThat(issuer.path("type").asText()).isEqualTo("Role");
        assertThat(issuer.path("arn").asText()).isEqualTo(roleArn);
        assertThat(issuer.path("userName").asText()).isEqualTo("reader");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).startsWith(issuer.path("principalId").asText() + ":");
        assertThat(identity.path("sessionContext").path("attributes").path("mfaAuthenticated").asText())
                .isEqualTo("false");

        // the AWS CLI (JSON over the query protocol, signed by botocore) assumes it too
        String cliSession = cli.run(key[0], key[1], "sts", "assume-role", "--role-arn", roleArn,
                "--role-session-name", "from-cli", "--query", "AssumedRoleUser.Arn", "--output", "text").ok();
        assertThat(cliSession).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/reader/from-cli");
    }

    @Test
    void theTrustPolicyDecidesWhoMayAssumeTheRole() throws Exception {
        String[] key = user("delegate");
        String accountWide = role("account-wide", "arn:aws:iam::" + ACCOUNT + ":root");
        String someoneElses = role("someone-elses", userArn("nobody"));
        try (StsClient sts = sts(keys(key))) {
            // the trust policy names the account: the user's own policies must allow, and none does yet
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(accountWide).roleSessionName("session")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("User: " + userArn("delegate")
                                + " is not authorized to perform: sts:AssumeRole on resource: " + accountWide);
                    });
            asRoot("iam", "put-user-policy", "--user-name", "delegate", "--policy-name", "assume", "--policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                            + "\"Resource\":\"*\"}]}");
            assertThat(sts.assumeRole(b -> b.roleArn(accountWide).roleSessionName("session")).assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/account-wide/session");
            // a trust policy that asks for an external id lets in only a caller that gives it
            String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                    + userArn("delegate") + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                    + "{\"sts:ExternalId\":\"id-42\"}}}]}";
            String external = asRoot("iam", "create-role", "--role-name", "external", "--assume-role-policy-document",
                    trust, "--query", "Role.Arn", "--output", "text");
            assertThat(sts.assumeRole(b -> b.roleArn(external).roleSessionName("session").externalId("id-42"))
                    .assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/external/session");
            for (String wrong : new String[] {"id-41", null}) {
                assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(external).roleSessionName("session")
                        .externalId(wrong))).isInstanceOfSatisfying(StsException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(403);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + userArn("delegate")
                                    + " is not authorized to perform: sts:AssumeRole on resource: " + external);
                        });
            }
            // a trust policy naming someone else refuses whatever the user's own policies allow
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(someoneElses).roleSessionName("session")))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("User: " + userArn("delegate") + " is not authorized to perform: sts:AssumeRole"
                                    + " on resource: " + someoneElses));
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(accountWide).roleSessionName("s")))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("1 validation error detected: Value 's' at 'roleSessionName' failed to satisfy "
                                    + "constraint: Member must have length greater than or equal to 2"));
            // beyond the role's MaxSessionDuration (3,600 s by default)
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(accountWide).roleSessionName("session")
                    .durationSeconds(7_200))).isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The requested DurationSeconds exceeds "
                                + "the MaxSessionDuration set for this role.");
                    });
        }
        try (StsClient asRoot = sts(AwsBasicCredentials.create(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY))) {
            assertThatThrownBy(() -> asRoot.assumeRole(b -> b.roleArn(accountWide).roleSessionName("root")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Roles may not be assumed by root accounts.");
                    });
        }
    }

    @Test
    void aSessionPolicyNarrowsTheRolesPolicies() throws Exception {
        String[] key = user("narrower");
        String roleArn = role("writer", userArn("narrower"));
        allowOnTheStream("writer", "put", "kinesis:PutRecord");
        // the session policy allows PutRecord and ListStreams; the role, PutRecord and DescribeStreamSummary
        String sessionPolicy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": "
                + "[\"kinesis:PutRecord\", \"kinesis:ListStreams\"], \"Resource\": \"*\"}]}";
        String sessionArn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/writer/narrow";
        AssumeRoleResponse assumed;
        try (StsClient sts = sts(keys(key))) {
            assumed = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("narrow").policy(sessionPolicy));
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("bad")
                    .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Missing required field Action");
                    });
        }
        assertThat(assumed.packedPolicySize()).isBetween(1, 100);
        AwsSessionCredentials session = AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken());
        try (KinesisClient kinesis = kinesis(riffle.endpoint(), session)) {
            kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
            assertThatThrownBy(() -> kinesis.describeStreamSummary(b -> b.streamName(STREAM)))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).isEqualTo("User: " + sessionArn + " is not authorized to perform:"
                                    + " kinesis:DescribeStreamSummary on resource: " + streamArn() + " because no"
                                    + " session policy allows the kinesis:DescribeStreamSummary action"));
            assertThatThrownBy(() -> kinesis.listStreams(b -> b.limit(1)))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).endsWith("because no identity-based policy allows the"
                                    + " kinesis:ListStreams action"));
        }

        // the AWS CLI passes a session policy too; a text past the model's 2,048 characters is a ValidationError,
        // and one within it whose packed size with the tags passes the limit is STS' PackedPolicyTooLarge
        String cliSession = cli.run(key[0], key[1], "sts", "assume-role", "--role-arn", roleArn,
                "--role-session-name", "cli-narrow", "--policy", sessionPolicy, "--query", "PackedPolicySize",
                "--output", "text").ok();
        assertThat(Integer.parseInt(cliSession)).isBetween(1, 100);
        String tooLong = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"kinesis:PutRecord\",\"Resource\":\"" + streamArn() + "-" + "x".repeat(2_048) + "\"}]}";
        AwsCli.Result refused = cli.run(key[0], key[1], "sts", "assume-role", "--role-arn", roleArn,
                "--role-session-name", "cli-long", "--policy", tooLong);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("(ValidationError)", "1 validation error detected: Value '" + tooLong
                + "' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048");
        String large = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"kinesis:PutRecord\",\"Resource\":\"" + streamArn() + "-" + "x".repeat(1_850) + "\"}]}";
        refused = cli.run(key[0], key[1], "sts", "assume-role", "--role-arn", roleArn, "--role-session-name",
                "cli-large", "--policy", large, "--tags", "Key=Team,Value=" + "v".repeat(256));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("(PackedPolicyTooLarge)", "Packed policy consumes 11",
                "% of allotted space, please use smaller policy.");
    }

    @Test
    void managedSessionPoliciesNarrowTheRoleByTheirCurrentText() throws Exception {
        String[] key = user("managed");
        String roleArn = role("lister", userArn("managed"));
        allowOnTheStream("lister", "more", "kinesis:PutRecord", "kinesis:ListShards");
        String putOnly = managedPolicy("put-only", "kinesis:PutRecord");
        String sessionArn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/lister/managed";
        // the role allows PutRecord, ListShards and DescribeStreamSummary; the managed session policy allows
        // PutRecord and the inline one DescribeStreamSummary: the session may do what the role and either allow
        String inline = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"kinesis:DescribeStreamSummary\",\"Resource\":\"*\"}]}";
        AssumeRoleResponse assumed;
        try (StsClient sts = sts(keys(key))) {
            assumed = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("managed").policy(inline)
                    .policyArns(PolicyDescriptorType.builder().arn(putOnly).build()));
            String missing = "arn:aws:iam::" + ACCOUNT + ":policy/no-such-policy";
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("missing")
                    .policyArns(PolicyDescriptorType.builder().arn(missing).build())))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Policy " + missing + " does not exist or is not attachable.");
                    });
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("eleven")
                    .policyArns(Collections.nCopies(11,
                            PolicyDescriptorType.builder().arn(putOnly)
                                    .build()))))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected:")
                                .endsWith("at 'policyArns' failed to satisfy constraint: Member must have length"
                                        + " less than or equal to 10");
                    });
        }
        assertThat(assumed.packedPolicySize()).isBetween(1, 100);
        AwsSessionCredentials session = AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken());
        try (KinesisClient kinesis = kinesis(riffle.endpoint(), session)) {
            kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
            kinesis.describeStreamSummary(b -> b.streamName(STREAM));
            assertThatThrownBy(() -> kinesis.listShards(b -> b.streamName(STREAM)))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).isEqualTo("User: " + sessionArn + " is not authorized to perform:"
                                    + " kinesis:ListShards on resource: " + streamArn() + " because no session"
                                    + " policy allows the kinesis:ListShards action"));

            // the session holds the policy by ARN: its current text applies, not the one it was issued with
            asRoot("iam", "delete-policy", "--policy-arn", putOnly);
            assertThat(managedPolicy("put-only", "kinesis:ListShards")).isEqualTo(putOnly);
            kinesis.listShards(b -> b.streamName(STREAM));
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).endsWith("because no session policy allows the kinesis:PutRecord action"));
        }

        // the AWS CLI passes managed session policies too (shorthand arn=ARN); they count towards the packed size
        String cliPacked = cli.run(key[0], key[1], "sts", "assume-role", "--role-arn", roleArn,
                "--role-session-name", "cli-managed", "--policy-arns", "arn=" + putOnly, "--query", "PackedPolicySize",
                "--output", "text").ok();
        assertThat(Integer.parseInt(cliPacked)).isBetween(1, 100);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /** A managed policy allowing {@code action} on the stream, made as the root; its ARN. */
    private static String managedPolicy(String name, String action) throws Exception {
        return asRoot("iam", "create-policy", "--policy-name", name, "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                        + "\",\"Resource\":\"" + streamArn() + "\"}]}", "--query", "Policy.Arn", "--output", "text");
    }

    @Test
    void sessionTagsNeedTagSessionAndReachPoliciesAsPrincipalTags() throws Exception {
        String[] key = user("tagger");
        String allowed = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + "arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}";
        String roleArn = asRoot("iam", "create-role", "--role-name", "tagged", "--assume-role-policy-document",
                allowed, "--query", "Role.Arn", "--output", "text");
        // the role's sessions may put only with the tag Project=blue, and assume the role again (role chaining)
        asRoot("iam", "put-role-policy", "--role-name", "tagged", "--policy-name", "by-tag", "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:PutRecord\","
                        + "\"Resource\":\"" + streamArn() + "\",\"Condition\":{\"StringEquals\":{"
                        + "\"aws:PrincipalTag/Project\":\"blue\"}}},{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\","
                        + "\"sts:TagSession\"],\"Resource\":\"" + roleArn + "\"}]}");
        // the user may tag its sessions only with Project=blue
        asRoot("iam", "put-user-policy", "--user-name", "tagger", "--policy-name", "assume", "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                        + "\"Resource\":\"" + roleArn + "\"},{\"Effect\":\"Allow\",\"Action\":\"sts:TagSession\","
                        + "\"Resource\":\"" + roleArn + "\",\"Condition\":{\"StringEquals\":{"
                        + "\"aws:RequestTag/Project\":\"blue\"}}}]}");
        AssumeRoleResponse blue;
        try (StsClient sts = sts(keys(key))) {
            blue = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("blue")
                    .tags(tag("Project", "blue")).transitiveTagKeys("Project"));
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("red")
                    .tags(tag("Project", "red"))))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("User: " + userArn("tagger")
                                + " is not authorized to perform: sts:TagSession on resource: " + roleArn);
                    });
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("twice")
                    .tags(tag("Project", "blue"), tag("project", "blue"))))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Duplicate tag keys found. Please"
                                + " note that Tag keys are case insensitive.");
                    });
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("bad")
                    .tags(tag("bad key!", "x"))))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("1 validation error detected: Value 'bad key!' at 'tags.1.member.key' failed"
                                    + " to satisfy constraint: Member must satisfy regular expression pattern:"
                                    + " [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"));
        }
        assertThat(blue.packedPolicySize()).isBetween(1, 100);
        AwsSessionCredentials blueSession = AwsSessionCredentials.create(blue.credentials().accessKeyId(),
                blue.credentials().secretAccessKey(), blue.credentials().sessionToken());
        try (KinesisClient kinesis = kinesis(riffle.endpoint(), blueSession)) {
            kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
        }
        // role chaining: the transitive tag passes on, and may not be overridden
        AssumeRoleResponse chained;
        try (StsClient sts = sts(blueSession)) {
            chained = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("chained"));
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("green")
                    .tags(tag("PROJECT", "green"))))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("InvalidParameterValue"));
        }
        try (KinesisClient kinesis = kinesis(riffle.endpoint(), AwsSessionCredentials.create(
                chained.credentials().accessKeyId(), chained.credentials().secretAccessKey(),
                chained.credentials().sessionToken()))) {
            kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
        }

        // the AWS CLI passes tags too (shorthand Key=,Value=); they count towards the packed size
        String cliPacked = cli.run(key[0], key[1], "sts", "assume-role", "--role-arn", roleArn,
                "--role-session-name", "cli-tags", "--tags", "Key=Project,Value=blue", "--transitive-tag-keys",
                "Project", "--query", "PackedPolicySize", "--output", "text").ok();
        assertThat(Integer.parseInt(cliPacked)).isBetween(1, 100);
    }
}
