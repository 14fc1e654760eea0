package io.riffle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Riffle server as a child process: {@code java -jar riffle.jar server} on a free port of
 * 127.0.0.1 with its own temporary data directory, the way an operator starts it.
 *
 * <p>Ready means the server printed its one {@code Riffle <version> listening on http://...
 * (data in <dir>)} line on stdout (with {@code tls=true}: {@code https://... (TLS certificate:
 * <file>; plaintext HTTP on the same port) (data in <dir>)}). Stdout and stderr go to files under {@code
 * target/riffle-it-logs} (kept after the run); every failure to start shows stderr.
 *
 * <p>Settings are {@code --set key=value}; the stream state delays default to 0 ms so tests
 * never wait for CREATING/DELETING unless they ask for it, and throughput limits are off.
 */
public final class RiffleServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Groups: 1 version, 2 URL, 3 the TLS certificate (with TLS only), 4 the data directory. */
    private static final Pattern LISTENING = Pattern.compile("^Riffle (\\S+) listening on (https?://\\S+)"
            + "(?: \\(TLS certificate: (.+); plaintext HTTP on the same port\\))? \\(data in (.+)\\)$");
    private static final AtomicInteger SERIAL = new AtomicInteger();

    /**
     * The settings every test server gets unless the test overrides them: no CREATING/DELETING
     * wait, reshards cut over at once, and no per-shard throughput limits (the ITs check API semantics and push volumes,
     * such as a 10 MiB PutRecords into 2 shards, that one shard's quota would throttle; a
     * throttling test turns them on for its own server).
     */
    private static final Map<String, String> DEFAULT_SETTINGS = Map.of(
            "stream-create-delay-ms", "0",
            "stream-delete-delay-ms", "0",
            "reshard-delay-ms", "0",
            "throughput-limits", "false");

    private final Path jar;
    private final Path dataDir;
    private final Path logDir;
    private final String name;
    private final Map<String, String> settings;
    private final List<String> memoryAccessOptions;
    private final Thread reaper = new Thread(this::destroyQuietly, "riffle-it-reaper");

    private Process process;
    private Path stdoutFile;
    private Path stderrFile;
    private URI endpoint;
    private Path tlsCertificate;
    private String listeningLine;
    private int starts;

    private RiffleServerProcess(String name, Map<String, String> settings, List<String> memoryAccessOptions)
            throws IOException {
        this.jar = jar();
        this.name = name;
        this.settings = settings;
        this.memoryAccessOptions = memoryAccessOptions;
        this.dataDir = Files.createTempDirectory("riffle-it-" + name + "-");
        this.logDir = Path.of(System.getProperty("riffle.it.logs", "target/riffle-it-logs")).toAbsolutePath();
        Files.createDirectories(logDir);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts a server. {@code settings} are {@code key=value} pairs given as {@code --set};
     * they override the defaults (state delays of 0 ms).
     */
    public static RiffleServerProcess start(String name, String... settings) {
        return start(name, memoryAccessOptions(), settings);
    }

    /**
     * As {@link #start(String, String...)}, with {@code memoryAccessOptions} in place of {@link
     * #memoryAccessOptions()}.
     */
    public static RiffleServerProcess start(String name, List<String> memoryAccessOptions, String... settings) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULT_SETTINGS);
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a setting is key=value: " + setting);
            }
            all.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        try {
            RiffleServerProcess server = new RiffleServerProcess(name, all, memoryAccessOptions);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The URL the running server announced: {@code http://127.0.0.1:port}, or {@code https://...}
     * when it runs with {@code tls=true}.
     */
    public URI endpoint() {
        requireRunning();
        return endpoint;
    }

    /** {@code http://127.0.0.1:port}: plaintext, which a TLS server serves on the same port. */
    public URI plaintextEndpoint() {
        requireRunning();
        return URI.create("http://" + endpoint.getRawAuthority());
    }

    public boolean isTls() {
        requireRunning();
        return tlsCertificate != null;
    }

    /** The PEM certificate a TLS server announced (clients trust it as their CA). */
    public Path tlsCertificate() {
        requireRunning();
        if (tlsCertificate == null) {
            throw new IllegalStateException(name + " does not serve TLS (start it with tls=true)");
        }
        return tlsCertificate;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The exact "listening on" line the current process printed. */
    public String listeningLine() {
        requireRunning();
        return listeningLine;
    }

    /** Everything the current process wrote to stdout so far. */
    public String stdout() {
        return read(stdoutFile);
    }

    /** Everything the current process wrote to stderr so far. */
    public String stderr() {
        return read(stderrFile);
    }

    /** The PID of the running server process. */
    public long pid() {
        requireRunning();
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code GET /health} (over plaintext, also for a TLS server): the HTTP status. */
    public int health() {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(plaintextEndpoint().resolve("/health"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, wait for a clean exit, and start again on the same data directory (new port). */
    public void restart() {
        int exit = stop();
        if (exit != 0 && exit != 143) {
            throw new AssertionError(name + ": SIGTERM ended the server with exit code " + exit
                    + " (expected a clean shutdown); stderr:\n" + tail(stderr(), 100));
        }
        start();
    }

    /** SIGKILL (no shutdown hook, no flush), then wait until the process is gone. Call {@link #start()} after. */
    public void kill9() {
        requireRunning();
        process.destroyForcibly();
        waitFor(process);
        process = null;
        endpoint = null;
        tlsCertificate = null;
    }

    /**
     * SIGTERM and wait for the exit; returns the exit code. A JVM ending through its shutdown
     * hooks on SIGTERM exits with 143 unless the server calls {@code System.exit(0)} itself.
     */
    public int stop() {
        requireRunning();
        process.destroy(); // SIGTERM on Unix
        int exit = waitFor(process);
        process = null;
        endpoint = null;
        tlsCertificate = null;
        return exit;
    }

    /** Starts the process on this server's data directory and waits until it listens. */
    public void start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        String prefix = name + "-" + SERIAL.incrementAndGet() + "-start" + starts;
        stdoutFile = logDir.resolve(prefix + ".stdout.log");
        stderrFile = logDir.resolve(prefix + ".stderr.log");
        List<String> command = command();
        try {
            process = new ProcessBuilder(command)
                    .redirectOutput(stdoutFile.toFile())
                    .redirectError(stderrFile.toFile())
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Matcher m = findListeningLine(stdout());
            if (m != null) {
                listeningLine = m.group(0);
                endpoint = URI.create(m.group(2));
                tlsCertificate = m.group(3) == null ? null : Path.of(m.group(3));
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + ": the server exited with code " + process.exitValue()
                        + " before listening.\ncommand: " + String.join(" ", command)
                        + "\nstdout:\n" + tail(stdout(), 50) + "\nstderr:\n" + tail(stderr(), 200));
            }
            if (System.nanoTime() > deadline) {
                destroyQuietly();
                throw new AssertionError(name + ": the server did not print its 'listening on' line within "
                        + START_TIMEOUT.toSeconds() + " s.\ncommand: " + String.join(" ", command)
                        + "\nstdout:\n" + tail(stdout(), 50) + "\nstderr:\n" + tail(stderr(), 200));
            }
            pause(20);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL if needed) and deletes the data directory. */
    @Override
    public void close() {
        destroyQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
        if (!Boolean.getBoolean("riffle.it.keepData")) {
            deleteRecursively(dataDir);
        }
    }

    @Override
    public String toString() {
        return name + (isRunning() ? " at " + endpoint : " (stopped)") + ", data in " + dataDir
                + ", logs " + stderrFile;
    }

    static Matcher findListeningLine(String stdout) {
        for (String line : stdout.split("\\R")) {
            Matcher m = LISTENING.matcher(line.strip());
            if (m.matches()) {
                return m;
            }
        }
        return null;
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\\R", -1);
        if (all.length <= lines) {
            return text;
        }
        return "[... " + (all.length - lines) + " lines cut ...]\n"
                + String.join("\n", List.of(all).subList(all.length - lines, all.length));
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add(System.getProperty("riffle.it.serverHeap", "-Xmx512m"));
        command.addAll(memoryAccessOptions);
        String extra = System.getProperty("riffle.it.serverJvm", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        command.add("server");
        command.add("--host");
        command.add("127.0.0.1");
        command.add("--port");
        command.add("0");
        command.add("--data-dir");
        command.add(dataDir.toString());
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        return command;
    }

    private int waitFor(Process p) {
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError(name + ": the server did not exit within " + STOP_TIMEOUT.toSeconds()
                        + " s of SIGTERM (killed); stderr:\n" + tail(stderr(), 100));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void destroyQuietly() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void requireRunning() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("riffle.jar", "../riffle-cli/target/riffle.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no " + jar + ": build riffle-cli first (./mvnw verify from the root)");
        }
        return jar;
    }

    /**
     * The JVM options bin/riffle gives a server on this JDK (the ITs' children run on it): on JDK 23 and later the one
     * that lets Netty use sun.misc.Unsafe (bin/jdk.sh's riffle_unsafe_memory_access_opts).
     */
    static List<String> memoryAccessOptions() {
        return Runtime.version().feature() >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
    }

    /** The java binary running this test, so the server runs on the same JDK. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String read(Path file) {
        if (file == null || !Files.exists(file)) {
            return "";
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
