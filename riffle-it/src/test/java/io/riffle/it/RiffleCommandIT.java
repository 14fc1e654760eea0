package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded {@code riffle.jar} as a child process, the way {@code bin/riffle} does. */
class RiffleCommandIT {

    private static final long TIMEOUT_SECONDS = 60;

    private static Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findJar() {
        // riffle-it/pom.xml sets riffle.jar; the default helps when run from an IDE in riffle-it/.
        jar = Path.of(System.getProperty("riffle.jar", "../riffle-cli/target/riffle.jar")).toAbsolutePath().normalize();
        assertThat(jar).as("the shaded jar built by riffle-cli (run ./mvnw verify from the root)").isRegularFile();
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        Result result = riffle("version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.output()).as(result.toString()).contains("riffle 0.1.0-SNAPSHOT");
    }

    @Test
    void helpListsTheSubcommands() throws Exception {
        Result result = riffle("--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.output())
                .as(result.toString())
                .contains("Usage: riffle")
                .containsPattern("(?m)^\\s+server\\b")
                .containsPattern("(?m)^\\s+version\\b");
    }

    /** bin/heap.sh's rule, min(2 x (256 + 64 + 32 x cores) + 256, RAM / 4) MiB, and RIFFLE_JAVA_OPTS winning. */
    @Test
    void theServersDefaultHeapFollowsTheDocumentedRule() throws Exception {
        assertThat(heapOpts("", "2 24000")).isEqualTo("-Xmx1024m");
        assertThat(heapOpts("", "32 65536")).isEqualTo("-Xmx2944m");
        assertThat(heapOpts("", "2 2048")).isEqualTo("-Xmx512m");
        assertThat(heapOpts("", "")).as("this machine").matches("-Xmx[0-9]+m");
        assertThat(heapOpts("-Dx=1 -Xmx2g", "2 24000")).as("the user's heap").isEmpty();
        assertThat(heapOpts("-XX:MaxRAMPercentage=50", "2 24000")).as("the user's heap").isEmpty();
    }

    /** bin/jdk.sh gives the option that lets Netty use sun.misc.Unsafe to JDK 23 and later, and nothing to 21-22. */
    @Test
    void theServerGetsTheMemoryAccessOptionFromJdk23On() throws Exception {
        for (String major : List.of("21", "22")) {
            assertThat(sourced("jdk.sh", "riffle_unsafe_memory_access_opts " + major, "")).as(major).isEmpty();
        }
        for (String major : List.of("23", "25", "26")) {
            assertThat(sourced("jdk.sh", "riffle_unsafe_memory_access_opts " + major, "")).as(major)
                    .isEqualTo("--sun-misc-unsafe-memory-access=allow");
        }
    }

    private String heapOpts(String riffleJavaOpts, String args) throws IOException, InterruptedException {
        return sourced("heap.sh", "server_heap_opts " + args, riffleJavaOpts);
    }

    /** What {@code call} prints with bin/{@code script} sourced, RIFFLE_JAVA_OPTS set to {@code riffleJavaOpts}. */
    private String sourced(String script, String call, String riffleJavaOpts) throws IOException, InterruptedException {
        Path path = jar.getParent().getParent().getParent().resolve("bin").resolve(script);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "set -euo pipefail; source \"$1\"; " + call, "bash", path.toString())
                .redirectErrorStream(true);
        builder.environment().put("RIFFLE_JAVA_OPTS", riffleJavaOpts);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    private Result riffle(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));

        Path log = Files.createTempFile(tmp, "riffle-", ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close(); // no stdin
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not exit within " + TIMEOUT_SECONDS
                    + "s; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The java binary running this test, so the child runs on the same JDK. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private record Result(List<String> command, int exitCode, String output) {
        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + exitCode + "; output:\n" + output;
        }
    }
}
