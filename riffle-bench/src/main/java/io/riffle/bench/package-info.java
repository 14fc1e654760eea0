/**
 * JMH micro-benchmarks and the end-to-end load generator. Benchmarks are run explicitly, never by
 * {@code ./mvnw verify}; results go to {@code docs/benchmarks.md} together with the command and
 * machine that produced them.
 */
package io.riffle.bench;
