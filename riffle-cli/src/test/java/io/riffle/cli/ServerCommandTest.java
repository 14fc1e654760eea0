package io.riffle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {

    private static final Pattern LISTENING =
            Pattern.compile("^Riffle (\\S+) listening on http://127\\.0\\.0\\.1:(\\d+) \\(data in (.+)\\)$");

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void startsPrintsOneListeningLineWithTheRealPortAndServes() {
        AtomicInteger healthStatus = new AtomicInteger();
        int exit = run(Map.of(), server -> {
            try (HttpClient client = HttpClient.newHttpClient()) {
                URI health = URI.create("http://127.0.0.1:" + server.address().getPort() + "/health");
                healthStatus.set(client.send(HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                throw new AssertionError(e);
            } finally {
                server.close();
            }
        }, "--port", "0", "--data-dir", dataDir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString().lines()).hasSize(1);
        Matcher line = LISTENING.matcher(out.toString().strip());
        assertThat(line.matches()).as(out.toString()).isTrue();
        assertThat(line.group(1)).isEqualTo(RiffleVersion.version());
        assertThat(Integer.parseInt(line.group(2))).isPositive();
        assertThat(line.group(3)).isEqualTo(dataDir.toAbsolutePath().normalize().toString());
        assertThat(healthStatus.get()).isEqualTo(200);
    }

    @Test
    void aPortInUseExitsWith1AndSaysWhatToDoLeavingNoDataDirectory() throws IOException {
        Path fresh = dataDir.resolve("fresh");
        try (ServerSocket taken = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            int exit = run(Map.of(), server -> server.close(), "--port", String.valueOf(port),
                    "--data-dir", fresh.toString());
            assertThat(exit).isEqualTo(ServerCommand.START_FAILED);
            assertThat(err.toString()).isEqualTo("riffle server: The port " + port
                    + " is in use: stop the other process or pass --port" + System.lineSeparator());
            assertThat(out.toString()).isEmpty();
            assertThat(fresh).doesNotExist();
        }
    }

    @Test
    void aDataDirectoryInUseExitsWith3NamingItAndTheHolder() {
        AtomicInteger secondExit = new AtomicInteger(-1);
        StringWriter secondErr = new StringWriter();
        int exit = run(Map.of(), server -> {
            try {
                CommandLine second = new CommandLine(new ServerCommand(Map.of(), s -> s.close()));
                second.setOut(new PrintWriter(new StringWriter(), true));
                second.setErr(new PrintWriter(secondErr, true));
                secondExit.set(second.execute("--port", "0", "--data-dir", dataDir.toString()));
            } finally {
                server.close();
            }
        }, "--port", "0", "--data-dir", dataDir.toString());

        assertThat(exit).isZero();
        assertThat(secondExit.get()).isEqualTo(ServerCommand.DATA_DIRECTORY_IN_USE);
        assertThat(secondErr.toString()).isEqualTo("riffle server: The data directory "
                + dataDir.toAbsolutePath().normalize() + " is in use by process " + ProcessHandle.current().pid()
                + " (another Riffle server): stop it first, or give this one another --data-dir"
                + System.lineSeparator());
    }

    @Test
    void keyMaterialOthersCanReadExitsWith2WithTheChmodThatFixesIt() throws IOException {
        assertThat(run(Map.of(), server -> server.close(), "--port", "0", "--data-dir", dataDir.toString()))
                .isZero();
        Path key = dataDir.toAbsolutePath().normalize().resolve("iterator-key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        err.getBuffer().setLength(0);

        int exit = run(Map.of(), server -> server.close(), "--port", "0", "--data-dir", dataDir.toString());

        assertThat(exit).isEqualTo(ServerCommand.BAD_CONFIG);
        assertThat(err.toString()).isEqualTo("riffle server: The shard-iterator signing key " + key
                + " can be read by other users (mode 644, rw-r--r--): run chmod go-rwx " + key + " and start again"
                + System.lineSeparator());
    }

    @Test
    void configErrorsExitWith2AndNameTheSetting() {
        int exit = run(Map.of(), server -> server.close(), "--set", "no-such-setting=1");
        assertThat(exit).isEqualTo(ServerCommand.BAD_CONFIG);
        assertThat(err.toString()).contains("Unknown setting 'no-such-setting'");

        err.getBuffer().setLength(0);
        assertThat(run(Map.of("RIFFLE_PORT", "x"), server -> server.close())).isEqualTo(ServerCommand.BAD_CONFIG);
        assertThat(err.toString()).contains("RIFFLE_PORT");
    }

    @Test
    void flagsWinOverSetAndTheEnvironment() {
        int exit = run(Map.of("RIFFLE_PORT", "1"), server -> server.close(),
                "--set", "port=2", "--port", "0", "--set", "stream-create-delay-ms=0", "--data-dir", dataDir.toString());
        assertThat(exit).isZero();
        assertThat(out.toString()).matches("(?s)Riffle \\S+ listening on http://127\\.0\\.0\\.1:\\d+ .*");
        assertThat(out.toString()).doesNotContain(":1 ").doesNotContain(":2 ");
    }

    @Test
    void withTlsTheLineNamesTheHttpsUrlAndTheCertificateToTrust() {
        AtomicInteger plaintextHealth = new AtomicInteger();
        int exit = run(Map.of(), server -> {
            try (HttpClient client = HttpClient.newHttpClient()) {
                URI health = URI.create("http://127.0.0.1:" + server.address().getPort() + "/health");
                plaintextHealth.set(client.send(HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                throw new AssertionError(e);
            } finally {
                server.close();
            }
        }, "--tls", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(exit).as(err.toString()).isZero();
        Path certificate = dataDir.toAbsolutePath().normalize().resolve("tls").resolve("riffle.crt");
        assertThat(out.toString().strip()).matches("Riffle \\S+ listening on https://127\\.0\\.0\\.1:\\d+ \\(TLS "
                + "certificate: " + Pattern.quote(certificate.toString()) + "; plaintext HTTP on the same port\\) "
                + "\\(data in " + Pattern.quote(dataDir.toAbsolutePath().normalize().toString()) + "\\)");
        assertThat(certificate).isRegularFile();
        assertThat(plaintextHealth.get()).isEqualTo(200);
    }

    @Test
    void unusableTlsFilesExitWith2AndNameTheFile() {
        Path missing = dataDir.resolve("missing.crt");
        int exit = run(Map.of(), server -> server.close(), "--tls", "--port", "0", "--data-dir", dataDir.toString(),
                "--tls-cert-file", missing.toString(), "--tls-key-file", dataDir.resolve("missing.key").toString());

        assertThat(exit).isEqualTo(ServerCommand.BAD_CONFIG);
        assertThat(err.toString()).contains("riffle server: The TLS certificate file (tls-cert-file) " + missing
                + " does not exist");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpListsTheSettings() {
        int exit = run(Map.of(), server -> server.close(), "--help");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--set=KEY=VALUE", "stream-create-delay-ms (default 500;",
                "RIFFLE_STREAM_CREATE_DELAY_MS", "shard-limit (default 500;",
                "  durability (default fsync; RIFFLE_DURABILITY)\n      When a write is acknowledged: fsync (its"
                        + " bytes are on disk) or a weaker\n      storage setting. Values: fsync, interval or none.\n");
    }

    private int run(Map<String, String> environment, ServerCommand.UntilStopped untilStopped, String... args) {
        CommandLine command = new CommandLine(new ServerCommand(environment, untilStopped));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}
