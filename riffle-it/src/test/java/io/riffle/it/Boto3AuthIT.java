package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 and the AWS CLI (JSON 1.1, query XML for STS) against a server with auth=sigv4: the
 * scenario src/test/python/auth_scenario.py (valid root keys and their GetSessionToken session, wrong
 * secret, unknown key, botocore's clock patched ahead and behind, an expired session), and the CLI's
 * own rendering of the errors, with root and session credentials.
 */
class Boto3AuthIT {
    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

    @TempDir
    Path tmp;

    @Test
    void boto3AuthScenarioPasses() throws Exception {
        Map<String, String> expired = new HashMap<>();
        SessionCredentials.environment(SessionCredentials.expired(riffle.server().dataDir()))
                .forEach((name, value) -> expired.put(name.replace("AWS_", "EXPIRED_"), value));
        String out = PythonScenario.run("auth_scenario.py", List.of(riffle.endpoint().toString()), expired,
                "OK auth scenario", tmp, TIMEOUT_S);
        System.out.println("boto3 auth scenario output:\n" + out);
    }

    @Test
    void theAwsCliWorksWithTheRootKeysAndSaysWhatIsWrongOtherwise() throws Exception {
        AwsCli.Result ok = aws(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY, "sts", "get-caller-identity", "--output", "text");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("arn:aws:iam::000000000000:root");

        AwsCli.Result wrongSecret = aws(SdkClients.ACCESS_KEY, "wrong", "kinesis", "list-streams");
        assertThat(wrongSecret.exit()).isNotZero();
        assertThat(wrongSecret.output()).contains("An error occurred (InvalidSignatureException) when calling the "
                + "ListStreams operation: The request signature we calculated does not match the signature you "
                + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
                + "for details.");

        AwsCli.Result unknown = aws("AKIAUNKNOWNKEY000000", SdkClients.SECRET_KEY, "sts", "get-caller-identity");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.output()).contains("An error occurred (InvalidClientTokenId) when calling the "
                + "GetCallerIdentity operation: The security token included in the request is invalid.");
    }

    @Test
    void theAwsCliWorksWithSessionCredentialsAndSaysWhenTheyExpired() throws Exception {
        AwsCli.Result issued = aws(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY, "sts", "get-session-token", "--duration-seconds",
                "900", "--query", "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]", "--output", "text");
        assertThat(issued.exit()).as(issued.output()).isZero();
        String[] credentials = issued.output().strip().split("\\s+");
        assertThat(credentials).hasSize(3);
        assertThat(credentials[0]).startsWith("ASIA");
        AwsCli.Result session = aws(Map.of("AWS_ACCESS_KEY_ID", credentials[0], "AWS_SECRET_ACCESS_KEY", credentials[1],
                "AWS_SESSION_TOKEN", credentials[2]), "kinesis", "list-streams");
        assertThat(session.exit()).as(session.output()).isZero();
        assertThat(session.output()).contains("StreamNames");

        Map<String, String> expired = SessionCredentials.environment(
                SessionCredentials.expired(riffle.server().dataDir()));
        AwsCli.Result kinesis = aws(expired, "kinesis", "list-streams");
        assertThat(kinesis.exit()).isNotZero();
        assertThat(kinesis.output()).contains("An error occurred (ExpiredTokenException) when calling the ListStreams "
                + "operation: The security token included in the request is expired");
        AwsCli.Result sts = aws(expired, "sts", "get-caller-identity");
        assertThat(sts.exit()).isNotZero();
        assertThat(sts.output()).contains("An error occurred (ExpiredToken) when calling the GetCallerIdentity "
                + "operation: The security token included in the request is expired");
    }

    private AwsCli.Result aws(String keyId, String secret, String... arguments) throws Exception {
        return new AwsCli(riffle.endpoint().toString(), tmp).run(keyId, secret, arguments);
    }

    private AwsCli.Result aws(Map<String, String> credentials, String... arguments) throws Exception {
        return new AwsCli(riffle.endpoint().toString(), tmp).run(credentials, arguments);
    }
}
