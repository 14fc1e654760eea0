package io.riffle.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.waiters.KinesisAsyncWaiter;
import software.amazon.awssdk.services.kinesis.waiters.KinesisWaiter;

/**
 * AWS SDK v2 Kinesis clients pointed at a Riffle endpoint, configured as an application would
 * configure them (only the endpoint differs from AWS).
 *
 * <p>Wire format: the SDK sends CBOR unless {@code aws.cborEnabled=false} (system property,
 * read when a client is built; riffle-it/pom.xml runs every test class once per format in two
 * failsafe executions). {@link WireLog} records the Content-Type of every request and
 * response, so tests check that the format really is the one configured.
 */
public final class SdkClients {

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT = "000000000000";
    public static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_KEY = "secret";

    public static final String CBOR = "application/x-amz-cbor-1.1";
    public static final String JSON = "application/x-amz-json-1.1";

    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);

    private SdkClients() {
    }

    /** True unless this JVM runs with {@code aws.cborEnabled=false} (or AWS_CBOR_ENABLED=false). */
    public static boolean cborEnabled() {
        String value = System.getProperty("aws.cborEnabled");
        if (value == null) {
            value = System.getenv("AWS_CBOR_ENABLED");
        }
        return value == null || !value.strip().toLowerCase(Locale.ROOT).equals("false");
    }

    /** The request Content-Type the SDK of this JVM sends. */
    public static String expectedContentType() {
        return cborEnabled() ? CBOR : JSON;
    }

    public static String formatName() {
        return cborEnabled() ? "CBOR" : "JSON";
    }

    /** The synchronous client over the Apache HTTP/1.1 client. */
    public static KinesisClient sync(URI endpoint, WireLog wireLog) {
        return sync(endpoint, wireLog, null);
    }

    /**
     * The synchronous client over the Apache HTTP/1.1 client; for an https:// endpoint it trusts
     * {@code trustedCertificate} (a PEM file, Riffle's) instead of the JDK's CAs.
     */
    public static KinesisClient sync(URI endpoint, WireLog wireLog, Path trustedCertificate) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60));
        if (trustedCertificate != null) {
            http.tlsTrustManagersProvider(trusting(trustedCertificate));
        }
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(http)
                .overrideConfiguration(override(wireLog, null))
                .build();
    }

    /**
     * The asynchronous client over Netty with HTTP/2. Against an http:// endpoint the SDK then
     * speaks cleartext HTTP/2 with prior knowledge (h2c): no TLS, so no ALPN; ASSUME_PROTOCOL is
     * the default and is set here to say so.
     */
    public static KinesisAsyncClient asyncHttp2(URI endpoint, WireLog wireLog, MetricPublisher metrics) {
        return asyncHttp2(endpoint, wireLog, metrics, null, ProtocolNegotiation.ASSUME_PROTOCOL);
    }

    /**
     * The asynchronous client over Netty with HTTP/2; for an https:// endpoint it trusts {@code
     * trustedCertificate} and offers {@code h2} by ALPN in the TLS handshake (with either
     * negotiation setting: ASSUME_PROTOCOL, the default that KCL and Flink use, or ALPN).
     */
    public static KinesisAsyncClient asyncHttp2(URI endpoint, WireLog wireLog, MetricPublisher metrics,
                                                Path trustedCertificate, ProtocolNegotiation negotiation) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(Protocol.HTTP2)
                .protocolNegotiation(negotiation)
                .maxConcurrency(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60));
        if (trustedCertificate != null) {
            http.tlsTrustManagersProvider(trusting(trustedCertificate));
        }
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(http)
                .overrideConfiguration(override(wireLog, metrics))
                .build();
    }

    /**
     * Trust managers that trust exactly the certificates in a PEM file, as a client configured
     * with Riffle's certificate as its CA (an SSL trust store built from the PEM).
     */
    public static TlsTrustManagersProvider trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trustStore.setCertificateEntry("riffle-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            TrustManager[] trustManagers = factory.getTrustManagers();
            return () -> trustManagers;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store from " + pem + ": " + e, e);
        }
    }

    /** The SDK's waiter polls every 10 s by default; this one polls every {@code pollMs}. */
    public static KinesisWaiter fastWaiter(KinesisClient client, long pollMs, int maxAttempts) {
        return KinesisWaiter.builder()
                .client(client)
                .overrideConfiguration(fastWaiterConfig(pollMs, maxAttempts))
                .build();
    }

    public static KinesisAsyncWaiter fastWaiter(KinesisAsyncClient client, long pollMs, int maxAttempts) {
        return KinesisAsyncWaiter.builder()
                .client(client)
                .overrideConfiguration(fastWaiterConfig(pollMs, maxAttempts))
                .build();
    }

    public static String streamArn(String streamName) {
        return "arn:aws:kinesis:" + REGION.id() + ":" + ACCOUNT + ":stream/" + streamName;
    }

    private static WaiterOverrideConfiguration fastWaiterConfig(long pollMs, int maxAttempts) {
        return WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(pollMs)))
                .maxAttempts(maxAttempts)
                .build();
    }

    private static ClientOverrideConfiguration override(WireLog wireLog, MetricPublisher metrics) {
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder()
                .apiCallTimeout(API_CALL_TIMEOUT);
        if (wireLog != null) {
            b.addExecutionInterceptor(wireLog);
        }
        if (metrics != null) {
            b.addMetricPublisher(metrics);
        }
        return b.build();
    }

    /** A DynamoDB client (Apache HTTP/1.1, JSON 1.0) for Riffle's DynamoDB subset. */
    public static software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb(URI endpoint) {
        return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32))
                .overrideConfiguration(override(null, null))
                .build();
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }
}
