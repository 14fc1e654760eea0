package io.riffle.it;


import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kinesis scenario through boto3, which speaks JSON 1.1 (src/test/python/kinesis_scenario.py).
 * Needs python3 with boto3 on the PATH; the failure says so when it is missing.
 */
class Boto3IT {

    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @TempDir
    Path tmp;

    @Test
    void boto3ScenarioPasses() throws Exception {
        String out = PythonScenario.run("kinesis_scenario.py", riffle.endpoint().toString(),
                "OK: the boto3 scenario passed", tmp, TIMEOUT_S);
        System.out.println("boto3 scenario output:\n" + out);
    }
}
