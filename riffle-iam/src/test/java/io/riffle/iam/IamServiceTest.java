package io.riffle.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.auth.AccessKey;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.io.OwnerOnly;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM over its query protocol, in process over a real log store: entities and their errors, users'
 * keys found by the credential store, policies enforced on IAM's own calls, and everything back after
 * a restart with no secret in the clear on disk.
 */
class IamServiceTest {
    private static final String ACCOUNT = "000000000000";

    @TempDir
    Path dir;

    private static String call(IamService iam, Caller caller, String action, String... parameters) {
        StringBuilder form = new StringBuilder("Action=" + action + "&Version=" + IamService.VERSION);
        for (int i = 0; i < parameters.length; i += 2) {
            form.append('&').append(parameters[i]).append('=')
                    .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        AwsRequest request = AwsRequest.of("POST", "/", Map.of("Content-Type", AwsRequest.FORM_CONTENT_TYPE),
                form.toString().getBytes(StandardCharsets.UTF_8));
        AwsAnswer answer = iam.serve(caller == null ? request : request.withCaller(caller)).join();
        ByteBuf body = ((AwsAnswer.Whole) answer.body()).bytes();
        return answer.status() + " " + body.toString(StandardCharsets.UTF_8);
    }

    private static String call(IamService iam, String action, String... parameters) {
        return call(iam, null, action, parameters);
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open) + open.length();
        return text.substring(start, text.indexOf(close, start));
    }

    private IamService open(LogStore store) throws Exception {
        IamService iam = new IamService(ACCOUNT);
        iam.start(store, dir, SnapshotPolicy.DEFAULT, InstantSource.system());
        iam.enforcePolicies();
        return iam;
    }

    private static final String PUT_RECORDS = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"kinesis:PutRecords\",\"Resource\":\"arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/A\"}}";

