package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the scenario runners (boto3's PythonScenario, the JS SDK's JsScenario) share: their client's environment
 * and running a process to its end. */
final class ScenarioProcess {
    private ScenarioProcess() {
    }

    /** The test's throwaway credentials, and none of the user's AWS configuration; the region is the caller's. */
    static void useThrowawayCredentials(Map<String, String> env, Path tmp) {
        env.put("AWS_ACCESS_KEY_ID", SdkClients.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SdkClients.SECRET_KEY);
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        env.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
    }

    /**
     * Starts {@code pb} (its output redirected to {@code output}), waits for it, and asserts it exited 0 in time;
     * returns its output. {@code needs} says, when the program cannot start, what the test needs installed.
     */
    static String runToEnd(ProcessBuilder pb, Path output, long timeoutS, String what, String needs)
            throws Exception {
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + what + " (" + needs + "): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        boolean exited = process.waitFor(timeoutS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("%s finished within %d s; output:%n%s", what, timeoutS, out).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", what, out).isZero();
        return out;
    }
}
