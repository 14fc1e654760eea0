package io.riffle.bench.common;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * AWS SDK v2 clients for the load: {@link KinesisClient} over the Apache HTTP/1.1 client, as an
 * application would build it (only the endpoint differs from AWS), except that the SDK does not
 * retry: a failed call is counted and shown, not hidden behind a retry.
 */
public final class KinesisClients {
    public static final Region REGION = Region.US_EAST_1;
    /** Riffle accepts any SigV4 credentials (verification comes later). */
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "kinesis-load"));

    private KinesisClients() {
    }

    /** A client for {@code threads} threads calling it at once: one pooled connection each. */
    public static KinesisClient create(URI endpoint, int threads) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(threads)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** "CBOR" or "JSON": what the SDK of this JVM sends ({@code aws.cborEnabled}, read when a client is built). */
    public static String wireFormat() {
        String value = System.getProperty("aws.cborEnabled");
        if (value == null) {
            value = System.getenv("AWS_CBOR_ENABLED");
        }
        return value != null && value.strip().equalsIgnoreCase("false") ? "JSON" : "CBOR";
    }
}
