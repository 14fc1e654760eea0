/**
 * JMH micro-benchmarks and the end-to-end load generator. Benchmarks are run explicitly, never by
 * {@code ./mvnw verify}; results go to {@code docs/benchmarks.md} together with the command and
 * machine that produced them.
 *
 * <p>{@link io.riffle.bench.StorageBench} is the storage engine's benchmark (append and cached-read
 * throughput against the disk's raw fsync bandwidth, and the cost of an idle shard); it is the main
 * class of the runnable {@code riffle-bench/target/riffle-bench.jar}. The other commands run from
 * the same jar with {@code java -cp riffle-bench.jar CLASS}: {@link io.riffle.bench.KinesisLoad}
 * (the Kinesis API load generator), {@link io.riffle.bench.KafkaComparison} (Riffle side by side
 * with a single-node Apache Kafka broker, whose jars the build copies to
 * {@code riffle-bench/target/kafka-libs}), {@link io.riffle.bench.ScaleBench} (many streams, many
 * shards, restarts) and {@link io.riffle.bench.JfrTopFrames} (summarises a JFR recording).
 */
package io.riffle.bench;
