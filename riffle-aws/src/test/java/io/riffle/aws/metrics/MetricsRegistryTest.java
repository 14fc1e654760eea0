package io.riffle.aws.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.riffle.storage.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsRegistryTest {

    @Test
    void rendersCountersWithHelpTypeAndSortedLabelSets() {
        MetricsRegistry registry = new MetricsRegistry();
        MetricsRegistry.CounterFamily calls = registry.counter("x_calls_total", "Calls.", "stream", "shard");
        calls.labels("b", "1").add(3);
        calls.labels("a", "2").inc();
        calls.labels("a", "10").add(0);
        calls.labels("b", "1").inc();
        registry.counter("x_plain_total", "No labels.").labels().add(7);

        assertThat(registry.render()).isEqualTo("""
                # HELP x_calls_total Calls.
                # TYPE x_calls_total counter
                x_calls_total{stream="a",shard="10"} 0
                x_calls_total{stream="a",shard="2"} 1
                x_calls_total{stream="b",shard="1"} 4
                # HELP x_plain_total No labels.
                # TYPE x_plain_total counter
                x_plain_total 7
                """);
    }

    @Test
    void escapesLabelValuesAndHelpAsTheFormatSays() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("x_total", "Help with \\ and\nnewline; \"quotes\" stay.", "stream")
                .labels("a\\b\"c\nd").inc();

        assertThat(registry.render()).isEqualTo("""
                # HELP x_total Help with \\\\ and\\nnewline; "quotes" stay.
                # TYPE x_total counter
                x_total{stream="a\\\\b\\"c\\nd"} 1
                """);
    }

    @Test
    void gaugesAreComputedAtScrapeTimeAndDuplicatesAddUp() {
        MetricsRegistry registry = new MetricsRegistry();
        double[] heap = {1024};
        registry.gauge("x_heap_bytes", "Heap.", List.of(), s -> s.add(heap[0]));
        registry.gauge("x_open", "Open.", List.of("stream"), s -> {
            s.add(4, "s1");
            s.add(2, "s0");
            s.add(1, "s1");
        });
        registry.gauge("x_ratio", "Ratios.", List.of("k"), s -> {
            s.add(0.25, "q");
            s.add(Double.NaN, "n");
            s.add(Double.POSITIVE_INFINITY, "p");
        });

        String first = registry.render();
        heap[0] = 2048;
        assertThat(first).contains("x_heap_bytes 1024\n");
        assertThat(registry.render()).isEqualTo("""
                # HELP x_heap_bytes Heap.
                # TYPE x_heap_bytes gauge
                x_heap_bytes 2048
                # HELP x_open Open.
                # TYPE x_open gauge
                x_open{stream="s0"} 2
                x_open{stream="s1"} 5
                # HELP x_ratio Ratios.
                # TYPE x_ratio gauge
                x_ratio{k="n"} NaN
                x_ratio{k="p"} +Inf
                x_ratio{k="q"} 0.25
                """);
    }

    @RegisterExtension
    final LogCapture logs = LogCapture.of(MetricsRegistry.class).expect(Level.WARN, "gauge x_broken failed to report");

    @Test
    void countersKeptElsewhereAreReadAtEachScrapeAndLabelledSeriesCanBeForgotten() {
        MetricsRegistry registry = new MetricsRegistry();
        long[] errors = {3};
        registry.counter("x_errors_total", "Kept elsewhere.", List.of("kind"), s -> s.add(errors[0], "disk_full"));
        MetricsRegistry.CounterFamily family = registry.counter("x_total", "By stream.", "stream");
        family.labels("a").inc();
        family.labels("b").add(2);
        List<String> order = new java.util.ArrayList<>();
        registry.beforeScrape(() -> order.add("before"));

        assertThat(registry.render()).isEqualTo("""
                # HELP x_errors_total Kept elsewhere.
                # TYPE x_errors_total counter
                x_errors_total{kind="disk_full"} 3
                # HELP x_total By stream.
                # TYPE x_total counter
                x_total{stream="a"} 1
                x_total{stream="b"} 2
                """);
        errors[0] = 4;
        registry.forget("stream", "a"::equals);
        registry.forget("kind", any -> true); // only counters of this registry's own are forgotten
        assertThat(registry.render()).contains("x_errors_total{kind=\"disk_full\"} 4\n")
                .doesNotContain("stream=\"a\"").contains("x_total{stream=\"b\"} 2\n");
        assertThat(family.labels("a").value()).as("a new series from 0").isZero();
        assertThat(order).containsExactly("before", "before");
    }

    @Test
    void aFailingGaugeRendersWithoutSamplesAndTheScrapeGoesOn() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.gauge("x_broken", "Broken.", List.of(), s -> {
            throw new IllegalStateException("boom");
        });
        registry.counter("x_total", "Ok.").labels().inc();

        assertThat(new String(registry.scrape(), StandardCharsets.UTF_8)).isEqualTo("""
                # HELP x_broken Broken.
                # TYPE x_broken gauge
                # HELP x_total Ok.
                # TYPE x_total counter
                x_total 1
                """);
        assertThat(logs.messages(Level.WARN)).containsExactly("gauge x_broken failed to report; rendered without samples");
    }

    @Test
    void countersIgnoreNegativeIncrementsAndCountFromManyThreads() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        MetricsRegistry.CounterFamily family = registry.counter("x_total", "X.", "stream");
        family.labels("s").add(-5);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    family.labels("s").inc();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(family.labels("s").value()).isEqualTo(40_000);
        assertThat(family.labels("s")).isSameAs(family.labels("s"));
    }

    @Test
    void rejectsBadNamesDuplicatesAndWrongLabelCounts() {
        MetricsRegistry registry = new MetricsRegistry();
        MetricsRegistry.CounterFamily family = registry.counter("x_total", "X.", "stream");
        assertThatThrownBy(() -> registry.counter("x_total", "Again.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.counter("x-total", "Dash.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.counter("y_total", "Label.", "__reserved"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> family.labels("a", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> family.labels((String) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void formatsNumbersAsPrometheusParsesThem() {
        assertThat(MetricsRegistry.formatDouble(3.0)).isEqualTo("3");
        assertThat(MetricsRegistry.formatDouble(-0.0)).isEqualTo("0");
        assertThat(MetricsRegistry.formatDouble(1.5)).isEqualTo("1.5");
        assertThat(MetricsRegistry.formatDouble(1e20)).isEqualTo("1.0E20");
        assertThat(MetricsRegistry.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void histogramsRenderCumulativeBucketsSumAndCountAndAreForgotten() {
        MetricsRegistry registry = new MetricsRegistry();
        MetricsRegistry.HistogramFamily latency = registry.histogram("op_latency_seconds", "Latency (Op.Latency).",
                new double[] {0.01, 0.1, 1}, "stream");
        latency.labels("b").observe(0.01); // on a bound: that bucket
        latency.labels("b").observe(0.05);
        latency.labels("b").observe(5);
        latency.labels("a").observe(0.5);
        assertThat(registry.render()).isEqualTo("""
                # HELP op_latency_seconds Latency (Op.Latency).
                # TYPE op_latency_seconds histogram
                op_latency_seconds_bucket{stream="a",le="0.01"} 0
                op_latency_seconds_bucket{stream="a",le="0.1"} 0
                op_latency_seconds_bucket{stream="a",le="1"} 1
                op_latency_seconds_bucket{stream="a",le="+Inf"} 1
                op_latency_seconds_sum{stream="a"} 0.5
                op_latency_seconds_count{stream="a"} 1
                op_latency_seconds_bucket{stream="b",le="0.01"} 1
                op_latency_seconds_bucket{stream="b",le="0.1"} 2
                op_latency_seconds_bucket{stream="b",le="1"} 2
                op_latency_seconds_bucket{stream="b",le="+Inf"} 3
                op_latency_seconds_sum{stream="b"} 5.06
                op_latency_seconds_count{stream="b"} 3
                """);
        assertThat(latency.labels("b").count()).isEqualTo(3);
        registry.forget("stream", "a"::equals);
        assertThat(registry.render()).doesNotContain("stream=\"a\"");
        assertThatThrownBy(() -> registry.histogram("h", "H.", new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.histogram("h2", "H.", new double[] {1}, "le")).isInstanceOf(IllegalArgumentException.class);
    }
}