    @Test
    void usersKeysAndPoliciesSurviveARestartAndSecretsAreSealed() throws Exception {
        Path data = dir.resolve("data");
        String keyId;
        String secret;
        Caller root = Caller.accountRoot(ACCOUNT, "AKIARIFFLEROOT000001");
        String rootUser;
        try (LogStore store = LogStore.open(StoreConfig.at(data).validate()); IamService iam = open(store)) {
            rootUser = call(iam, root, "GetUser"); // the root "user": written once, at the data directory's first start
            assertThat(rootUser).startsWith("200 ").contains("<UserId>" + ACCOUNT + "</UserId>",
                    "<Arn>arn:aws:iam::" + ACCOUNT + ":root</Arn>", "<CreateDate>").doesNotContain("UserName", "Path");
            assertThat(call(iam, "CreateUser", "UserName", "alice")).startsWith("200 ")
                    .contains("<Arn>arn:aws:iam::" + ACCOUNT + ":user/alice</Arn>");
            String created = call(iam, "CreateAccessKey", "UserName", "alice");
            keyId = between(created, "<AccessKeyId>", "</AccessKeyId>");
            secret = between(created, "<SecretAccessKey>", "</SecretAccessKey>");
            assertThat(keyId).matches("AKIA[A-Z2-7]{16}");
            assertThat(secret).hasSize(40);
            assertThat(call(iam, "PutUserPolicy", "UserName", "alice", "PolicyName", "p", "PolicyDocument", PUT_RECORDS))
                    .startsWith("200 ");
            assertThat(call(iam, "CreateGroup", "GroupName", "g")).startsWith("200 ");
            assertThat(call(iam, "AddUserToGroup", "GroupName", "g", "UserName", "alice")).startsWith("200 ");
        }
        assertThat(OwnerOnly.groupOrOthers(dir.resolve(SecretSealer.KEY_FILE))).isEmpty();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(secret);
            }
        }
        try (LogStore store = LogStore.open(StoreConfig.at(data).validate()); IamService iam = open(store)) {
            assertThat(call(iam, root, "GetUser")).isEqualTo(rootUser);
            AccessKey key = iam.credentials().find(keyId).orElseThrow();
            assertThat(key.secretAccessKey()).isEqualTo(secret);
            assertThat(key.principal().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/alice");
            assertThat(iam.authorizer().authorize(key.principal(), "kinesis:PutRecords",
                    "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/A", Map.of())).isEmpty();
            assertThat(iam.authorizer().authorize(key.principal(), "kinesis:PutRecord",
                    "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/A", Map.of())).isPresent();
            assertThat(call(iam, "GetGroup", "GroupName", "g")).contains("<UserName>alice</UserName>");
            assertThat(call(iam, "GetUserPolicy", "UserName", "alice", "PolicyName", "p"))
                    .contains("<PolicyDocument>" + URLEncoder.encode(PUT_RECORDS, StandardCharsets.UTF_8)
                            .replace("+", "%20") + "</PolicyDocument>");

            assertThat(call(iam, key.principal(), "ListUsers")).startsWith("403 ")
                    .contains("<Code>AccessDenied</Code>")
                    .contains("<Message>User: arn:aws:iam::" + ACCOUNT + ":user/alice is not authorized to perform: "
                            + "iam:ListUsers on resource: * because no identity-based policy allows the iam:ListUsers "
                            + "action</Message>");

            assertThat(call(iam, "UpdateAccessKey", "UserName", "alice", "AccessKeyId", keyId, "Status", "Inactive"))
                    .startsWith("200 ");
            assertThat(iam.credentials().find(keyId)).isEmpty();
        }
    }

    @Test
    void entitiesAnswerIamsErrors() throws Exception {
        try (LogStore store = LogStore.open(StoreConfig.at(dir.resolve("data")).validate()); IamService iam = open(store)) {
            call(iam, "CreateUser", "UserName", "bob");
            assertThat(call(iam, "CreateUser", "UserName", "BOB")).startsWith("409 ")
                    .contains("<Code>EntityAlreadyExists</Code>").contains("User with name BOB already exists.");
            assertThat(call(iam, "GetUser", "UserName", "carol")).startsWith("404 ")
                    .contains("<Code>NoSuchEntity</Code>").contains("The user with name carol cannot be found.");
            assertThat(call(iam, "CreateUser")).startsWith("400 ").contains("<Code>ValidationError</Code>")
                    .contains("Value null at &apos;userName&apos; failed to satisfy constraint: Member must not be null");
            assertThat(call(iam, "PutUserPolicy", "UserName", "bob", "PolicyName", "p", "PolicyDocument", "{"))
                    .startsWith("400 ").contains("<Code>MalformedPolicyDocument</Code>").contains("Syntax errors in policy.");
            call(iam, "CreateAccessKey", "UserName", "bob");
            call(iam, "CreateAccessKey", "UserName", "bob");
            assertThat(call(iam, "CreateAccessKey", "UserName", "bob")).startsWith("409 ")
                    .contains("<Code>LimitExceeded</Code>").contains("Cannot exceed quota for AccessKeysPerUser: 2");
            assertThat(call(iam, "DeleteUser", "UserName", "bob")).startsWith("409 ")
                    .contains("<Code>DeleteConflict</Code>");
            assertThat(call(iam, "CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", PUT_RECORDS))
                    .startsWith("400 ").contains("Missing required field Principal");
            String policy = call(iam, "CreatePolicy", "PolicyName", "writers", "PolicyDocument", PUT_RECORDS);
            String arn = between(policy, "<Arn>", "</Arn>");
            assertThat(arn).isEqualTo("arn:aws:iam::" + ACCOUNT + ":policy/writers");
            assertThat(call(iam, "AttachUserPolicy", "UserName", "bob", "PolicyArn", arn)).startsWith("200 ");
            assertThat(call(iam, "DeletePolicy", "PolicyArn", arn)).startsWith("409 ").contains("DeleteConflict");
            assertThat(call(iam, "ListAttachedUserPolicies", "UserName", "bob")).contains("<PolicyArn>" + arn);
            assertThat(call(iam, "GetPolicy", "PolicyArn", arn)).contains("<AttachmentCount>1</AttachmentCount>");
            assertThat(call(iam, "Frobnicate")).startsWith("400 ").contains("<Code>InvalidAction</Code>")
                    .contains("Could not find operation Frobnicate for version 2010-05-08");
            assertThat(List.of(call(iam, "ListUsers"))).allMatch(s -> s.contains("<UserName>bob</UserName>"));
        }
    }
}
