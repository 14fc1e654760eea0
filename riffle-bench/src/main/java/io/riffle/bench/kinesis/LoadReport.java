package io.riffle.bench.kinesis;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.Latencies;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.RecordLedger;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The figures of one {@link KinesisLoad} run, gathered by the main thread once producers and
 * consumers have stopped, and printed as markdown for docs/benchmarks.md: what ran, on what
 * machine, the results, the checks, and one table row. MB is 10^6 bytes of record data (partition
 * keys and protocol overhead not counted).
 */
public final class LoadReport {

    private final LoadOptions options;
    String date;
    String commandLine;
    String wireFormat;
    String server;
    MachineInfo machine;
    int serverExitCode = -1;
    String loadAverageStart = "unknown";
    String loadAverageEnd = "unknown";
    double windowSeconds;
    double drainSeconds;
    /** CPU used in the window; -1 when not measured. */
    long serverCpuNanos = -1;
    long selfCpuNanos = -1;
    long machineBusyNanos = -1;
    /** Time threads were runnable but waiting for a CPU, summed over threads, in the window; -1 when not measured. */
    long serverRunQueueNanos = -1;
    long selfRunQueueNanos = -1;
    long serverPeakRssBytes = -1;
    long serverRssBytes = -1;
    RecordLedger.Comparison ledger;
    /** WARN and ERROR lines of a child server's log; null when the server is not a child. */
    List<String> serverWarnings;
    final List<String> problems = new ArrayList<>();

    private final Histogram putMicros = Latencies.newHistogram();
    private final Histogram putToGetMicros = Latencies.newHistogram();
    private long putCalls;
    private long recordsAcked;
    private long recordsFailed;
    private long totalRecordsAcked;
    private long totalRecordsFailed;
    private long getCalls;
    private long emptyGetCalls;
    private long recordsRead;
    private long bytesRead;
    private long maxMillisBehind;
    private long outOfOrder;
    private final Map<String, Long> failedByCode = new TreeMap<>();
    private final Map<String, Long> callErrors = new TreeMap<>();

    LoadReport(LoadOptions options) {
        this.options = options;
    }

    void addProducers(List<LoadProducer> producers) {
        for (LoadProducer p : producers) {
            putMicros.add(p.putMicros);
            putCalls += p.windowCalls;
            recordsAcked += p.windowAcked;
            recordsFailed += p.windowFailed;
            totalRecordsAcked += p.totalAcked;
            totalRecordsFailed += p.totalFailed;
            p.failedByCode.forEach((k, v) -> failedByCode.merge(k, v, Long::sum));
            p.callErrors.forEach((k, v) -> callErrors.merge("PutRecords: " + k, v, Long::sum));
            if (p.inconsistentAnswers > 0) {
                problems.add(p.inconsistentAnswers + " PutRecords answers did not add up, e.g. " + p.inconsistencyExample);
            }
        }
    }

    void addConsumers(List<LoadConsumer> consumers) {
        for (LoadConsumer c : consumers) {
            putToGetMicros.add(c.putToGetMicros);
            getCalls += c.windowCalls;
            emptyGetCalls += c.windowEmptyCalls;
            recordsRead += c.windowRecords;
            bytesRead += c.windowBytes;
            maxMillisBehind = Math.max(maxMillisBehind, c.maxMillisBehind);
            outOfOrder += c.outOfOrder;
            c.callErrors.forEach((k, v) -> callErrors.merge("GetRecords " + k, v, Long::sum));
            if (c.outOfOrder > 0) {
                problems.add(c.outOfOrder + " records came with a sequence number not above the previous one of their "
                        + "shard, e.g. " + c.outOfOrderExample);
            }
            if (c.closedShards > 0) {
                problems.add(c.closedShards + " GetRecords answers had no NextShardIterator (shard closed?)");
            }
        }
    }

    /**
     * True when every check passed: no failed entry or call, every acknowledged record read exactly
     * once, sequence numbers in order, nothing else wrong, and a child server stopped cleanly.
     */
    boolean isClean() {
        return totalRecordsFailed == 0 && callErrors.isEmpty() && outOfOrder == 0 && problems.isEmpty()
                && (ledger == null || ledger.isClean())
                && (serverExitCode < 0 || ChildServer.isCleanExit(serverExitCode));
    }

