package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the boto3 scenario scripts in src/test/python against a server, with throwaway
 * credentials and no user AWS configuration, and asserts it passed (exit code 0 and its OK line).
 */
final class PythonScenario {
    private PythonScenario() {
    }

    /** Runs {@code script} with the endpoint as argument; returns its output. */
    static String run(String script, String endpoint, String okLine, Path tmp, long timeoutS) throws Exception {
        return run(script, List.of(endpoint), okLine, tmp, timeoutS);
    }

    /** Runs {@code script} with {@code arguments}; returns its output. */
    static String run(String script, List<String> arguments, String okLine, Path tmp, long timeoutS)
            throws Exception {
        Path file = Path.of(System.getProperty("riffle.it.python", "src/test/python")).resolve(script).toAbsolutePath();
        assertThat(file).isRegularFile();
        Path output = tmp.resolve(script + ".out");
        List<String> command = new java.util.ArrayList<>(List.of("python3", file.toString()));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", SdkClients.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SdkClients.SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", SdkClients.REGION.id());
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        env.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
        env.put("PYTHONUNBUFFERED", "1");

        Process process;
        try {
            process = pb.start();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot run python3 (needed, with boto3, for this test): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        boolean exited = process.waitFor(timeoutS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("python3 %s %s finished within %d s; output:%n%s", script, arguments, timeoutS, out)
                .isTrue();
        assertThat(process.exitValue()).as("exit code of python3 %s %s; output:%n%s", script, arguments, out).isZero();
        assertThat(out).contains(okLine);
        return out;
    }
}
