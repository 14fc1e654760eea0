package io.riffle.bench.fanout;

import io.riffle.bench.common.PhaseCost;

/**
 * One latency run of {@link FanOutBench}: records offered at a fixed rate, and how long they took from
 * PutRecords to the application, for the records sent in the measured window.
 *
 * @param path          how the records were read, e.g. "SubscribeToShard (push)"
 * @param isPush        SubscribeToShard, not GetRecords polling
 * @param offeredPerSecond the producer's rate
 * @param ackedPerSecond records acknowledged per second of the window
 * @param timed         records sent in the window and received (the histogram's count)
 * @param p50Micros     put-to-receive percentiles and maximum, microseconds (-1: nothing timed)
 * @param putP50Micros  p50 and p99 of the PutRecords calls themselves (the write, with its fsync under durability=fsync)
 * @param calls         PutRecords calls per second of the window, and (polling) GetRecords calls and empty ones
 */
public record LatencyResult(String path, boolean isPush, int offeredPerSecond, double ackedPerSecond, long timed,
                     long p50Micros, long p99Micros, long p999Micros, long maxMicros, long putP50Micros, long putP99Micros,
                     String calls, PhaseCost cost) {
}
