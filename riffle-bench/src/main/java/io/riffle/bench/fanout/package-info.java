/** Enhanced fan-out (SubscribeToShard) benchmarks, drain runs and put-to-receive latency. */
package io.riffle.bench.fanout;
