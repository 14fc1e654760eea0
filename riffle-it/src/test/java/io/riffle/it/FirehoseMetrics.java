package io.riffle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A delivery stream's series in a Riffle server's /metrics (0 when absent), for Firehose's tests to wait on. */
final class FirehoseMetrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FirehoseMetrics() {
    }

    static long value(URI endpoint, String name, String stream) {
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
