package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code riffle} client commands as child processes of the shaded jar, against one endpoint
 * ({@code RIFFLE_ENDPOINT}) with the test credentials in the environment, as a user's shell would.
 */
final class RiffleCli {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path jar;
    private final URI endpoint;
    private final Path tmp;
    private final Map<String, String> environment = new java.util.HashMap<>();

    RiffleCli(URI endpoint, Path tmp) {
        this.jar = Path.of(System.getProperty("riffle.jar", "../riffle-cli/target/riffle.jar")).toAbsolutePath().normalize();
        assertThat(jar).as("the shaded jar built by riffle-cli").isRegularFile();
        this.endpoint = endpoint;
        this.tmp = tmp;
    }

    /** What a finished command printed. */
    record Result(List<String> command, int exitCode, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** Sets (or, with a null value, removes) a variable of the commands' environment. */
    RiffleCli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs a command to its end, with {@code stdin} (or none) as its standard input. */
    Result runWithInput(String stdin, String... args) {
        ClientJvm.Start jvm = ClientJvm.start();
        List<String> command = command(jvm, args);
        try {
            Path out = Files.createTempFile(tmp, "cli-", ".out");
            Path err = Files.createTempFile(tmp, "cli-", ".err");
            Process process = builder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not exit within " + TIMEOUT_SECONDS
                        + " s; stdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            jvm.afterExit().run();
        }
    }

    /** Starts a long-running command (riffle tail) whose stdout lines the test takes as they come. */
    Running start(String... args) {
        ClientJvm.Start jvm = ClientJvm.start();
        List<String> command = command(jvm, args);
        try {
            Path err = Files.createTempFile(tmp, "cli-", ".err");
            Process process = builder(command).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            return new Running(command, process, err, jvm.afterExit());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command still running; {@link #nextLine} waits for its next output line. */
    static final class Running implements AutoCloseable {
        private static final String END = "\u0000end";
        private final List<String> command;
        private final Process process;
        private final Path err;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Runnable afterExit;

        Running(List<String> command, Process process, Path err, Runnable afterExit) {
            this.command = command;
            this.process = process;
            this.err = err;
            this.afterExit = afterExit;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process went away
                } finally {
                    lines.add(END);
                }
            }, "riffle-cli-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line, waiting up to {@code timeout}; fails with the stderr when there is none. */
        String nextLine(Duration timeout) throws InterruptedException {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(END)) {
                throw new AssertionError(String.join(" ", command) + (line == null ? " printed no line within "
                        + timeout.toSeconds() + " s" : " ended") + "; stderr:\n" + stderr());
            }
            return line;
        }

        /** The next {@code n} lines. */
        List<String> nextLines(int n, Duration timeout) throws InterruptedException {
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                taken.add(nextLine(timeout));
            }
            return taken;
        }

        String stderr() {
            try {
                return Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                afterExit.run();
            }
        }
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("RIFFLE_ENDPOINT", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", SdkClients.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SdkClients.SECRET_KEY);
        env.put("AWS_REGION", SdkClients.REGION.id());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.remove("AWS_PROFILE");
        environment.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        return builder;
    }

    private List<String> command(ClientJvm.Start jvm, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm.options());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }
}
