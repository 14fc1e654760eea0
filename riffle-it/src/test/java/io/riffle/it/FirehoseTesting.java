package io.riffle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** What the Firehose ITs share: the server's settings, a client, the role, and a delivery stream's metrics. */
final class FirehoseTesting {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FirehoseTesting() {
    }

    /** Delivery into {@code s3}, streams ACTIVE and gone at once, a delivery pass every 100 ms; then {@code more}. */
    static String[] serverSettings(S3ProxyServer s3, String... more) {
        return Stream.of(Stream.of(s3.riffleSettings()), Stream.of("firehose-create-delay-ms=0",
                "firehose-delete-delay-ms=0", "firehose-delivery-tick-ms=100",
                // the tests poll DescribeDeliveryStream faster than Firehose's 5 calls a second
                "firehose-control-plane-calls-per-second=0"), Stream.of(more))
                .flatMap(s -> s).toArray(String[]::new);
    }

    /** The SDK v2's FirehoseClient (JSON only) for a server; the caller closes it. */
    static FirehoseClient client(URI endpoint) {
        return FirehoseClient.builder().endpointOverride(endpoint).region(SdkClients.REGION)
                .credentialsProvider(SdkClients.credentials()).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    /** A delivery stream's series in the server's /metrics (0 when absent). */
    static long metric(URI endpoint, String name, String stream) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^" + name + "\\{delivery_stream=\"" + stream + "\"} (\\S+)$").matcher(r.body());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
