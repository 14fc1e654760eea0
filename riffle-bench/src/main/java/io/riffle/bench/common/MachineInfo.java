package io.riffle.bench.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The machine a figure was measured on, as far as Linux tells: CPU model and cores, memory, the
 * file system and device holding the benchmark directory, the JVM, and the load when the run began
 * (other work on the machine skews every figure). Anything unknown reads "unknown".
 *
 * @param disk file system type, size and device of the directory, from {@code df}
 */
public record MachineInfo(String cpuModel, int cores, String memory, String disk, String java, String os,
                   String loadAverage) {
    private static final String UNKNOWN = "unknown";

    public static MachineInfo probe(Path dir) {
        Runtime.Version v = Runtime.version();
        String java = v + " (" + System.getProperty("java.vm.name", "?") + ", " + System.getProperty("java.vendor", "?")
                + "), max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
        String os = System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?");
        return new MachineInfo(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemory(), readDisk(dir), java,
                os, loadAverageNow());
    }

    /** The load average now, as /proc/loadavg has it. */
    public static String loadAverageNow() {
        return firstLine(Path.of("/proc/loadavg"));
    }

    public boolean isTmpfs() {
        return disk.startsWith("tmpfs ") || disk.startsWith("ramfs ");
    }

    private static String readCpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return UNKNOWN;
    }

    private static String readMemory() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.trim().split("\\s+");
                try {
                    return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[1]) / (1024.0 * 1024.0));
                } catch (RuntimeException e) {
                    return line;
                }
            }
        }
        return UNKNOWN;
    }

    /** "ext4, 252G, /dev/vda (rotational: no)" from {@code df -PhT} and /sys/block. */
    private static String readDisk(Path dir) {
        String out = run("df", "-PhT", dir.toAbsolutePath().toString());
        String[] rows = out.strip().split("\n");
        if (rows.length < 2) {
            return UNKNOWN;
        }
        String[] f = rows[rows.length - 1].trim().split("\\s+");
        if (f.length < 7) {
            return rows[rows.length - 1];
        }
        String device = f[0];
        String rotational = "";
        if (device.startsWith("/dev/")) {
            String name = device.substring("/dev/".length());
            String flag = firstLine(Path.of("/sys/class/block", name, "queue", "rotational"));
            if (UNKNOWN.equals(flag)) {
                // a partition: the queue belongs to its parent disk
                flag = firstLine(Path.of("/sys/class/block", name, "..", "queue", "rotational"));
            }
            rotational = "1".equals(flag) ? ", rotational" : "0".equals(flag) ? ", non-rotational" : "";
        }
        return f[1] + " " + f[2] + " (" + f[4] + " free), " + device + rotational + ", mounted on " + f[6];
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String firstLine(Path file) {
        List<String> lines = lines(file);
        return lines.isEmpty() ? UNKNOWN : lines.get(0).trim();
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Markdown lines describing the machine. */
    public List<String> describe() {
        return List.of(
                "- CPU: " + cpuModel + ", " + cores + " cores (as the JVM sees them)",
                "- Memory: " + memory,
                "- Disk: " + disk,
                "- Java: " + java,
                "- OS: " + os,
                "- Load average when the run began: " + loadAverage);
    }
}
