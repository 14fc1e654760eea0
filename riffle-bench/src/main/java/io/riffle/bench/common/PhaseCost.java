package io.riffle.bench.common;

import java.util.Locale;

/**
 * What one phase cost the machine, which the server and the load generator share: the server's and
 * this JVM's CPU time (user + system), the machine's busy time, over {@code seconds} of wall time;
 * how long the threads of each process waited for a CPU (run queue, summed over threads: much of it
 * means the process was starved, not idle); and the 1-minute load average just before the phase
 * began (other work on the machine skews every figure). A time Linux did not give is -1.
 */
public record PhaseCost(String loadAverageBefore, double seconds, long serverCpuNanos, long selfCpuNanos,
                 long machineBusyNanos, long serverRunQueueNanos, long selfRunQueueNanos) {

    /** A phase being measured: call {@link #end()} when it is over. */
    public record Meter(long serverPid, String loadAverage, long nanos, long serverCpuNanos, long selfCpuNanos,
                 long machineBusyNanos, long serverRunQueueNanos, long selfRunQueueNanos) {
        public PhaseCost end() {
            long now = System.nanoTime();
            return new PhaseCost(loadAverage, (now - nanos) / 1e9,
                    difference(serverCpuNanos, ProcStats.cpuNanos(serverPid)),
                    difference(selfCpuNanos, ProcStats.selfCpuNanos()),
                    difference(machineBusyNanos, ProcStats.machineBusyNanos()),
                    difference(serverRunQueueNanos, ProcStats.runQueueWaitNanos(serverPid)),
                    difference(selfRunQueueNanos, ProcStats.runQueueWaitNanos(ProcessHandle.current().pid())));
        }
    }

    public static Meter begin(long serverPid) {
        return new Meter(serverPid, MachineInfo.loadAverageNow(), System.nanoTime(), ProcStats.cpuNanos(serverPid),
                ProcStats.selfCpuNanos(), ProcStats.machineBusyNanos(), ProcStats.runQueueWaitNanos(serverPid),
                ProcStats.runQueueWaitNanos(ProcessHandle.current().pid()));
    }

    /** "3.1 s / 4.0 s": how long the server's and the load generator's threads waited for a CPU. */
    public String runQueueWaits() {
        return seconds(serverRunQueueNanos) + " / " + seconds(selfRunQueueNanos);
    }

    private static String seconds(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** The first field of /proc/loadavg: the 1-minute load average. */
    public String oneMinuteLoad() {
        String[] f = loadAverageBefore.trim().split("\\s+");
        return f.length == 0 || f[0].isEmpty() ? "?" : f[0];
    }

    /** "12.3 s (61%)": CPU seconds and their share of one core over the phase. */
    static String cpu(long nanos, double seconds) {
        if (nanos < 0 || seconds <= 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f s (%.0f%%)", nanos / 1e9, nanos / 1e9 / seconds * 100);
    }

    public String server() {
        return cpu(serverCpuNanos, seconds);
    }

    public String loadGenerator() {
        return cpu(selfCpuNanos, seconds);
    }

    /** The machine's busy time less the server's and the load generator's: other work. */
    public String elsewhere() {
        if (machineBusyNanos < 0 || serverCpuNanos < 0 || selfCpuNanos < 0) {
            return "n/a";
        }
        return cpu(Math.max(0, machineBusyNanos - serverCpuNanos - selfCpuNanos), seconds);
    }

    private static long difference(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
