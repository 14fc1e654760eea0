package io.riffle.it;

import io.riffle.aws.Caller;
import io.riffle.aws.auth.AccessKey;
import io.riffle.aws.auth.Session;
import io.riffle.aws.auth.SessionTokens;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Session credentials for the tests: live ones from the server's own STS GetSessionToken (signed with the root
 * keys), and expired ones, sealed with the server's session-token key from its data directory exactly as STS would
 * have sealed them an hour ago (no client can wait out the 15-minute minimum duration).
 */
final class SessionCredentials {
    private SessionCredentials() {
    }

    /** GetSessionToken's answer to the test's root keys ({@link SdkClients#credentials()}) at {@code endpoint}. */
    static AwsSessionCredentials issued(URI endpoint) {
        return issued(endpoint, SdkClients.credentials());
    }

    /** GetSessionToken's answer to the keys of {@code signer} at {@code endpoint}. */
    static AwsSessionCredentials issued(URI endpoint, AwsCredentialsProvider signer) {
        try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(SdkClients.REGION)
                .credentialsProvider(signer).httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            Credentials credentials = sts.getSessionToken(b -> b.durationSeconds(900)).credentials();
            return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                    credentials.sessionToken());
        }
    }

    /** A root session that expired a minute ago, as the server with data in {@code dataDir} would have issued it. */
    static AwsSessionCredentials expired(Path dataDir) throws Exception {
        SessionTokens tokens = new SessionTokens(Files.readAllBytes(dataDir.resolve("session-token-key")),
                new SecureRandom());
        Instant expiredAt = Instant.now().minus(Duration.ofMinutes(1));
        AccessKey key = tokens.issue(Session.ofCaller(Caller.accountRoot(SdkClients.ACCOUNT, SdkClients.ACCESS_KEY),
                expiredAt.minus(Duration.ofHours(1)), expiredAt));
        return AwsSessionCredentials.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
    }

    /** The environment variables a CLI, boto3 or the JS SDK takes {@code credentials} from. */
    static Map<String, String> environment(AwsSessionCredentials credentials) {
        return Map.of("AWS_ACCESS_KEY_ID", credentials.accessKeyId(), "AWS_SECRET_ACCESS_KEY",
                credentials.secretAccessKey(), "AWS_SESSION_TOKEN", credentials.sessionToken());
    }
}