    void print(PrintStream out) {
        double mbps = recordsAcked * (double) options.recordBytes() / 1e6 / windowSeconds;
        out.println("## Kinesis API load (KinesisLoad), " + date);
        out.println();
        out.println("- Command: `java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.KinesisLoad"
                + (commandLine.isEmpty() ? "" : " " + commandLine) + "`");
        out.println("- Options in full: `" + options.describe() + "`");
        out.println("- Server: " + server);
        out.println("- Durability: " + (options.isChildServer() ? options.durability()
                : "as the running server was started (not known to the load generator)"));
        out.println("- Throughput limits: not implemented yet, so none apply"
                + (options.isChildServer() ? " (the server is started with throughput-limits=false, so the figures "
                + "stay comparable once they are)" : ""));
        out.println(String.format(Locale.ROOT, "- Load: stream of %d shards; %d producer threads, each with its own "
                        + "KinesisClient (AWS SDK for Java v2, Apache HTTP/1.1, %s, SDK retries off), sending PutRecords of "
                        + "%d x %d B records with random partition keys, one call at a time%s; %d consumer threads "
                        + "(%s) polling GetRecords (Limit %d) from LATEST, %s when a round got nothing",
                options.shards(), options.producers(), wireFormat, options.batch(), options.recordBytes(),
                options.rateMbps() > 0 ? ", paced to offer " + LoadOptions.trim(options.rateMbps()) + " MB/s in all" : " (each sends its next call when the last is answered)",
                options.consumers(), options.consumers() == options.shards() ? "one per shard"
                        : "shards shared round-robin", options.getLimit(),
                options.pollSleepMs() == 0 ? "no sleep (Thread.yield)" : "sleeping " + options.pollSleepMs() + " ms"));
        out.println(String.format(Locale.ROOT, "- Timing: %s s warm-up (not counted), %.1f s measured, drain %.1f s",
                options.warmupSeconds(), windowSeconds, drainSeconds));
        out.println("- Machine:");
        machine.describe().forEach(line -> out.println("  " + line));
        out.println("- Load average at the start / end of the measured window: " + loadAverageStart + " / "
                + loadAverageEnd);
        out.println();
        out.println("| figure | measured |");
        out.println("|---|--:|");
        row(out, "ingest (acknowledged)", String.format(Locale.ROOT, "%,.0f records/s = %.1f MB/s",
                recordsAcked / windowSeconds, mbps));
        row(out, "PutRecords calls", String.format(Locale.ROOT, "%,.1f /s", putCalls / windowSeconds));
        row(out, "PutRecords latency p50 / p99 / p999 / max", latencies(putMicros, true));
        row(out, "failed records (FailedRecordCount)", String.format(Locale.ROOT, "%,d in the window (%,d in the whole run)",
                recordsFailed, totalRecordsFailed));
        row(out, "consumed", String.format(Locale.ROOT, "%,.0f records/s = %.1f MB/s", recordsRead / windowSeconds,
                bytesRead / 1e6 / windowSeconds));
        row(out, "GetRecords calls", String.format(Locale.ROOT, "%,.0f /s (%.0f%% returned no record)",
                getCalls / windowSeconds, getCalls == 0 ? 0 : 100.0 * emptyGetCalls / getCalls));
        row(out, "put-to-get latency p50 / p99 / p999 / max", latencies(putToGetMicros, true)
                + String.format(Locale.ROOT, " (%,d records sent in the window)", putToGetMicros.getTotalCount()));
        row(out, "largest MillisBehindLatest", maxMillisBehind + " ms");
        row(out, "server CPU", cpu(serverCpuNanos) + waiting(serverRunQueueNanos));
        row(out, "load generator CPU", cpu(selfCpuNanos) + waiting(selfRunQueueNanos));
        row(out, "everything else on the machine", other());
        row(out, "server peak RSS (VmHWM)", bytes(serverPeakRssBytes) + " (at the end: " + bytes(serverRssBytes) + ")");
        out.println();
        out.println("CPU is user + system time in the measured window; % is of one core (the machine has "
                + machine.cores() + "). \"Everything else\" is the machine's busy time (/proc/stat: user, system, irq, "
                + "softirq) minus the two: other processes, and kernel work charged to no process (softirq, write-back). "
                + "\"Waited for a CPU\" is the time the process's threads were runnable but not running (run queue, "
                + "/proc/PID/task/*/schedstat), summed over threads.");
        out.println();
        printChecks(out);
        out.println();
        out.println(tableHeader());
        out.println(tableRow(mbps));
    }

