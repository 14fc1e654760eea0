package io.riffle.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's I/O counters from Linux ({@code /proc/self/io}). {@code write_bytes} counts the
 * bytes the process caused to be sent to storage (page-cache writes included, when they are
 * dirtied), so its growth over a cell divided by the payload appended is the engine's write
 * amplification: what the disk has to absorb per byte a client sent.
 */
public final class ProcessIo {
    private static final Path SELF_IO = Path.of("/proc/self/io");

    private ProcessIo() {
    }

    /** Bytes this process has caused to be written to storage so far, or -1 when Linux does not say. */
    public static long writeBytes() {
        try {
            for (String line : Files.readAllLines(SELF_IO)) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
