package io.riffle.it;

import static io.riffle.it.IamFixture.streamArn;
import static io.riffle.it.IamFixture.userArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * IAM users and policies with real clients against a server with auth=sigv4: the AWS CLI (as the
 * root) creates users, their access keys and their policies; the SDK v2 (CBOR) and boto3 then call
 * Kinesis with those keys. A user allowed only PutRecords on stream A is denied everything else with
 * AWS's exact text; an explicit Deny beats an Allow; a source-IP condition decides; IAM's own errors
 * come out of the CLI in IAM's words.
 */
class IamPoliciesIT {
    private static final long TIMEOUT_S = 180;
    private static final String ACCOUNT = SdkClients.ACCOUNT;
    private static final String STREAM_A = "iam-a";
    private static final String STREAM_B = "iam-b";

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

    private static IamFixture.Clients clients;
    private static AwsCli cli;
    private static KinesisClient root;

    @BeforeAll
    static void twoStreams() throws Exception {
        clients = IamFixture.Clients.open(riffle, "iam-it");
        cli = clients.cli();
        root = clients.root();
        for (String stream : List.of(STREAM_A, STREAM_B)) {
            root.createStream(b -> b.streamName(stream).shardCount(1));
            SdkClients.fastWaiter(root, 100, 600).waitUntilStreamExists(b -> b.streamName(stream));
        }
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static AwsCli.Result asRoot(String... arguments) throws Exception {
        return IamFixture.asRoot(cli, arguments);
    }

    /** A new user with one access key and an inline policy, made with the CLI; its key id and secret. */
    private static String[] userWithPolicy(String name, String policy) throws Exception {
        String[] key = IamFixture.userWithKey(cli, name);
        asRoot("iam", "put-user-policy", "--user-name", name, "--policy-name", name + "-policy",
                "--policy-document", policy).ok();
        return key;
    }

    private static String allow(String action, String resource) {
        return "{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static KinesisClient client(String[] key) {
        return IamFixture.kinesis(riffle.endpoint(), AwsBasicCredentials.create(key[0], key[1]));
    }

    private static String noIdentityAllow(String user, String action, String resource) {
        return "User: " + userArn(user) + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action";
    }

    private static void putRecords(KinesisClient client, String stream) {
        assertThat(client.putRecords(b -> b.streamName(stream).records(PutRecordsRequestEntry.builder()
                .partitionKey("k").data(SdkBytes.fromUtf8String("x")).build())).failedRecordCount()).isZero();
    }

    @Test
    void aUserAllowedOnlyPutRecordsOnStreamAIsDeniedEverythingElse() throws Exception {
        String[] writer = userWithPolicy("writer", policy(allow("kinesis:PutRecords", streamArn(STREAM_A))));
        try (KinesisClient sdk = client(writer)) {
            putRecords(sdk, STREAM_A);
            assertThatThrownBy(() -> sdk.putRecord(b -> b.streamName(STREAM_A).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("x")))).isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(noIdentityAllow("writer",
                                "kinesis:PutRecord", streamArn(STREAM_A)));
                    });
            assertThatThrownBy(() -> putRecords(sdk, STREAM_B)).isInstanceOfSatisfying(AccessDeniedException.class,
                    e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(noIdentityAllow("writer",
                            "kinesis:PutRecords", streamArn(STREAM_B))));
            assertThatThrownBy(() -> sdk.describeStreamSummary(b -> b.streamName(STREAM_A)))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).isEqualTo(noIdentityAllow("writer", "kinesis:DescribeStreamSummary",
                            streamArn(STREAM_A))));
            assertThatThrownBy(() -> sdk.listShards(b -> b.streamName(STREAM_A)))
                    .isInstanceOf(AccessDeniedException.class);
        }
        if (!SdkClients.cborEnabled()) {
            return; // boto3 and the AWS CLI do not use the Java SDK's wire format: run them once, in the CBOR execution
        }
        String out = PythonScenario.run("iam_scenario.py", List.of(riffle.endpoint().toString(), writer[0], writer[1],
                STREAM_A, STREAM_B), "OK iam scenario", clients.tmp(), TIMEOUT_S);
        System.out.println("boto3 iam scenario output:\n" + out);

        AwsCli.Result cliDenied = cli.run(writer[0], writer[1], "kinesis", "describe-stream-summary", "--stream-name",
                STREAM_A);
        assertThat(cliDenied.exit()).isNotZero();
        assertThat(cliDenied.output()).contains("An error occurred (AccessDeniedException) when calling the "
                + "DescribeStreamSummary operation: " + noIdentityAllow("writer", "kinesis:DescribeStreamSummary",
                streamArn(STREAM_A)));
    }

    /**
     * IAM is global: AWS signs it for us-east-1, and with an endpoint the AWS CLI (and the SDK v2) sign with the
     * region they are given, e.g. {@code aws-global}; a server of any region takes those and its own. Another
     * region is refused in IAM's words.
     */
    @Test
    void iamTakesTheRegionsItIsSignedForOnAws() throws Exception {
        asRoot("iam", "create-user", "--user-name", "global-region", "--region", "aws-global").ok();
        assertThat(asRoot("iam", "list-users", "--region", "us-east-1", "--query", "Users[].UserName", "--output", "text")
                .ok()).contains("global-region");
        AwsCli.Result elsewhere = asRoot("iam", "list-users", "--region", "eu-west-1");
        assertThat(elsewhere.exit()).isNotZero();
        assertThat(elsewhere.output()).contains("SignatureDoesNotMatch")
                .contains("Credential should be scoped to a valid region, not 'eu-west-1'.");
    }

    /** {@code aws iam get-user} without a name answers the user whose keys signed it (allowed on its own ARN). */
    @Test
    void getUserWithoutANameIsTheCallersOwnUser() throws Exception {
        String[] self = userWithPolicy("self-reader", policy(allow("iam:GetUser", userArn("self-reader"))));
        assertThat(cli.run(self[0], self[1], "iam", "get-user", "--query", "User.Arn", "--output", "text").ok())
                .isEqualTo(userArn("self-reader"));
        AwsCli.Result other = cli.run(self[0], self[1], "iam", "get-user", "--user-name", "global-region-absent");
        assertThat(other.exit()).isNotZero();
        assertThat(other.output()).contains("AccessDenied");
        // the root's keys get the root "user": the account id, the :root ARN, the account's creation date, no name
        assertThat(asRoot("iam", "get-user", "--query", "User.[UserId,Arn,UserName,to_string(CreateDate != null)]",
                "--output", "text").ok().split("\\s+"))
                .containsExactly(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":root", "None", "true");
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() throws Exception {
        String[] key = userWithPolicy("denied", policy(allow("kinesis:*", "*"),
                "{\"Effect\":\"Deny\",\"Action\":\"kinesis:Put*\",\"Resource\":\"" + streamArn(STREAM_A) + "\"}"));
        try (KinesisClient sdk = client(key)) {
            putRecords(sdk, STREAM_B);
            assertThatThrownBy(() -> putRecords(sdk, STREAM_A)).isInstanceOfSatisfying(AccessDeniedException.class,
                    e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + userArn("denied")
                            + " is not authorized to perform: kinesis:PutRecords on resource: " + streamArn(STREAM_A)
                            + " with an explicit deny in an identity-based policy"));
        }
    }

    @Test
    void resourceTagConditionsAndListShardsPagesAreCheckedOnTheStream() throws Exception {
        String tagged = "iam-tagged";
        root.createStream(b -> b.streamName(tagged).shardCount(2).tags(Map.of("team", "blue")));
        SdkClients.fastWaiter(root, 100, 600).waitUntilStreamExists(b -> b.streamName(tagged));
        root.addTagsToStream(b -> b.streamName(STREAM_B).tags(Map.of("team", "red")));
        String blueOnly = "{\"Effect\":\"Allow\",\"Action\":\"kinesis:DescribeStreamSummary\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":\"blue\"}}}";
        String[] key = userWithPolicy("tagged", policy(blueOnly, allow("kinesis:ListShards", streamArn(tagged))));
        try (KinesisClient sdk = client(key)) {
            sdk.describeStreamSummary(b -> b.streamName(tagged));
            for (String other : List.of(STREAM_A, STREAM_B)) { // untagged, and tagged red
                assertThatThrownBy(() -> sdk.describeStreamSummary(b -> b.streamName(other)))
                        .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.awsErrorDetails()
                                .errorMessage()).isEqualTo(noIdentityAllow("tagged", "kinesis:DescribeStreamSummary",
                                streamArn(other))));
            }
            // the second page names no stream: it is checked on the stream its NextToken pages, not on *
            String nextToken = sdk.listShards(b -> b.streamName(tagged).maxResults(1)).nextToken();
            assertThat(nextToken).isNotNull();
            assertThat(sdk.listShards(b -> b.nextToken(nextToken)).shards()).hasSize(1);
            assertThatThrownBy(() -> sdk.listShards(b -> b.streamName(STREAM_B)))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void aSourceIpConditionDecides() throws Exception {
        String fromLoopback = "{\"Effect\":\"Allow\",\"Action\":\"kinesis:PutRecords\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.0/8\"}}}";
        String fromElsewhere = "{\"Effect\":\"Allow\",\"Action\":\"kinesis:DescribeStreamSummary\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}";
        String[] key = userWithPolicy("networked", policy(fromLoopback, fromElsewhere));
        try (KinesisClient sdk = client(key)) {
            putRecords(sdk, STREAM_A);
            assertThatThrownBy(() -> sdk.describeStreamSummary(b -> b.streamName(STREAM_A)))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void aResourcePolicyLetsASecondUserRead() throws Exception {
        String[] reader = userWithPolicy("reader", policy(allow("kinesis:ListStreams", "*")));
        putRecords(root, STREAM_B);
        String readers = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + userArn("reader") + "\"},"
                + "\"Action\":[\"kinesis:GetShardIterator\",\"kinesis:GetRecords\",\"kinesis:DescribeStreamSummary\"],"
                + "\"Resource\":\"" + streamArn(STREAM_B) + "\"}");
        root.putResourcePolicy(b -> b.resourceARN(streamArn(STREAM_B)).policy(readers));
        assertThat(root.getResourcePolicy(b -> b.resourceARN(streamArn(STREAM_B))).policy()).isEqualTo(readers);
        try (KinesisClient sdk = client(reader)) {
            String iterator = sdk.getShardIterator(b -> b.streamName(STREAM_B).shardId("shardId-000000000000")
                    .shardIteratorType("TRIM_HORIZON")).shardIterator();
            assertThat(sdk.getRecords(b -> b.shardIterator(iterator).streamARN(streamArn(STREAM_B))).records())
                    .isNotEmpty();
            assertThatThrownBy(() -> sdk.getShardIterator(b -> b.streamName(STREAM_A).shardId("shardId-000000000000")
                    .shardIteratorType("TRIM_HORIZON"))).isInstanceOfSatisfying(AccessDeniedException.class,
                    e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(noIdentityAllow("reader",
                            "kinesis:GetShardIterator", streamArn(STREAM_A))));
            assertThatThrownBy(() -> putRecords(sdk, STREAM_B)).isInstanceOf(AccessDeniedException.class);
        }
        root.deleteResourcePolicy(b -> b.resourceARN(streamArn(STREAM_B)));
        assertThat(root.getResourcePolicy(b -> b.resourceARN(streamArn(STREAM_B))).policy()).isEqualTo("{}");
        try (KinesisClient sdk = client(reader)) {
            assertThatThrownBy(() -> sdk.describeStreamSummary(b -> b.streamName(STREAM_B)))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void dynamoDbAsksThePoliciesToo() throws Exception {
        String[] key = userWithPolicy("tables", policy(allow("dynamodb:ListTables", "*")));
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key[0], key[1])))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            assertThat(dynamo.listTables().tableNames()).isNotNull();
            assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName("leases")))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(noIdentityAllow("tables",
                                "dynamodb:DescribeTable", "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/leases"));
                    });
        }
    }

    @Test
    void theRiffleCommandManagesUsers() {
        Assumptions.assumeTrue(SdkClients.cborEnabled(), "the riffle command runs its own SDK: once, in the CBOR execution");
        RiffleCli riffleCli = new RiffleCli(riffle.endpoint(), clients.tmp()); // signs with the root keys
        RiffleCli.Result created = riffleCli.run("iam", "create-user", "from-riffle");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains(userArn("from-riffle"));
        RiffleCli.Result key = riffleCli.run("iam", "create-access-key", "from-riffle");
        assertThat(key.exitCode()).as(key.toString()).isZero();
        assertThat(key.out()).contains("AKIA").contains("SecretAccessKey");
        RiffleCli.Result put = riffleCli.run("iam", "put-user-policy", "from-riffle", "reads",
                policy(allow("kinesis:DescribeStreamSummary", "*")));
        assertThat(put.exitCode()).as(put.toString()).isZero();
        assertThat(riffleCli.run("iam", "list-users").out()).contains("from-riffle");
        RiffleCli.Result again = riffleCli.run("iam", "create-user", "from-riffle");
        assertThat(again.exitCode()).as(again.toString()).isNotZero();
        assertThat(again.out() + again.err()).contains("User with name from-riffle already exists.");
    }

    @Test
    void iamAnswersItsOwnErrorsToTheCli() throws Exception {
        Assumptions.assumeTrue(SdkClients.cborEnabled(), "the AWS CLI's own rendering: once, in the CBOR execution");
        String[] key = userWithPolicy("errors", policy(allow("kinesis:ListStreams", "*")));
        AwsCli.Result duplicate = asRoot("iam", "create-user", "--user-name", "errors");
        assertThat(duplicate.output()).contains("An error occurred (EntityAlreadyExists) when calling the CreateUser "
                + "operation: User with name errors already exists.");
        AwsCli.Result missing = asRoot("iam", "get-user", "--user-name", "nobody");
        assertThat(missing.output()).contains("An error occurred (NoSuchEntity) when calling the GetUser operation: "
                + "The user with name nobody cannot be found.");
        AwsCli.Result malformed = asRoot("iam", "put-user-policy", "--user-name", "errors", "--policy-name", "p",
                "--policy-document", "{\"Statement\":[{\"Action\":\"kinesis:*\",\"Resource\":\"*\"}]}");
        assertThat(malformed.output()).contains("An error occurred (MalformedPolicyDocument) when calling the "
                + "PutUserPolicy operation: Missing required field Effect");
        AwsCli.Result conflict = asRoot("iam", "delete-user", "--user-name", "errors");
        assertThat(conflict.output()).contains("An error occurred (DeleteConflict) when calling the DeleteUser "
                + "operation: Cannot delete entity, must delete access keys first.");
        asRoot("iam", "create-access-key", "--user-name", "errors").ok();
        AwsCli.Result third = asRoot("iam", "create-access-key", "--user-name", "errors");
        assertThat(third.output()).contains("An error occurred (LimitExceeded) when calling the CreateAccessKey "
                + "operation: Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(asRoot("iam", "get-user-policy", "--user-name", "errors", "--policy-name", "errors-policy",
                "--query", "PolicyDocument.Statement[0].Action", "--output", "text").ok()).isEqualTo("kinesis:ListStreams");
        assertThat(asRoot("iam", "list-users", "--query", "Users[].UserName", "--output", "text").ok())
                .contains("errors");

        asRoot("iam", "delete-access-key", "--user-name", "errors", "--access-key-id", key[0]).ok();
        AwsCli.Result gone = cli.run(key[0], key[1], "kinesis", "list-streams");
        assertThat(gone.output()).contains("UnrecognizedClientException");
    }
}