    private void printChecks(PrintStream out) {
        out.println("Checks:");
        if (ledger != null) {
            out.println(String.format(Locale.ROOT, "- records acknowledged in the whole run: %,d; read back: %,d; "
                            + "acknowledged but not read: %,d; read but not acknowledged: %,d; read twice: %,d; "
                            + "not sent by this run: %,d", ledger.acked(), ledger.read(), ledger.lost(), ledger.unacked(),
                    ledger.readTwice(), ledger.unknown()));
            if (ledger.lost() > 0) {
                out.println("  - not read (within the drain time), e.g. " + String.join(", ", ledger.lostExamples()));
            }
            if (ledger.acked() != totalRecordsAcked) {
                out.println(String.format(Locale.ROOT, "  - the ledger holds %,d acknowledged records but the producers "
                        + "counted %,d", ledger.acked(), totalRecordsAcked));
            }
        }
        out.println("- sequence numbers out of order within a shard: " + outOfOrder);
        if (failedByCode.isEmpty() && callErrors.isEmpty()) {
            out.println("- failed entries and failed calls: none");
        }
        failedByCode.forEach((k, v) -> out.println("- failed entries, " + k + ": " + v));
        callErrors.forEach((k, v) -> out.println("- failed calls, " + k + ": " + v));
        if (serverExitCode >= 0) {
            out.println("- server exit code after SIGTERM: " + serverExitCode
                    + (ChildServer.isCleanExit(serverExitCode) ? " (clean)" : " (NOT clean)"));
        }
        if (serverWarnings != null) {
            out.println("- server log lines at WARN or ERROR: " + serverWarnings.size()
                    + (serverWarnings.isEmpty() ? "" : ", the first: `" + serverWarnings.get(0) + "`"));
        }
        problems.forEach(p -> out.println("- PROBLEM: " + p));
    }

    private String tableHeader() {
        return "| date | durability | shards | producers x batch x record | consumers | ingest records/s | ingest MB/s "
                + "| PutRecords/s | put p50 / p99 / p999 ms | consumed records/s | GetRecords/s "
                + "| put-to-get p50 / p99 / p999 ms | failed records | server CPU | load generator CPU | else CPU "
                + "| server peak RSS | load avg start / end |\n"
                + "|---|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|";
    }

    private String tableRow(double mbps) {
        return String.format(Locale.ROOT, "| %s | %s | %d | %d x %d x %d B | %d | %,.0f | %.1f | %,.1f | %s | %,.0f | %,.0f "
                        + "| %s | %,d | %s | %s | %s | %s | %s / %s |",
                date.substring(0, Math.min(10, date.length())),
                options.isChildServer() ? options.durability() : "(external)", options.shards(), options.producers(),
                options.batch(), options.recordBytes(), options.consumers(), recordsAcked / windowSeconds, mbps,
                putCalls / windowSeconds, latencies(putMicros, false), recordsRead / windowSeconds,
                getCalls / windowSeconds, latencies(putToGetMicros, false), recordsFailed, shortCpu(serverCpuNanos),
                shortCpu(selfCpuNanos), shortCpu(otherNanos()), bytes(serverPeakRssBytes),
                firstOf(loadAverageStart), firstOf(loadAverageEnd));
    }

    private static void row(PrintStream out, String figure, String value) {
        out.println("| " + figure + " | " + value + " |");
    }

    private static String latencies(Histogram h, boolean isWithMax) {
        if (h.getTotalCount() == 0) {
            return "n/a";
        }
        String s = ms(h.getValueAtPercentile(50)) + " / " + ms(h.getValueAtPercentile(99)) + " / "
                + ms(h.getValueAtPercentile(99.9));
        return isWithMax ? s + " / " + ms(h.getMaxValue()) + " ms" : s;
    }

    private static String ms(long micros) {
        double ms = micros / 1000.0;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
    }

    private String cpu(long nanos) {
        if (nanos < 0) {
            return "not measured";
        }
        return String.format(Locale.ROOT, "%.1f s = %.0f%% of one core", nanos / 1e9, nanos / 1e9 / windowSeconds * 100);
    }

    private static String waiting(long nanos) {
        return nanos < 0 ? "" : String.format(Locale.ROOT, "; its threads waited %.1f s for a CPU", nanos / 1e9);
    }

    private String shortCpu(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", nanos / 1e9 / windowSeconds * 100);
    }

    private long otherNanos() {
        if (machineBusyNanos < 0 || selfCpuNanos < 0 || serverCpuNanos < 0) {
            return -1;
        }
        return Math.max(0, machineBusyNanos - selfCpuNanos - serverCpuNanos);
    }

    private String other() {
        long other = otherNanos();
        if (other < 0) {
            return "not measured";
        }
        return cpu(other) + String.format(Locale.ROOT, " (machine busy %.0f%% of %d cores)",
                machineBusyNanos / 1e9 / windowSeconds / machine.cores() * 100, machine.cores());
    }

    private static String bytes(long b) {
        return b < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", b / (1024.0 * 1024.0));
    }

    private static String firstOf(String loadAverage) {
        String[] f = loadAverage.trim().split("\\s+");
        return f.length == 0 ? loadAverage : f[0];
    }
}
