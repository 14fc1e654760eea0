package io.riffle.it;


import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream consumer scenario through boto3 (src/test/python/consumer_scenario.py): register,
 * wait for ACTIVE, describe both ways, list page by page, errors, deregister, DeleteStream with
 * EnforceConsumerDeletion. Streams and consumers stay CREATING and DELETING for 200 ms, so the
 * script waits as a client of Kinesis must. boto3 speaks JSON whatever the Java SDK's format: run
 * once (the JSON failsafe execution excludes Boto3*IT). Needs python3 with boto3.
 */
class Boto3ConsumersIT {

    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(
            "stream-create-delay-ms=200", "stream-delete-delay-ms=200");

    @TempDir
    Path tmp;

    @Test
    void boto3ConsumerScenarioPasses() throws Exception {
        Assumptions.assumeTrue(SdkClients.cborEnabled(), "boto3 does not use the Java SDK's wire format: run once, in the CBOR execution");
        String out = PythonScenario.run("consumer_scenario.py", riffle.endpoint().toString(),
                "OK: the boto3 consumer scenario passed", tmp, TIMEOUT_S);
        System.out.println("boto3 consumer scenario output:\n" + out);
    }
}
