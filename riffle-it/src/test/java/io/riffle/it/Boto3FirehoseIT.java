package io.riffle.it;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Firehose scenario through boto3 and the AWS CLI (src/test/python/firehose_scenario.py), delivering to
 * the embedded S3 folder of the server's data directory (no S3 endpoint set).
 */
class Boto3FirehoseIT {
    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("firehose-create-delay-ms=0",
            "firehose-delete-delay-ms=0", "firehose-delivery-tick-ms=100", "firehose-http-endpoint-plain-http=true",
            "firehose-control-plane-calls-per-second=0"); // the scenarios poll Describe faster than Firehose allows

    @TempDir
    Path tmp;

    @Test
    void boto3FirehoseScenarioPasses() throws Exception {
        String out = PythonScenario.run("firehose_scenario.py", List.of(riffle.endpoint().toString(),
                riffle.server().dataDir().toString()), "OK: the Firehose boto3 scenario passed", tmp, TIMEOUT_S);
        System.out.println("Firehose boto3 scenario output:\n" + out);
    }

    @Test
    void dynamicPartitioningThroughTheCliAndBoto3() throws Exception {
        String out = PythonScenario.run("firehose_partitioning_scenario.py", List.of(riffle.endpoint().toString(),
                riffle.server().dataDir().toString()), "OK: the Firehose dynamic partitioning scenario passed", tmp,
                TIMEOUT_S);
        System.out.println("Firehose dynamic partitioning scenario output:\n" + out);
    }
}
