package io.riffle.server.metrics;

import io.riffle.aws.metrics.MetricsRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.RuntimeMXBean;
import java.util.List;

/** Gauges of the server process: JVM heap in use and uptime. */
public final class ProcessMetrics {

    private ProcessMetrics() {
    }

    public static void register(MetricsRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        registry.gauge("riffle_jvm_heap_used_bytes", "Bytes of JVM heap in use.", List.of(),
                samples -> samples.add(memory.getHeapMemoryUsage().getUsed()));
        registry.gauge("riffle_jvm_heap_max_bytes", "The JVM's maximum heap in bytes (-1 when undefined).", List.of(),
                samples -> samples.add(memory.getHeapMemoryUsage().getMax()));
        registry.gauge("riffle_process_uptime_seconds", "Seconds since the server's JVM started.", List.of(),
                samples -> samples.add(runtime.getUptime() / 1000.0));
    }
}
