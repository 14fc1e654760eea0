/**
 * Riffle's metrics, served by {@code GET /metrics} in the Prometheus text exposition format
 * 0.0.4: a small registry of counters and scrape-time gauges ({@link
 * io.riffle.aws.metrics.MetricsRegistry}), the Kinesis stream metrics named after Kinesis'
 * CloudWatch metrics ({@link io.riffle.kinesis.metrics.KinesisMetrics}) and a few process gauges
 * ({@link io.riffle.server.metrics.ProcessMetrics}). No dependency beyond the JDK.
 */
package io.riffle.server.metrics;
