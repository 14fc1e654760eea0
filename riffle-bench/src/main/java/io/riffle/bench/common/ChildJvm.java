package io.riffle.bench.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM the benchmarks start as a child process (Riffle, or the Kafka broker they compare it
 * with): its stdout and stderr go to {@code <name>.stdout} and {@code <name>.stderr} in its run
 * directory, which a shutdown hook deletes (after stopping the process) when the benchmark is
 * stopped early, e.g. with Ctrl-C. {@link #release()} hands the directory over to a successor (a
 * restart on the same data) or to the caller.
 *
 * <p>Used by the benchmark's main thread only.
 */
public final class ChildJvm {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** SIGTERM's exit status for a JVM: a clean shutdown. */
    static final int EXIT_SIGTERM = 143;
    /** SIGKILL's exit status. */
    static final int EXIT_SIGKILL = 137;

    private final Path runDir;
    private final Path stdout;
    private final Path stderr;
    private final List<String> command;
    private final Process process;
    private final long startNanos;
    private Thread reaper;
    private Integer exitCode;

    private ChildJvm(Path runDir, String name, List<String> command) throws IOException {
        this.runDir = runDir;
        this.stdout = runDir.resolve(name + ".stdout");
        this.stderr = runDir.resolve(name + ".stderr");
        this.command = List.copyOf(command);
        this.startNanos = System.nanoTime();
        this.process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        this.reaper = new Thread(() -> {
            stopQuietly();
            try {
                Dirs.deleteRecursively(runDir);
            } catch (IOException e) {
                // shutting down: nobody to tell
            }
        }, "bench-child-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** The bytes the process has written to its stdout and stderr so far. */
    long outputBytes() {
        try {
            return Files.size(stdout) + Files.size(stderr);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts {@code command}; its output goes to {@code name}.stdout and .stderr in {@code runDir}. */
    public static ChildJvm launch(Path runDir, String name, List<String> command) throws IOException {
        return new ChildJvm(runDir, name, command);
    }

    /** The {@code java} of the JVM running the benchmark: children run on the same JDK. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Waits until a line of stdout matches {@code pattern} (whole line, stripped) and returns its
     * match; fails when the process exits first or {@code timeout} passes, with the end of its output.
     */
    public Matcher awaitLine(Pattern pattern, Duration timeout, String what) throws IOException, InterruptedException {
        long deadline = startNanos + timeout.toNanos();
        while (true) {
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                Matcher m = pattern.matcher(line.strip());
                if (m.matches()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IOException(what + " exited with code " + process.exitValue() + " before it was ready.\n"
                        + "command: " + String.join(" ", command) + "\nstdout:\n" + tail(stdout, 20) + "\nstderr:\n"
                        + tail(stderr, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(what + " was not ready within " + timeout.toSeconds() + " s.\ncommand: "
                        + String.join(" ", command) + "\nstdout:\n" + tail(stdout, 20) + "\nstderr:\n" + tail(stderr, 40));
            }
            Thread.sleep(20);
        }
    }

    /** Seconds from launch until now. */
    public double secondsSinceLaunch() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path runDir() {
        return runDir;
    }

    Path stdoutFile() {
        return stdout;
    }

    Path stderrFile() {
        return stderr;
    }

    /** Waits for the process to end by itself (a tool, not a server); its exit code, or -1 after the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        exitCode = process.exitValue();
        return exitCode;
    }

    /**
     * SIGTERM, wait up to 30 s, then SIGKILL; the exit code (143 or 0 is a clean stop). Interrupted,
     * it kills the process at once and keeps the interrupt.
     */
    public int stop() {
        if (exitCode != null) {
            return exitCode;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            process.onExit().join();
        }
        exitCode = process.exitValue();
        return exitCode;
    }

    /** SIGKILL, as a crash would end it (no shutdown hook runs); the exit code (137). */
    public int kill() {
        if (exitCode != null) {
            return exitCode;
        }
        process.destroyForcibly();
        exitCode = process.onExit().join().exitValue();
        return exitCode;
    }

    public static boolean isCleanExit(int code) {
        return code == 0 || code == EXIT_SIGTERM;
    }

    /** No longer deletes the run directory at an early exit: its owner (or a restarted successor) does. */
    public void release() {
        if (reaper == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        reaper = null;
    }

    public String stdoutTail(int lines) {
        return tail(stdout, lines);
    }

    public String stderrTail(int lines) {
        return tail(stderr, lines);
    }

    /** Lines of {@code file} at WARN or ERROR (logback's and log4j's level column), or that name an exception. */
    static List<String> warningsAndErrors(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception"))
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of("(unreadable: " + e + ")");
        }
    }

    private void stopQuietly() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
