package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * {@code riffle credentials rotate-root}: refused while the server runs on the directory; with it stopped, new root
 * keys replace the generated ones, and after the next start the old key and the session it obtained are refused
 * (UnrecognizedClientException) while the new key works.
 */
class RootRotationIT {
    private static final Pattern KEYS = Pattern.compile("aws_access_key_id = (\\S+)\naws_secret_access_key = (\\S+)\n");

    @TempDir
    Path tmp;

    @Test
    void rotatedRootKeysEndTheOldKeyAndItsSessions() throws Exception {
        try (RiffleServerProcess server = RiffleServerProcess.start("root-rotation", "auth=sigv4")) {
            Path file = server.dataDir().resolve("root-credentials");
            AwsBasicCredentials old = keys(file);
            AwsSessionCredentials oldSession = SessionCredentials.issued(server.endpoint(),
                    StaticCredentialsProvider.create(old));
            RiffleCli cli = new RiffleCli(server.endpoint(), tmp);

            RiffleCli.Result whileRunning = cli.run("credentials", "rotate-root", "--data-dir",
                    server.dataDir().toString());
            assertThat(whileRunning.exitCode()).as(whileRunning.toString()).isEqualTo(3);
            assertThat(whileRunning.err()).contains("is in use by process " + server.pid());
            assertThat(keys(file)).isEqualTo(old);

            server.stop();
            RiffleCli.Result rotated = cli.run("credentials", "rotate-root", "--data-dir", server.dataDir().toString());
            assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
            AwsBasicCredentials fresh = keys(file);
            assertThat(fresh.accessKeyId()).isNotEqualTo(old.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
            assertThat(rotated.out()).contains("Rotated the root access key " + old.accessKeyId() + " to "
                    + fresh.accessKeyId() + " in " + file.toRealPath());

            server.start();
            assertThat(server.stdout()).contains("root access key " + fresh.accessKeyId() + " in ");
            for (AwsCredentials refused : new AwsCredentials[] {old, oldSession}) {
                try (KinesisClient kinesis = kinesis(server.endpoint(), refused)) {
                    KinesisException e = catchThrowableOfType(KinesisException.class, kinesis::listStreams);
                    assertThat(e.awsErrorDetails().errorCode()).as(refused.accessKeyId())
                            .isEqualTo("UnrecognizedClientException");
                }
            }
            try (KinesisClient kinesis = kinesis(server.endpoint(), fresh)) {
                assertThat(kinesis.listStreams().streamNames()).isEmpty();
            }
        }
    }

    private static AwsBasicCredentials keys(Path file) throws Exception {
        Matcher keys = KEYS.matcher(Files.readString(file));
        assertThat(keys.find()).isTrue();
        return AwsBasicCredentials.create(keys.group(1), keys.group(2));
    }

    private static KinesisClient kinesis(URI endpoint, AwsCredentials credentials) {
        return KinesisClient.builder().endpointOverride(endpoint).region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
