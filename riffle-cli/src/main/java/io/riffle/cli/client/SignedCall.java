package io.riffle.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * One SigV4-signed HTTP call to a route of Riffle's own (an admin route no SDK client has), with the command's
 * endpoint, region, credentials and TLS trust, signed for a service's signing name as an SDK would.
 */
public final class SignedCall {
    /** Headers the JDK's client sets itself (from the URI and the body), which it refuses to be given. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection");

    private SignedCall() {
    }

    /** POSTs {@code body} (JSON) to {@code path} on the endpoint; the answer's status and text. */
    public static HttpResponse<String> post(ClientOptions options, String signingName, String path, byte[] body)
            throws IOException, InterruptedException {
        if (options.isAws()) {
            throw new UsageException("this command talks to a Riffle server's own route: pass a Riffle --endpoint");
        }
        URI uri = options.endpointUri().resolve(path);
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(options.credentials().resolveCredentials())
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, options.region().id()));
        SdkHttpRequest request = signed.request();
        HttpRequest.Builder sent = HttpRequest.newBuilder(request.getUri()).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        request.forEachHeader((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> sent.header(name, v));
            }
        });
        return client(options).send(sent.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(ClientOptions options) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1);
        java.nio.file.Path bundle = options.caBundle();
        if (bundle != null) {
            try {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, ClientOptions.trusting(bundle).trustManagers(), null);
                client.sslContext(tls);
            } catch (GeneralSecurityException e) {
                throw new UsageException("--ca-bundle " + bundle + " cannot be used: " + e.getMessage());
            }
        }
        return client.build();
    }
}
