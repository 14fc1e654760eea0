/**
 * The Kinesis API load generator and the per-feature server benchmarks (scale, auth cost, hostile clients,
 * Firehose, lease tables).
 */
package io.riffle.bench.kinesis;
