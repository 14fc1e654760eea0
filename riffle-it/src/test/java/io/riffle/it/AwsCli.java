package io.riffle.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI run against a server with given keys, no retries and none of the user's AWS
 * configuration; its exit code and output (stdout and stderr together).
 */
final class AwsCli {
    private static final long TIMEOUT_S = 120;

    record Result(int exit, String output) {
        /** The output of a call that must succeed. */
        String ok() {
            if (exit != 0) {
                throw new AssertionError("aws failed (" + exit + "): " + output);
            }
            return output.strip();
        }
    }

    private final String endpoint;
    private final Path tmp;

    AwsCli(String endpoint, Path tmp) {
        this.endpoint = endpoint;
        this.tmp = tmp;
    }

    Result run(String keyId, String secret, String... arguments) throws Exception {
        return run(Map.of("AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", secret), arguments);
    }

    /** With the credentials (and session token) of {@code credentials}, as AWS_* environment variables. */
    Result run(Map<String, String> credentials, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint,
                "--region", SdkClients.REGION.id(), "--cli-read-timeout", "30"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(tmp, "aws", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        env.putAll(credentials);
        env.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
        Process process = pb.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("aws " + String.join(" ", arguments) + " did not finish within " + TIMEOUT_S + " s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
