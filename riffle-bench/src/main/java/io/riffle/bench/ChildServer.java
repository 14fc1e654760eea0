package io.riffle.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Riffle server as a child process of {@link KinesisLoad}: {@code java [jvm options] -jar
 * riffle.jar server --port 0} with a fresh data directory, on the JDK running the load generator,
 * with the JVM's default heap (as {@code bin/riffle server} runs it). Ready once it printed its
 * {@code Riffle <version> listening on http://... (data in <dir>)} line. Its stdout and stderr go
 * to files next to the data directory; all of it is deleted at {@link #close()} unless the server
 * ended badly, in which case the logs are kept and named.
 *
 * <p>Used by the main thread only.
 */
final class ChildServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING =
            Pattern.compile("^Riffle (\\S+) listening on (http://\\S+) \\(data in (.+)\\)$");
    /** SIGTERM's exit status for a JVM: a clean shutdown. */
    private static final int EXIT_SIGTERM = 143;

    private final Path runDir;
    private final Path stdout;
    private final Path stderr;
    private final List<String> command;
    private final Process process;
    private final Thread reaper;
    private URI endpoint;
    private String version;
    private Integer exitCode;

    private ChildServer(Path runDir, List<String> command) throws IOException {
        this.runDir = runDir;
        this.stdout = runDir.resolve("server.stdout");
        this.stderr = runDir.resolve("server.stderr");
        this.command = command;
        this.process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        // the load generator was stopped early (Ctrl-C): stop the server and leave nothing behind
        this.reaper = new Thread(() -> {
            stopQuietly();
            try {
                Dirs.deleteRecursively(runDir);
            } catch (IOException e) {
                // shutting down: nobody to tell
            }
        }, "kinesis-load-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts a server with {@code settings} as {@code --set key=value}, in a new directory under
     * {@code parent}, and waits until it listens.
     */
    static ChildServer start(Path jar, List<String> jvmOptions, Map<String, String> settings, Path parent)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no server jar at " + jar.toAbsolutePath() + ": build it with "
                    + "./mvnw -q -B -pl riffle-cli -am package -DskipTests (or give --server-jar, or --endpoint)");
        }
        Files.createDirectories(parent);
        Path runDir = Files.createTempDirectory(parent, "kinesis-load-");
        Path dataDir = runDir.resolve("data");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "server", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString()));
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        ChildServer server = new ChildServer(runDir, command);
        try {
            server.awaitListening();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.stopQuietly();
            throw e;
        }
        return server;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                Matcher m = LISTENING.matcher(line.strip());
                if (m.matches()) {
                    version = m.group(1);
                    endpoint = URI.create(m.group(2));
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new IOException("the server exited with code " + process.exitValue() + " before listening.\n"
                        + "command: " + String.join(" ", command) + "\nstderr:\n" + tail(stderr, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the server did not say it listens within " + START_TIMEOUT.toSeconds()
                        + " s.\ncommand: " + String.join(" ", command) + "\nstderr:\n" + tail(stderr, 40));
            }
            Thread.sleep(20);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    String version() {
        return version;
    }

    long pid() {
        return process.pid();
    }

    List<String> command() {
        return command;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM, wait up to 30 s, then SIGKILL; the exit code (143 or 0 is a clean stop). Interrupted,
     * it kills the server at once and keeps the interrupt.
     */
    int stop() {
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

    static boolean isCleanExit(int code) {
        return code == 0 || code == EXIT_SIGTERM;
    }

    /** The last lines the server wrote to stderr. */
    String stderrTail(int lines) {
        return tail(stderr, lines);
    }

    /** The lines the server logged at WARN or ERROR (logback's level column), or that name an exception. */
    List<String> warningsAndErrors() {
        try {
            return Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception"))
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of("(stderr unreadable: " + e + ")");
        }
    }

    /** Stops the server; deletes its directory unless it ended badly (then says where the logs are). */
    @Override
    public void close() throws IOException {
        int code = stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        if (isCleanExit(code)) {
            Dirs.deleteRecursively(runDir);
        } else {
            Dirs.deleteRecursively(runDir.resolve("data"));
            System.err.println("kinesis-load: the server exited with code " + code + "; its logs are kept in "
                    + runDir);
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

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
