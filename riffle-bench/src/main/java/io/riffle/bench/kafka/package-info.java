/** Riffle and a single-node Apache Kafka broker side by side, with the same workloads (KafkaComparison). */
package io.riffle.bench.kafka;
