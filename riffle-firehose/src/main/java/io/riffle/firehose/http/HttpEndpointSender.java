package io.riffle.firehose.http;

import io.riffle.firehose.http.HttpEndpointProtocol.Outcome;
import io.riffle.firehose.http.HttpEndpointProtocol.Request;
import io.riffle.firehose.http.HttpEndpointProtocol.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Sends one {@link HttpEndpointProtocol} request and judges the answer; blocking (the delivery thread waits for it,
 * as it waits for an S3 upload). The endpoint has Firehose's 3 minutes to answer; no answer, a refused connection
 * or a timeout is a failure to retry.
 *
 * <p>URLs: Firehose takes only https on port 443. Riffle also takes http and other ports when the operator allows
 * it ({@code isPlainHttpAllowed}, a documented deviation for endpoints on a private network and for tests).
 */
public final class HttpEndpointSender implements AutoCloseable {
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(3);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
            .version(HttpClient.Version.HTTP_1_1).build();

    /**
     * Checks an endpoint URL as CreateDeliveryStream would; an {@link IllegalArgumentException}'s message is the
     * InvalidArgumentException's.
     */
    public static URI checkUrl(String url, boolean isPlainHttpAllowed) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EndpointConfiguration.Url " + url + " is not a URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("EndpointConfiguration.Url " + url + " is not an https URL.");
        }
        boolean isFirehoses = scheme.equals("https") && (uri.getPort() == -1 || uri.getPort() == 443);
        if (!isFirehoses && !isPlainHttpAllowed) {
            throw new IllegalArgumentException("EndpointConfiguration.Url " + url + ": only https on port 443 is"
                    + " supported (the server's firehose-http-endpoint-plain-http setting allows others).");
        }
        return uri;
    }

    public Outcome send(URI url, Request request) {
        HttpRequest.Builder http = HttpRequest.newBuilder(url).timeout(ANSWER_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(http::header);
        String requestId = request.headers().get("X-Amz-Firehose-Request-Id");
        try {
            HttpResponse<byte[]> answer = client.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
            return HttpEndpointProtocol.judge(requestId, answer.statusCode(), answer.body());
        } catch (HttpTimeoutException e) {
            return new Outcome(Verdict.RETRY, 0, "The HTTP endpoint did not answer within "
                    + ANSWER_TIMEOUT.toMinutes() + " minutes.");
        } catch (IOException e) {
            return new Outcome(Verdict.RETRY, 0, "The HTTP endpoint could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Verdict.RETRY, 0, "Interrupted while waiting for the HTTP endpoint.");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
