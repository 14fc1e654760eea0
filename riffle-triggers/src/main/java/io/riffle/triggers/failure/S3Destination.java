package io.riffle.triggers.failure;

import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Invocation records in an S3-compatible store (or AWS S3), through the AWS SDK: one PutObject each, path-style
 * (what S3-compatible stores need). The client is built at the first record, not at start-up (building it takes
 * seconds and most mappings never discard a batch).
 */
public final class S3Destination implements FailureDestination, AutoCloseable {
    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private S3Client client;

    /** {@code accessKeyId} null or empty: the SDK's default credential chain. */
    public S3Destination(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = accessKeyId == null || accessKeyId.isEmpty() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    @Override
    public synchronized void put(String bucket, String key, byte[] body) throws IOException {
        if (client == null) {
            client = S3Client.builder().endpointOverride(endpoint).region(Region.of(region))
                    .credentialsProvider(credentials).forcePathStyle(true)
                    // plain signed PutObjects: S3-compatible stores refuse aws-chunked uploads with trailing checksums
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                    .build();
        }
        try {
            client.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new IOException("PutObject " + bucket + "/" + key + " at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
