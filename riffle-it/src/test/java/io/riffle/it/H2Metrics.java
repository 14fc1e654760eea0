package io.riffle.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.Http2Metric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * A metric publisher that tells, per API call, which HTTP protocol the SDK used. The Netty
 * client reports the HTTP/2 stream window sizes only for requests sent over HTTP/2, so their
 * presence is the black-box proof that a call really went over h2c.
 */
public final class H2Metrics implements MetricPublisher {

    /** What one API call reported. */
    public record Call(String operation, String httpClient, boolean sentOverHttp2) {
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    @Override
    public void publish(MetricCollection apiCall) {
        String operation = first(apiCall.metricValues(CoreMetric.OPERATION_NAME));
        List<String> clients = new ArrayList<>();
        boolean[] http2 = {false};
        walk(apiCall, c -> {
            c.metricValues(HttpMetric.HTTP_CLIENT_NAME).forEach(clients::add);
            if (!c.metricValues(Http2Metric.LOCAL_STREAM_WINDOW_SIZE_IN_BYTES).isEmpty()
                    || !c.metricValues(Http2Metric.REMOTE_STREAM_WINDOW_SIZE_IN_BYTES).isEmpty()) {
                http2[0] = true;
            }
        });
        calls.add(new Call(operation, clients.isEmpty() ? null : clients.get(0), http2[0]));
    }

    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    public void clear() {
        calls.clear();
    }

    @Override
    public void close() {
    }

    private static void walk(MetricCollection c, java.util.function.Consumer<MetricCollection> visitor) {
        visitor.accept(c);
        for (MetricCollection child : c.children()) {
            walk(child, visitor);
        }
    }

    private static <T> T first(List<T> values) {
        return values.isEmpty() ? null : values.get(0);
    }
}
