/**
 * JMH micro-benchmarks and the end-to-end load generator. Benchmarks are run explicitly, never by
 * {@code ./mvnw verify}; results go to {@code docs/benchmarks.md} together with the command and
 * machine that produced them.
 *
 * <p>{@link io.riffle.bench.StorageBench} is the storage engine's benchmark (append and cached-read
 * throughput against the disk's raw fsync bandwidth, and the cost of an idle shard); it is the main
 * class of the runnable {@code riffle-bench/target/riffle-bench.jar}.
 */
package io.riffle.bench;
