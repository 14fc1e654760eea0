package io.riffle.bench.common;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory of processes, from Linux's {@code /proc}: another process's user + system
 * time ({@code /proc/PID/stat}) and resident set ({@code /proc/PID/status}), this JVM's CPU time
 * (its {@code OperatingSystemMXBean}), and the whole machine's busy time ({@code /proc/stat}), so
 * the report can say how much of the cores went to other work. A value Linux does not give
 * reads -1.
 */
public final class ProcStats {
    /**
     * Clock ticks per second of {@code /proc} CPU times. 100 on every Linux build this runs on
     * (USER_HZ is fixed at 100 for user space on x86 and arm64); {@code getconf CLK_TCK} says so.
     */
    static final long TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** User + system CPU time of a process in nanoseconds, or -1. */
    public static long cpuNanos(long pid) {
        long ticks = cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat")));
        return ticks < 0 ? -1 : ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** utime + stime in clock ticks from the text of {@code /proc/PID/stat}, or -1 when it is not that. */
    static long cpuTicks(String stat) {
        if (stat == null) {
            return -1;
        }
        // "pid (comm) state ppid ..." : comm may hold spaces and parentheses, so count from the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) {
            return -1;
        }
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // after comm: f[0] = state (field 3), utime is field 14 -> f[11], stime field 15 -> f[12]
        try {
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Open file descriptors of a process ({@code /proc/PID/fd}), or -1. */
    public static long openFileDescriptors(long pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            long n = 0;
            for (Path ignored : fds) {
                n++;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Time the threads of a process spent runnable but waiting for a CPU (the run queue), summed
     * over its threads, in nanoseconds, or -1: {@code /proc/PID/task/TID/schedstat}, second field.
     * Threads that ended are not counted. Much of it next to little CPU means the process was
     * starved by other work on the machine, not idle.
     */
    public static long runQueueWaitNanos(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long sum = 0;
        boolean isAnyRead = false;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                String stat = read(task.resolve("schedstat"));
                if (stat == null) {
                    continue; // the thread ended meanwhile
                }
                String[] f = stat.trim().split("\\s+");
                if (f.length >= 2) {
                    try {
                        sum += Long.parseLong(f[1]);
                        isAnyRead = true;
                    } catch (NumberFormatException e) {
                        // not the format this reads: leave it out
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return isAnyRead ? sum : -1;
    }

    /** Peak resident set (VmHWM) of a process in bytes, or -1. */
    public static long peakRssBytes(long pid) {
        long kib = statusKiB(pid, "VmHWM:");
        return kib < 0 ? -1 : kib * 1024;
    }

    /** Resident set now (VmRSS) of a process in bytes, or -1. */
    public static long rssBytes(long pid) {
        long kib = statusKiB(pid, "VmRSS:");
        return kib < 0 ? -1 : kib * 1024;
    }

    /** This JVM's CPU time (all threads, user + system) in nanoseconds, or -1. */
    public static long selfCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return cpuNanos(ProcessHandle.current().pid());
    }

    /**
     * Busy CPU time of the whole machine, all cores, in nanoseconds, or -1: user, nice, system, irq
     * and softirq; not idle, iowait, or steal (time the hypervisor gave to other guests).
     */
    public static long machineBusyNanos() {
        long ticks = busyTicks(read(Path.of("/proc/stat")));
        return ticks < 0 ? -1 : ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Busy clock ticks of all cores from the text of {@code /proc/stat} (its first, "cpu " line), or -1. */
    static long busyTicks(String stat) {
        if (stat == null || !stat.startsWith("cpu ")) {
            return -1;
        }
        int eol = stat.indexOf('\n');
        String[] f = (eol < 0 ? stat : stat.substring(0, eol)).trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user)
        try {
            long busy = 0;
            for (int i = 1; i <= 7 && i < f.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long statusKiB(long pid, String field) {
        return statusKiB(read(Path.of("/proc", Long.toString(pid), "status")), field);
    }

    /** A "Field:   123 kB" line's number from the text of {@code /proc/PID/status}, or -1. */
    static long statusKiB(String status, String field) {
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                String[] f = line.substring(field.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(f[0]);
                } catch (RuntimeException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
