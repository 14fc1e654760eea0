package io.riffle.bench.common;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Riffle server as a child process of a benchmark: {@code java [jvm options] -jar riffle.jar
 * server --port 0} with a fresh data directory, on the JDK running the benchmark, with the JVM's
 * default heap unless the options say otherwise (as {@code bin/riffle server} runs it). Ready once
 * it printed its {@code Riffle <version> listening on http://... (data in <dir>)} line. Its stdout
 * and stderr go to files next to the data directory; all of it is deleted at {@link #close()}
 * unless the server ended badly, in which case the logs are kept and named. {@link #restart()}
 * starts it again on the same data (after {@link #stop()} or {@link #kill()}), to time recovery.
 *
 * <p>Used by the main thread only.
 */
public final class ChildServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING =
            Pattern.compile("^Riffle (\\S+) listening on (http://\\S+) \\(data in (.+)\\)$");

    private final ChildJvm jvm;
    private final int generation;
    private final Duration startTimeout;
    private URI endpoint;
    private String version;
    private double secondsToListen;

    private ChildServer(ChildJvm jvm, int generation, Duration startTimeout) {
        this.jvm = jvm;
        this.generation = generation;
        this.startTimeout = startTimeout;
    }

    /**
     * Starts a server with {@code settings} as {@code --set key=value}, in a new directory under
     * {@code parent}, and waits until it listens.
     */
    public static ChildServer start(Path jar, List<String> jvmOptions, Map<String, String> settings, Path parent)
            throws IOException, InterruptedException {
        return start(jar, jvmOptions, settings, parent, START_TIMEOUT);
    }

    /** As {@link #start(Path, List, Map, Path)}, waiting up to {@code startTimeout} for it to listen. */
    public static ChildServer start(Path jar, List<String> jvmOptions, Map<String, String> settings, Path parent,
                             Duration startTimeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no server jar at " + jar.toAbsolutePath() + ": build it with "
                    + "./mvnw -q -B -pl riffle-cli -am package -DskipTests (or give --server-jar, or --endpoint)");
        }
        Files.createDirectories(parent);
        Path runDir = Files.createTempDirectory(parent, "riffle-server-");
        Path dataDir = runDir.resolve("data");
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable());
        command.addAll(memoryAccessOptions());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "server", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString()));
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        return launch(runDir, command, 0, startTimeout);
    }

    /**
     * The JVM options bin/riffle gives a server on this JDK (the child runs on the bench's): on JDK 23 and later the
     * one that lets Netty use sun.misc.Unsafe (bin/jdk.sh's riffle_unsafe_memory_access_opts). Options given to the
     * bench come after, so {@code -Dio.netty.noUnsafe=true} still measures the server without it.
     */
    static List<String> memoryAccessOptions() {
        return Runtime.version().feature() >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
    }

    private static ChildServer launch(Path runDir, List<String> command, int generation, Duration startTimeout)
            throws IOException, InterruptedException {
        ChildJvm jvm = ChildJvm.launch(runDir, generation == 0 ? "server" : "server-" + generation, command);
        ChildServer server = new ChildServer(jvm, generation, startTimeout);
        try {
            Matcher m = jvm.awaitLine(LISTENING, startTimeout, "the server");
            server.version = m.group(1);
            server.endpoint = URI.create(m.group(2));
            server.secondsToListen = jvm.secondsSinceLaunch();
        } catch (IOException | RuntimeException | InterruptedException e) {
            jvm.stop();
            throw e;
        }
        return server;
    }

    /**
     * The same server started again on the same data directory, once this one has stopped (by
     * {@link #stop()} or {@link #kill()}); waits until it listens. This instance lets go of the
     * directory: close the new one.
     */
    public ChildServer restart() throws IOException, InterruptedException {
        if (jvm.isAlive()) {
            throw new IllegalStateException("stop or kill the server before restarting it");
        }
        jvm.release();
        return launch(jvm.runDir(), jvm.command(), generation + 1, startTimeout);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String version() {
        return version;
    }

    public long pid() {
        return jvm.pid();
    }

    public List<String> command() {
        return jvm.command();
    }

    public Path dataDir() {
        return jvm.runDir().resolve("data");
    }

    /** Seconds from starting the JVM until it said it listens (start-up, including recovery of its data). */
    public double secondsToListen() {
        return secondsToListen;
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    /** SIGTERM, wait up to 30 s, then SIGKILL; the exit code (143 or 0 is a clean stop). */
    public int stop() {
        return jvm.stop();
    }

    /** SIGKILL: the server gets no chance to shut down (a crash, as far as its files go). */
    public int kill() {
        return jvm.kill();
    }

    public static boolean isCleanExit(int code) {
        return ChildJvm.isCleanExit(code);
    }

    /** The bytes the server has logged so far (stdout and stderr). */
    public long logBytes() {
        return jvm.outputBytes();
    }

    /** The last lines the server wrote to stderr. */
    public String stderrTail(int lines) {
        return jvm.stderrTail(lines);
    }

    /** The lines the server logged at WARN or ERROR (logback's level column), or that name an exception. */
    public List<String> warningsAndErrors() {
        return ChildJvm.warningsAndErrors(jvm.stderrFile());
    }

    /** Stops the server; deletes its directory unless it ended badly (then says where the logs are). */
    @Override
    public void close() throws IOException {
        int code = stop();
        jvm.release();
        if (isCleanExit(code)) {
            Dirs.deleteRecursively(jvm.runDir());
        } else {
            Dirs.deleteRecursively(dataDir());
            System.err.println("bench: the server exited with code " + code + "; its logs are kept in " + jvm.runDir());
        }
    }
}
