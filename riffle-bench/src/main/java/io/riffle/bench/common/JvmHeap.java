package io.riffle.bench.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM, as {@code jcmd} tells it: a full GC ({@code GC.run}), then the
 * heap's "used" figure ({@code GC.heap_info}), so what remains is what the process holds on to.
 */
public final class JvmHeap {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s.*?used (\\d+)K");

    private JvmHeap() {
    }

    /** Bytes of heap in use after a full GC in process {@code pid}, or -1 when jcmd could not tell. */
    public static long liveBytesAfterGc(long pid) throws InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        if (run(jcmd, Long.toString(pid), "GC.run") == null) {
            return -1;
        }
        return usedBytes(run(jcmd, Long.toString(pid), "GC.heap_info"));
    }

    /** The first "... heap ... used NK" figure of {@code GC.heap_info} output, in bytes, or -1. */
    static long usedBytes(String heapInfo) {
        if (heapInfo == null) {
            return -1;
        }
        for (String line : heapInfo.split("\n")) {
            Matcher m = HEAP_USED.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1)) * 1024;
            }
        }
        return -1;
    }

    /** {@code jcmd PID VM.native_memory summary} (the JVM runs with -XX:NativeMemoryTracking=summary). */
    public static String nativeMemorySummary(long pid) throws InterruptedException {
        String summary = run("jcmd", Long.toString(pid), "VM.native_memory", "summary");
        return summary == null ? "(jcmd VM.native_memory failed)" : summary;
    }

    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
