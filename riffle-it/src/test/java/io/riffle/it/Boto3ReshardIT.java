package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resharding scenario through boto3 (src/test/python/reshard_scenario.py): split, merge,
 * ListShards with ShardFilter and a lineage-following read of every record. boto3 speaks JSON 1.1
 * whatever the Java SDK's format, so one run is enough: the JSON failsafe execution should exclude
 * this class (riffle-it/pom.xml); until it does, that run skips it. Needs python3 with boto3.
 */
class Boto3ReshardIT {

    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @TempDir
    Path tmp;

    @Test
    void boto3ReshardScenarioPasses() throws Exception {
        Assumptions.assumeTrue(SdkClients.cborEnabled(), "boto3 does not use the Java SDK's wire format: run once, in the CBOR execution");
        Path script = Path.of(System.getProperty("riffle.it.python", "src/test/python")).resolve("reshard_scenario.py")
                .toAbsolutePath();
        assertThat(script).isRegularFile();
        String endpoint = riffle.endpoint().toString();

        Path output = tmp.resolve("boto3-reshard.out");
        ProcessBuilder pb = new ProcessBuilder(List.of("python3", script.toString(), endpoint))
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
        boolean exited = process.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("python3 reshard_scenario.py %s finished within %d s; output:%n%s", endpoint, TIMEOUT_S,
                out).isTrue();
        assertThat(process.exitValue()).as("exit code of python3 reshard_scenario.py %s; output:%n%s", endpoint, out)
                .isZero();
        assertThat(out).contains("OK: the boto3 reshard scenario passed");
        System.out.println("boto3 reshard scenario output:\n" + out);
    }
}
