package io.riffle.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.metrics.MetricsRegistry;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {

    @Test
    void processGaugesAreThere() {
        MetricsRegistry registry = new MetricsRegistry();
        ProcessMetrics.register(registry);
        String text = registry.render();
        assertThat(text).containsPattern("(?m)^riffle_jvm_heap_used_bytes [1-9][0-9]*$")
                .containsPattern("(?m)^riffle_process_uptime_seconds [0-9.E]+$")
                .contains("# TYPE riffle_jvm_heap_used_bytes gauge\n");
    }
}
