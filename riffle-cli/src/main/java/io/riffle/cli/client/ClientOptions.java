package io.riffle.cli.client;

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
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClientBuilder;
import software.amazon.awssdk.services.iam.IamAsyncClient;
import software.amazon.awssdk.services.iam.IamAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClientBuilder;

/**
 * The options every client command shares (a picocli mixin) and the Kinesis client they describe:
 * the AWS SDK for Java v2 over its Netty HTTP client, signing with the standard credential chain
 * (environment, {@code --profile}/{@code AWS_PROFILE}, SSO, web identity, container, instance).
 */
public final class ClientOptions {

    /** Riffle's default listener; {@code RIFFLE_ENDPOINT} changes the default. */
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4567";
    /** The {@code --endpoint} value that means "Amazon Kinesis itself, as the SDK resolves it for the region". */
    public static final String AWS = "aws";
    /** Signed with these when the endpoint is the local default and the chain finds no credentials. */
    static final AwsBasicCredentials THROWAWAY = AwsBasicCredentials.create("riffle-local", "riffle-local");

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Kinesis endpoint: a Riffle server, or 'aws' for Amazon Kinesis in --region"
                    + " (default: $RIFFLE_ENDPOINT, else " + DEFAULT_ENDPOINT + "). Calls are signed with the standard AWS"
                    + " credential chain; for the default endpoint only, when it finds none, with throwaway"
                    + " credentials (a development server on loopback accepts them).")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: AWS_REGION, the profile's region, else us-east-1 for a Riffle endpoint).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Named profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE).")
    String profile;

    @Option(names = "--ca-bundle", paramLabel = "PEM",
            description = "Trust these certificates for https:// (e.g. a Riffle server's DIR/tls/riffle.crt)"
                    + " instead of the JDK's CAs (default: AWS_CA_BUNDLE).")
    Path caBundle;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    OutputFormat output;

    private Map<String, String> environment = System.getenv();
    private KinesisAsyncClient client;
    private KinesisAsyncClient http2Client;
    private LambdaAsyncClient lambda;

    /** For tests: read the environment from this map instead of the process's. */
    void environment(Map<String, String> environment) {
        this.environment = environment;
    }

    public OutputFormat output() {
        return output == null ? OutputFormat.TABLE : output;
    }

    /** The endpoint as the user would write it: a URL, or 'aws' (Amazon Kinesis in the region). */
    public String endpoint() {
        if (endpoint != null && !endpoint.isBlank()) {
            return endpoint.strip();
        }
        String fromEnvironment = environment.get("RIFFLE_ENDPOINT");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment.strip() : DEFAULT_ENDPOINT;
    }

    /** True for the local default, the one endpoint where throwaway credentials are used when there are none. */
    public boolean isLocalDefault() {
        return endpoint().equals(DEFAULT_ENDPOINT);
    }

    public boolean isAws() {
        return endpoint().equalsIgnoreCase(AWS);
    }

    /** The client for unary calls (HTTP/1.1 with keep-alive). */
    public synchronized KinesisAsyncClient client() {
        if (client == null) {
            client = build(Protocol.HTTP1_1);
        }
        return client;
    }

    /** The client for SubscribeToShard, which needs HTTP/2 (h2c against an http:// Riffle endpoint). */
    public synchronized KinesisAsyncClient http2Client() {
        if (http2Client == null) {
            http2Client = build(Protocol.HTTP2);
        }
        return http2Client;
    }

    /** The Lambda API client (event source mappings), same endpoint, region and credentials. */
    public synchronized LambdaAsyncClient lambda() {
        if (lambda == null) {
            LambdaAsyncClientBuilder builder = LambdaAsyncClient.builder().httpClientBuilder(http(Protocol.HTTP1_1))
                    .region(region()).credentialsProvider(credentials());
            if (!isAws()) {
                builder.endpointOverride(endpointUri());
            }
            lambda = builder.build();
        }
        return lambda;
    }

    /** Closes the clients this command built. */
    public synchronized void close() {
        if (lambda != null) {
            lambda.close();
        }
        if (client != null) {
            client.close();
        }
        if (http2Client != null) {
            http2Client.close();
        }
    }

    /** An IAM client on the same endpoint (IAM is served on Riffle's one port), region and credentials. */
    public IamAsyncClient iamClient() {
        IamAsyncClientBuilder builder = IamAsyncClient.builder()
                .httpClientBuilder(http(Protocol.HTTP1_1))
                .region(isAws() ? Region.AWS_GLOBAL : region())
                .credentialsProvider(credentials());
        if (!isAws()) {
            builder.endpointOverride(endpointUri());
        }
        return builder.build();
    }

    /** A Firehose client on the same endpoint, region and credentials; the caller closes it. */
    public FirehoseAsyncClient firehoseClient() {
        FirehoseAsyncClientBuilder builder = FirehoseAsyncClient.builder().httpClientBuilder(http(Protocol.HTTP1_1))
                .region(region()).credentialsProvider(credentials());
        if (!isAws()) {
            builder.endpointOverride(endpointUri());
        }
        return builder.build();
    }

    private KinesisAsyncClient build(Protocol protocol) {
        KinesisAsyncClientBuilder builder = KinesisAsyncClient.builder()
                .httpClientBuilder(http(protocol))
                .region(region())
                .credentialsProvider(credentials());
        if (!isAws()) {
            builder.endpointOverride(endpointUri());
        }
        return builder.build();
    }

    private NettyNioAsyncHttpClient.Builder http(Protocol protocol) {
        if (isLocalDefault()) {
            // Nothing here needs the EC2 instance metadata service; asking it costs seconds off EC2.
            System.setProperty("aws.disableEc2Metadata", System.getProperty("aws.disableEc2Metadata", "true"));
        }
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(protocol)
                .maxConcurrency(256)
                .connectionTimeout(Duration.ofSeconds(5))
                // a refused connection must surface as such, not as a pool timeout on a loaded machine
                .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60));
        Path bundle = caBundle != null ? caBundle : pathFromEnvironment("AWS_CA_BUNDLE");
        if (bundle != null) {
            http.tlsTrustManagersProvider(trusting(bundle));
        }
        return http;
    }

    URI endpointUri() {
        String value = endpoint();
        URI uri;
        try {
            uri = URI.create(value.contains("://") ? value : "http://" + value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint " + value + " is not a URL (e.g. http://127.0.0.1:4567, or 'aws')");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new UsageException("--endpoint " + value + " is not an http:// or https:// URL (or 'aws')");
        }
        return uri;
    }

    Region region() {
        if (region != null && !region.isBlank()) {
            return Region.of(region.strip());
        }
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            if (profile != null) {
                chain.profileName(profile);
            }
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            if (isAws()) {
                throw new UsageException("no AWS region: pass --region, set AWS_REGION or set region in the"
                        + " profile of ~/.aws/config");
            }
            return Region.US_EAST_1; // any region will do for a Riffle endpoint
        }
    }

    AwsCredentialsProvider credentials() {
        DefaultCredentialsProvider.Builder chainBuilder = DefaultCredentialsProvider.builder();
        if (profile != null) {
            chainBuilder.profileName(profile);
        }
        AwsCredentialsProvider chain = chainBuilder.build();
        if (isLocalDefault() && profile == null) {
            try {
                chain.resolveCredentials();
            } catch (SdkClientException e) {
                // A development server on loopback takes any signature; say nothing, sign with throwaways.
                return StaticCredentialsProvider.create(THROWAWAY);
            }
        }
        return chain;
    }

    /** The certificates to trust for https (--ca-bundle, else AWS_CA_BUNDLE), or null for the JDK's. */
    Path caBundle() {
        return caBundle != null ? caBundle : pathFromEnvironment("AWS_CA_BUNDLE");
    }

    private Path pathFromEnvironment(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** Trust exactly the certificates of a PEM file (Riffle's self-signed one, a private CA). */
    static TlsTrustManagersProvider trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trustStore.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new UsageException("--ca-bundle " + pem + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            TrustManager[] trustManagers = factory.getTrustManagers();
            return () -> trustManagers;
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("cannot read the certificates of --ca-bundle " + pem + ": " + e.getMessage());
        }
    }
}
