package io.riffle.bench.fanout;

import io.riffle.bench.common.PhaseCost;
import java.util.Arrays;
import java.util.Map;

/**
 * One fan-out run of {@link FanOutBench}: {@code consumers} registered consumers subscribed at once
 * from TRIM_HORIZON to the pre-loaded shard, each reading all of it.
 *
 * @param recordsEach  records in the shard (each consumer must get all of them)
 * @param bytesEach    record data in the shard
 * @param secondsEach  per consumer, from the moment the calls were made to its last record; -1 when it did not finish
 * @param wallSeconds  from the calls to the last consumer's last record (or the timeout)
 * @param firstRecords when the consumers got their first records after the calls, "min / median / max ms"
 * @param renewals     subscriptions that completed and were called again from their continuation, all consumers
 * @param refusals     calls refused (LimitExceeded, ResourceInUse) and tried again, by error code
 * @param verdict      "ok" when every consumer got every record exactly once in order; else what went wrong
 */
public record DrainResult(int consumers, long recordsEach, long bytesEach, double[] secondsEach, double wallSeconds,
                   String firstRecords, int renewals, Map<String, Integer> refusals, String verdict, PhaseCost cost) {

    boolean isOk() {
        return "ok".equals(verdict);
    }

    double aggregateMBps() {
        return consumers * (double) bytesEach / 1e6 / wallSeconds;
    }

    double aggregateRecordsPerSecond() {
        return consumers * (double) recordsEach / wallSeconds;
    }

    /** Per-consumer MB/s, lowest first (consumers that did not finish left out). */
    double[] consumerMBps() {
        return Arrays.stream(secondsEach).filter(s -> s > 0).map(s -> bytesEach / 1e6 / s).sorted().toArray();
    }
}
