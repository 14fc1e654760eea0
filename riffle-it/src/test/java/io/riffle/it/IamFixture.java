package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * What the IAM and STS tests share against a server with auth=sigv4: identities made as the root with
 * the AWS CLI, the ARNs they are named by, and a Kinesis client that signs with given credentials and
 * never retries (so a refusal reaches the test as it was answered).
 */
final class IamFixture {

    private IamFixture() {
    }

    /**
     * What an IAM or STS test class opens once against its server (in {@code @BeforeAll}): a folder of its
     * own for the command-line clients, the AWS CLI, and a Kinesis client signed with the root's keys.
     */
    record Clients(Path tmp, AwsCli cli, KinesisClient root) implements AutoCloseable {
        static Clients open(RiffleServerExtension riffle, String folderPrefix) throws IOException {
            Path tmp = Files.createTempDirectory(folderPrefix);
            return new Clients(tmp, new AwsCli(riffle.endpoint().toString(), tmp),
                    SdkClients.sync(riffle.endpoint(), null));
        }

        @Override
        public void close() {
            root.close();
        }
    }

    /** The AWS CLI signed with the root's keys. */
    static AwsCli.Result asRoot(AwsCli cli, String... arguments) throws Exception {
        return cli.run(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY, arguments);
    }

    /** A new user with one access key (and no policy), made as the root; its key id and secret. */
    static String[] userWithKey(AwsCli cli, String name) throws Exception {
        assertThat(asRoot(cli, "iam", "create-user", "--user-name", name, "--query", "User.Arn", "--output", "text")
                .ok()).isEqualTo(userArn(name));
        String[] key = asRoot(cli, "iam", "create-access-key", "--user-name", name, "--query",
                "AccessKey.[AccessKeyId,SecretAccessKey]", "--output", "text").ok().split("\\s+");
        assertThat(key[0]).startsWith("AKIA").hasSize(20);
        return key;
    }

    static String userArn(String name) {
        return "arn:aws:iam::" + SdkClients.ACCOUNT + ":user/" + name;
    }

    static String streamArn(String name) {
        return "arn:aws:kinesis:us-east-1:" + SdkClients.ACCOUNT + ":stream/" + name;
    }

    static KinesisClient kinesis(URI endpoint, AwsCredentials credentials) {
        return KinesisClient.builder().endpointOverride(endpoint).region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
