/**
 * Stream triggers end to end: records/s an event source mapping delivers to a no-op function, and the latency from a
 * put to the function's invocation.
 */
package io.riffle.bench.triggers;
