package io.riffle.firehose.delivery;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;
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
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Any S3-compatible store (AWS S3, MinIO, s3proxy, ...) through the AWS SDK v2's S3 client: its endpoint,
 * path-style addressing and credentials are settings. A PutObject that answers 200 is durable in the store.
 */
public final class S3ObjectStore implements ObjectStore {
    private final Supplier<S3Client> build;
    private final String endpoint;
    private S3Client client; // built at the first put, on the delivery thread: building it takes seconds

    public S3ObjectStore(Supplier<S3Client> build, String endpoint) {
        this.build = build;
        this.endpoint = endpoint;
    }

    /** A client for {@code endpoint} (null: AWS's own for the region); credentials null: the SDK's default chain. */
    public static S3ObjectStore connect(String endpoint, String region, boolean isPathStyle, String accessKeyId,
                                        String secretAccessKey) {
        AwsCredentialsProvider credentials = accessKeyId == null || accessKeyId.isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        var builder = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .forcePathStyle(isPathStyle)
                // plain, signed PutObjects: S3-compatible stores (s3proxy, older MinIO) refuse the SDK's default
                // aws-chunked uploads with trailing checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (endpoint != null && !endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return new S3ObjectStore(builder::build, endpoint == null || endpoint.isEmpty() ? "AWS S3 in " + region : endpoint);
    }

    @Override
    public synchronized void put(String bucket, String key, byte[] bytes, String contentEncoding) throws IOException {
        try {
            if (client == null) {
                client = build.get();
            }
            PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
            if (contentEncoding != null) {
                request.contentEncoding(contentEncoding);
            }
            client.putObject(request.build(), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new IOException("PutObject " + bucket + "/" + key + " to " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "S3 at " + endpoint;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
