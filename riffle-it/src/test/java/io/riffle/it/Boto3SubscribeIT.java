package io.riffle.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enhanced fan-out through boto3 (src/test/python/subscribe_scenario.py): consumer registration and
 * listing, and {@code subscribe_to_shard} receiving pushed records over HTTP/1.1 (chunked event
 * stream). boto3 speaks JSON whatever the Java SDK's format, so it runs once, in the CBOR execution.
 */
class Boto3SubscribeIT {

    private static final long TIMEOUT_S = 120;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @TempDir
    Path tmp;

    @Test
    void boto3SubscribeScenarioPasses() throws Exception {
        Assumptions.assumeTrue(SdkClients.cborEnabled(), "boto3 does not use the Java SDK's wire format: run once, in the CBOR execution");
        String out = PythonScenario.run("subscribe_scenario.py", riffle.endpoint().toString(),
                "OK: the boto3 subscribe scenario passed", tmp, TIMEOUT_S);
        System.out.println("boto3 subscribe scenario output:\n" + out);
    }
}
