package io.riffle.bench.common;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Riffle server's {@code /metrics}, read once: each sample by its name and labels as they are written. */
public final class ServerMetrics {
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*\\})? ([0-9.eE+-]+)$");

    private ServerMetrics() {
    }

    /** The samples whose names start with {@code prefix}, keyed like {@code name{label="value"}}. */
    public static Map<String, Double> scrape(URI endpoint, String prefix) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String text = http.send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> samples = new LinkedHashMap<>();
            Matcher m = SAMPLE.matcher(text);
            while (m.find()) {
                if (m.group(1).startsWith(prefix)) {
                    samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
                }
            }
            return samples;
        }
    }

    /** The sum of the samples of {@code name}, whatever their labels. */
    public static double sum(Map<String, Double> samples, String name) {
        double sum = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (e.getKey().equals(name) || e.getKey().startsWith(name + "{")) {
                sum += e.getValue();
            }
        }
        return sum;
    }
}
