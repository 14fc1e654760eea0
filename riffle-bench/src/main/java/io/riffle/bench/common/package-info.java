/**
 * What the benchmarks share: the command-line parser, producer and reader tasks, the record ledger, child JVMs and
 * servers, process and machine statistics.
 */
package io.riffle.bench.common;
