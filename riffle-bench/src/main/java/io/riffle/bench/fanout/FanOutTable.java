package io.riffle.bench.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The markdown tables of {@link FanOutBench}: latency runs, fan-out runs, and the verdict against
 * the target. Pure formatting.
 */
public final class FanOutTable {
    /** The target on this machine: SubscribeToShard p99 under 10 ms at 1,000 records/s. */
    static final long TARGET_P99_MICROS = 10_000;
    static final int TARGET_RATE = 1_000;
    /** What AWS quotes: enhanced fan-out delivers in about 70 ms, GetRecords polling in about 200 ms. */
    static final String AWS_REFERENCE = "AWS quotes a typical put-to-receive latency of about 70 ms for enhanced "
            + "fan-out (SubscribeToShard) and about 200 ms for shared-throughput polling (GetRecords)";

    private FanOutTable() {
    }

    static List<String> latencyTable(List<LatencyResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add("| read through | offered records/s | acknowledged records/s | records timed | put-to-receive p50 ms "
                + "| p99 ms | p99.9 ms | max ms | PutRecords p50 / p99 ms | calls | server CPU | load generator CPU "
                + "| other CPU | waited for a CPU, server / load generator | load avg before |");
        lines.add("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|");
        for (LatencyResult r : results) {
            lines.add(String.format(Locale.ROOT,
                    "| %s | %,d | %,.0f | %,d | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s |",
                    r.path(), r.offeredPerSecond(), r.ackedPerSecond(), r.timed(), ms(r.p50Micros()),
                    ms(r.p99Micros()), ms(r.p999Micros()), ms(r.maxMicros()), ms(r.putP50Micros()),
                    ms(r.putP99Micros()), r.calls(), r.cost().server(), r.cost().loadGenerator(),
                    r.cost().elsewhere(), r.cost().runQueueWaits(), r.cost().oneMinuteLoad()));
        }
        return lines;
    }

    static List<String> drainTable(List<DrainResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add("| consumers | records each | MB each | all done in s | aggregate MB/s | aggregate records/s "
                + "| per consumer MB/s min / median / max | first records after ms min / median / max | renewals "
                + "| every record once, in order | server CPU | load generator CPU | other CPU | waited for a CPU, server / load generator | load avg before |");
        lines.add("|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|");
        for (DrainResult r : results) {
            double[] each = r.consumerMBps();
            String perConsumer = each.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
                    each[0], median(each), each[each.length - 1]);
            lines.add(String.format(Locale.ROOT,
                    "| %d | %,d | %.1f | %.1f | %.1f | %,.0f | %s | %s | %d | %s | %s | %s | %s | %s | %s |",
                    r.consumers(), r.recordsEach(), r.bytesEach() / 1e6, r.wallSeconds(), r.aggregateMBps(),
                    r.aggregateRecordsPerSecond(), perConsumer, r.firstRecords(), r.renewals(),
                    r.isOk() ? "yes" : "**NO**",
                    r.cost().server(), r.cost().loadGenerator(), r.cost().elsewhere(), r.cost().runQueueWaits(),
                    r.cost().oneMinuteLoad()));
        }
        return lines;
    }

    /**
     * Whether the SubscribeToShard run at 1,000 records/s met p99 < 10 ms; null when no such run was
     * made.
     */
    static String verdict(List<LatencyResult> results) {
        for (LatencyResult r : results) {
            if (r.isPush() && r.offeredPerSecond() == TARGET_RATE) {
                if (r.timed() == 0) {
                    return "Target (SubscribeToShard p99 < 10 ms at 1,000 records/s): **not measured** (no record timed).";
                }
                boolean isMet = r.p99Micros() < TARGET_P99_MICROS;
                return "Target (SubscribeToShard p99 < 10 ms at 1,000 records/s): " + (isMet ? "**met**" : "**not met**")
                        + ", p99 = " + ms(r.p99Micros()) + " ms.";
            }
        }
        return null;
    }

    /** Milliseconds from microseconds, about three significant digits: 0.412, 3.58, 41.2, 512. */
    static String ms(long micros) {
        if (micros < 0) {
            return "n/a";
        }
        double ms = micros / 1000.0;
        return String.format(Locale.ROOT, ms < 1 ? "%.3f" : ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
    }

    /** A number as typed: "20", "2.5". */
    static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
