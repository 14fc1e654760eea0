package io.riffle.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.aws.metrics.MetricsRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamRatesTest {

    @Test
    void ratesAreTheCountersDifferencesPerSecondAndARestartCountsFromZero() {
        MetricsRegistry registry = new MetricsRegistry();
        MetricsRegistry.CounterFamily records = registry.counter(StreamRates.INCOMING_RECORDS, "r", "stream");
        MetricsRegistry.CounterFamily bytes = registry.counter(StreamRates.INCOMING_BYTES, "b", "stream");
        AtomicLong now = new AtomicLong(10_000);
        StreamRates rates = new StreamRates(registry, now::get);
        ObjectMapper json = new ObjectMapper();

        rates.sample(); // the first sample is the baseline: no stream yet
        records.labels("s").add(30); // the stream appeared between samples: counted from 0
        bytes.labels("s").add(3000);
        now.addAndGet(2000);
        rates.sample();
        records.labels("s").add(10);
        bytes.labels("s").add(100);
        now.addAndGet(1000);
        rates.sample();

        JsonNode s = rates.toJson(json).path("streams").path("s");
        assertThat(s.path("records").toString()).isEqualTo("[15.0,10.0]");
        assertThat(s.path("bytes").toString()).isEqualTo("[1500.0,100.0]");
        assertThat(s.path("t").toString()).isEqualTo("[12000,13000]");
    }

    @Test
    void keepsTheLastMinuteOnly() {
        MetricsRegistry registry = new MetricsRegistry();
        MetricsRegistry.CounterFamily records = registry.counter(StreamRates.INCOMING_RECORDS, "r", "stream");
        registry.counter(StreamRates.INCOMING_BYTES, "b", "stream");
        AtomicLong now = new AtomicLong();
        StreamRates rates = new StreamRates(registry, now::get);
        for (int i = 0; i < StreamRates.HISTORY + 10; i++) {
            records.labels("s").add(1);
            now.addAndGet(1000);
            rates.sample();
        }
        assertThat(rates.toJson(new ObjectMapper()).path("streams").path("s").path("t")).hasSize(StreamRates.HISTORY);
    }
}
