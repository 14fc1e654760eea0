package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The data directory is one server's, and its owner's only, checked black-box on the real jar:
 * a second server on the same directory (same port or another) is refused with exit 3 naming the
 * holder and changes no byte, while the first keeps serving and keeps every acknowledged record
 * across a kill -9, after which the next start proceeds; under umask 000 every directory is 700
 * and every file 600; key material or a directory that others can read is refused with the chmod
 * that fixes it.
 */
class DataDirectoryIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aSecondServerIsRefusedChangesNothingAndTheFirstKeepsEveryAcknowledgedRecord() throws Exception {
        try (RiffleServerProcess first = RiffleServerProcess.start("lock-holder")) {
            String stream;
            List<String> acknowledged = new ArrayList<>();
            try (KinesisClient kinesis = SdkClients.sync(first.endpoint(), null)) {
                stream = createActive(kinesis, Kit.name("held"), 1);
                put(kinesis, stream, "before", acknowledged);
            }
            first.restart(); // a clean stop and start: the holder is idle now, nothing pending to write
            Path dir = first.dataDir().toAbsolutePath().normalize();
            Map<String, String> before = checksums(dir);
            String refusal = "riffle server: The data directory " + dir + " is in use by process " + first.pid()
                    + " (another Riffle server): stop it first, or give this one another --data-dir";

            Exit samePort = runToExit(server(dir, "--port", String.valueOf(first.endpoint().getPort())));
            assertThat(samePort.code()).as(samePort.toString()).isEqualTo(3);
            assertThat(samePort.stderr().lines()).as(samePort.toString()).containsExactly(refusal);
            Exit otherPort = runToExit(server(dir, "--port", "0"));
            assertThat(otherPort.code()).as(otherPort.toString()).isEqualTo(3);
            assertThat(otherPort.stderr().lines()).as(otherPort.toString()).containsExactly(refusal);
            assertThat(otherPort.stdout()).isEmpty();
            assertThat(checksums(dir)).as("every file of " + dir + " and its SHA-256").isEqualTo(before);

            try (KinesisClient kinesis = SdkClients.sync(first.endpoint(), null)) {
                put(kinesis, stream, "after", acknowledged); // the holder still serves
            }
            first.kill9();
            first.start(); // the OS released the lock with the process
            try (KinesisClient kinesis = SdkClients.sync(first.endpoint(), null)) {
                String shard = Kit.shards(kinesis, stream).get(0).shardId();
                List<String> read = Kit.readAll(kinesis, stream, shard).stream()
                        .map(r -> r.data().asUtf8String()).toList();
                assertThat(read).as("acknowledged records after kill -9 and restart").isEqualTo(acknowledged);
            }
        }
    }

    @Test
    void underUmask000EveryDirectoryIs700AndEveryFile600() throws Exception {
        Path dir = tmp.resolve("fresh").resolve("data"); // created by the server, parents included
        Process process = new ProcessBuilder(concat(List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh"),
                server(dir, "--port", "0", "--tls")))
                .redirectOutput(tmp.resolve("umask.stdout").toFile())
                .redirectError(tmp.resolve("umask.stderr").toFile())
                .start();
        try {
            URI endpoint = awaitListening(process, tmp.resolve("umask.stdout"), tmp.resolve("umask.stderr"));
            try (KinesisClient kinesis = SdkClients.sync(endpoint, null)) {
                String stream = createActive(kinesis, Kit.name("modes"), 2);
                put(kinesis, stream, "r", new ArrayList<>());
            }
            assertOwnerOnly(dir);
        } finally {
            process.destroy(); // SIGTERM: a clean stop also writes the checkpoint and its marker
            assertThat(process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.resolve("clean-shutdown")).exists();
        assertOwnerOnly(dir);
        assertThat(mode(tmp.resolve("fresh"))).isEqualTo("rwx------");
    }

    @Test
    void keysAndDirectoriesOthersCanReadAreRefusedWithTheChmodThatFixesThem() throws Exception {
        Path dir;
        try (RiffleServerProcess server = RiffleServerProcess.start("modes", "tls=true")) {
            dir = server.dataDir().toAbsolutePath().normalize();
            server.stop();

            Path iteratorKey = dir.resolve("iterator-key");
            Files.setPosixFilePermissions(iteratorKey, PosixFilePermissions.fromString("rw-r--r--"));
            assertRefused(dir, "riffle server: The shard-iterator signing key " + iteratorKey + " can be read by"
                    + " other users (mode 644, rw-r--r--): run chmod go-rwx " + iteratorKey + " and start again");
            chmod("go-rwx", iteratorKey);

            Path tlsKey = dir.resolve("tls").resolve("riffle.key");
            Files.setPosixFilePermissions(tlsKey, PosixFilePermissions.fromString("rw-r-----"));
            assertRefused(dir, "riffle server: The TLS private key " + tlsKey + " can be read by other users"
                    + " (mode 640, rw-r-----): run chmod go-rwx " + tlsKey + " and start again", "--tls");
            chmod("go-rwx", tlsKey);

            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertRefused(dir, "riffle server: The data directory " + dir + " is open to other users (mode 755,"
                    + " rwxr-xr-x): run chmod -R go-rwx " + dir + " and start again");
            chmod("-R", "go-rwx", dir);

            server.start(); // the advice works
            assertThat(server.health()).isEqualTo(200);
        }
    }

    private static void assertRefused(Path dir, String line, String... flags) throws Exception {
        Map<String, String> before = checksums(dir);
        Exit exit = runToExit(concat(server(dir, "--port", "0"), List.of(flags)));
        assertThat(exit.code()).as(exit.toString()).isEqualTo(2);
        assertThat(exit.stderr().lines()).as(exit.toString()).containsExactly(line);
        assertThat(checksums(dir)).isEqualTo(before);
    }

    private static void assertOwnerOnly(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                String expected = Files.isDirectory(p) ? "rwx------"
                        : p.endsWith(Path.of("tls", "riffle.crt")) ? "rw-r--r--" // public: clients need it
                        : "rw-------";
                assertThat(mode(p)).as(dir.relativize(p).toString()).isEqualTo(expected);
            }
        }
        assertThat(dir.resolve("tls").resolve("riffle.key")).exists();
        assertThat(dir.resolve("iterator-key")).exists();
        assertThat(dir.resolve("lock")).exists();
    }

    private static void put(KinesisClient kinesis, String stream, String prefix, List<String> acknowledged) {
        for (int i = 0; i < 50; i++) {
            String data = prefix + " " + i;
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(Kit.bytes(data)));
            acknowledged.add(data);
        }
    }

    private static List<String> server(Path dir, String... flags) {
        List<String> command = new ArrayList<>(List.of(RiffleServerProcess.javaBinary(), "-Xmx256m"));
        command.addAll(RiffleServerProcess.memoryAccessOptions());
        command.addAll(List.of("-jar", RiffleServerProcess.jar().toString(), "server", "--host", "127.0.0.1",
                "--data-dir", dir.toString(), "--set", "stream-create-delay-ms=0", "--set", "throughput-limits=false"));
        command.addAll(List.of(flags));
        return command;
    }

    private record Exit(List<String> command, int code, String stdout, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + code + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static Exit runToExit(List<String> command) throws Exception {
        Path out = Files.createTempFile("riffle-it-refused", ".stdout");
        Path err = Files.createTempFile("riffle-it-refused", ".stderr");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not exit within " + EXIT_TIMEOUT
                        + "; stderr:\n" + Files.readString(err));
            }
            return new Exit(command, process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Waits for the "listening on" line; answers the plaintext endpoint (a TLS server serves it too). */
    private static URI awaitListening(Process process, Path stdout, Path stderr) throws Exception {
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = RiffleServerProcess.findListeningLine(Files.readString(stdout));
            if (m != null) {
                return URI.create("http://" + URI.create(m.group(2)).getRawAuthority());
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + "; stderr:\n"
                        + Files.readString(stderr));
            }
            Kit.pause(20);
        }
        throw new AssertionError("the server did not listen within " + EXIT_TIMEOUT + "; stderr:\n"
                + Files.readString(stderr));
    }

    /** Every file under {@code dir} (relative path) and its SHA-256; directories as "dir". */
    private static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                sums.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha256(p));
            }
        }
        return sums;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void chmod(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("chmod"));
        command.addAll(List.of(args));
        Exit exit = runToExit(command);
        assertThat(exit.code()).as(exit.toString()).isZero();
    }

    private static void chmod(String mode, Path path) throws Exception {
        chmod(mode, path.toString());
    }

    private static void chmod(String flag, String mode, Path path) throws Exception {
        chmod(flag, mode, path.toString());
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
