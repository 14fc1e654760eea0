package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        return run(script, arguments, Map.of(), okLine, tmp, timeoutS);
    }

    /** Runs {@code script} with {@code arguments} and the variables {@code environment} added; returns its output. */
    static String run(String script, List<String> arguments, Map<String, String> environment, String okLine, Path tmp,
                      long timeoutS) throws Exception {
        Path file = Path.of(System.getProperty("riffle.it.python", "src/test/python")).resolve(script).toAbsolutePath();
        assertThat(file).isRegularFile();
        Path output = tmp.resolve(script + ".out");
        List<String> command = new java.util.ArrayList<>(List.of("python3", file.toString()));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        ScenarioProcess.useThrowawayCredentials(env, tmp);
        env.put("AWS_DEFAULT_REGION", SdkClients.REGION.id());
        env.put("PYTHONUNBUFFERED", "1");
        env.putAll(environment);
        String out = ScenarioProcess.runToEnd(pb, output, timeoutS, "python3 " + script + " " + arguments,
                "needed, with boto3, for this test");
        assertThat(out).contains(okLine);
        return out;
    }
}
