package io.riffle.bench.kafka;

import io.riffle.bench.common.Stats;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one workload measured on one system in {@link KafkaComparison}.
 *
 * @param records        records moved in the window (acknowledged for producing workloads, read for reading ones)
 * @param bytes          record data bytes that went through the server in the window, written plus read
 * @param seconds        the window
 * @param latencyMicros  per record: acknowledgement latency (ingest) or end to end (latency); empty for reads
 * @param serverCpuNanos the server's user + system CPU in the window, -1 when unknown
 * @param clientCpuNanos the load generator's (this JVM's) CPU in the window, -1 when unknown
 * @param loadAverage    /proc/loadavg just before the window
 * @param problems       failed checks (lost or duplicated records, errors, ...)
 */
public record WorkloadResult(String workload, long records, long bytes, double seconds, Histogram latencyMicros,
                      long serverCpuNanos, long clientCpuNanos, String loadAverage, List<String> problems) {

    double recordsPerSecond() {
        return seconds > 0 ? records / seconds : Double.NaN;
    }

    /** MB (10^6 bytes) of record data per second through the server. */
    double mbPerSecond() {
        return seconds > 0 ? bytes / 1e6 / seconds : Double.NaN;
    }

    double latencyMs(double percentile) {
        if (latencyMicros == null || latencyMicros.getTotalCount() == 0) {
            return Double.NaN;
        }
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double serverCpuSecondsPerGb() {
        return Stats.cpuSecondsPerGb(serverCpuNanos, bytes);
    }

    double clientCpuSecondsPerGb() {
        return Stats.cpuSecondsPerGb(clientCpuNanos, bytes);
    }
}
