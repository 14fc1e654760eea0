package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Runs one of the AWS SDK for JavaScript v3 scenarios in src/test/js through node against a server, with
 * throwaway credentials and no user AWS configuration, and asserts it passed (exit code 0 and its OK line).
 * The first run installs the pinned packages of src/test/js/package-lock.json with {@code npm ci} (from the
 * npm registry or npm's cache); later runs reuse them while the lock file is unchanged.
 */
final class JsScenario {
    private static final long INSTALL_TIMEOUT_S = 300;
    private static final String NEEDS = "node and npm are needed for this test";

    private JsScenario() {
    }

    /** Runs {@code script} with the endpoint as argument; returns its output. */
    static String run(String script, String endpoint, String okLine, Path tmp, long timeoutS) throws Exception {
        return run(script, endpoint, Map.of(), okLine, tmp, timeoutS);
    }

    /**
     * Runs {@code script} with the endpoint as argument and the variables {@code environment} added (e.g. other
     * credentials than the throwaway ones); returns its output.
     */
    static String run(String script, String endpoint, Map<String, String> environment, String okLine, Path tmp,
                      long timeoutS) throws Exception {
        Path directory = scenarios();
        installPackages(directory, tmp);
        Path file = directory.resolve(script);
        assertThat(file).isRegularFile();
        Path output = tmp.resolve(script + ".out");
        ProcessBuilder pb = new ProcessBuilder(List.of("node", file.toString(), endpoint))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        ScenarioProcess.useThrowawayCredentials(env, tmp);
        env.put("AWS_REGION", SdkClients.REGION.id());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // The SDK warns once per process that its 2027 releases will need node 22; not this test's concern.
        env.put("NODE_NO_WARNINGS", "1");
        env.putAll(environment);
        String out = ScenarioProcess.runToEnd(pb, output, timeoutS, "node " + script, NEEDS);
        assertThat(out).contains(okLine);
        return out;
    }

    private static Path scenarios() {
        return Path.of(System.getProperty("riffle.it.js", "src/test/js")).toAbsolutePath();
    }

    /**
     * {@code npm ci} unless node_modules was installed from the current lock file. riffle-it runs its classes in
     * parallel JVMs, so the check and the install hold a file lock that every fork shares (the JVM's monitor
     * guards against its own threads: a FileLock is held per process).
     */
    private static synchronized void installPackages(Path directory, Path tmp) throws Exception {
        Path lockFile = Path.of(System.getProperty("riffle.it.logs", "target/riffle-it-logs"))
                .resolveSibling("npm-ci.lock");
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                installUnlessCurrent(directory, tmp);
            } finally {
                lock.release();
            }
        }
    }

    private static void installUnlessCurrent(Path directory, Path tmp) throws Exception {
        Path lock = directory.resolve("package-lock.json");
        Path installed = directory.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("npm-ci.out").toFile());
        ScenarioProcess.runToEnd(pb, tmp.resolve("npm-ci.out"), INSTALL_TIMEOUT_S, "npm ci in " + directory, NEEDS);
    }
}
