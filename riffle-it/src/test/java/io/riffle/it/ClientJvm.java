package io.riffle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * How tests start the short-lived JVMs of {@code riffle} client commands: the options bin/riffle uses for them (C1
 * only, the serial collector: a command is over before C2 or a parallel collector pays back) plus a class-data
 * archive of the shaded jar, so each command starts in about a third of the CPU time. The first command of a test
 * JVM writes the archive under a temporary name, renamed when that command has exited, so no command ever maps a
 * half-written archive; commands started meanwhile run without one. One archive per test JVM (riffle-it's forks
 * run side by side).
 */
final class ClientJvm {
    /** The options bin/riffle gives client commands. */
    static final List<String> CLIENT_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Path ARCHIVE = Path.of(System.getProperty("riffle.it.logs", "target/riffle-it-logs"))
            .toAbsolutePath().resolveSibling("cds").resolve("riffle-cli-" + ProcessHandle.current().pid() + ".jsa");
    private static boolean writing;

    private ClientJvm() {
    }

    /** The options of one command's JVM, and what to run once that command has exited. */
    record Start(List<String> options, Runnable afterExit) {
    }

    static synchronized Start start() {
        List<String> options = new ArrayList<>(CLIENT_OPTIONS);
        if (Files.isRegularFile(ARCHIVE)) {
            options.add("-XX:SharedArchiveFile=" + ARCHIVE);
            return new Start(options, () -> { });
        }
        if (writing) {
            return new Start(options, () -> { });
        }
        writing = true;
        Path partial = ARCHIVE.resolveSibling(ARCHIVE.getFileName() + ".partial");
        try {
            Files.createDirectories(ARCHIVE.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        options.add("-XX:ArchiveClassesAtExit=" + partial);
        return new Start(options, () -> published(partial));
    }

    private static synchronized void published(Path partial) {
        writing = false;
        try {
            if (Files.isRegularFile(partial)) {
                Files.move(partial, ARCHIVE, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            // no archive: the next command tries again
        }
    }
}
