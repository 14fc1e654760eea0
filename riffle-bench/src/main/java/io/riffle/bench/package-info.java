/**
 * JMH micro-benchmarks and the end-to-end load generators. Benchmarks are run explicitly, never by
 * {@code ./mvnw verify}; results go to {@code docs/benchmarks.md} together with the command and
 * machine that produced them. One subpackage per subject:
 *
 * <ul>
 *   <li>{@code storage}: {@link io.riffle.bench.storage.StorageBench}, the storage engine's benchmark (append and
 *       cached-read throughput against the disk's raw fsync bandwidth, and the cost of an idle shard); the main
 *       class of the runnable {@code riffle-bench/target/riffle-bench.jar};</li>
 *   <li>{@code kinesis}: the Kinesis API load generator {@link io.riffle.bench.kinesis.KinesisLoad} and the
 *       benchmarks of one server feature each (scale, auth cost, hostile clients, Firehose, lease tables);</li>
 *   <li>{@code fanout}: enhanced fan-out ({@link io.riffle.bench.fanout.FanOutBench}) and put-to-receive
 *       latency;</li>
 *   <li>{@code kafka}: {@link io.riffle.bench.kafka.KafkaComparison}, Riffle side by side with a single-node
 *       Apache Kafka broker, whose jars the build copies to {@code riffle-bench/target/kafka-libs};</li>
 *   <li>{@code common}: what they share (the command-line parser, the producer and reader tasks, the record
 *       ledger, child JVMs and servers, process and machine statistics,
 *       {@link io.riffle.bench.common.JfrTopFrames});</li>
 *   <li>{@code codec}, {@code auth}: JMH micro-benchmarks.</li>
 * </ul>
 *
 * The other commands run from the same jar with {@code java -cp riffle-bench.jar CLASS}.
 */
package io.riffle.bench;
