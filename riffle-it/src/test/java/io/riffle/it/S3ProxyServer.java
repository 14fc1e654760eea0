package io.riffle.it;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the Firehose tests: s3proxy in this JVM on a free loopback port, over
 * jclouds' in-memory blob store, checking SigV4 signatures with {@link #ACCESS_KEY}/{@link #SECRET_KEY}.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "s3-access";
    static final String SECRET_KEY = "s3-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private S3ProxyServer(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    static S3ProxyServer start() {
        try {
            Properties properties = new Properties();
            BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                    .overrides(properties).build(BlobStoreContext.class);
            S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!proxy.getState().equals("STARTED")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("s3proxy did not start within 30 s: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            return new S3ProxyServer(proxy, context, URI.create("http://127.0.0.1:" + proxy.getPort()));
        } catch (Exception e) {
            throw new AssertionError("cannot start s3proxy: " + e, e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** The settings that make a Riffle server deliver here. */
    String[] riffleSettings() {
        return new String[] {"firehose-s3-endpoint=" + endpoint, "firehose-s3-access-key-id=" + ACCESS_KEY,
                "firehose-s3-secret-access-key=" + SECRET_KEY, "firehose-s3-path-style=true"};
    }

    S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop: " + e, e);
        } finally {
            context.close();
        }
    }
}
