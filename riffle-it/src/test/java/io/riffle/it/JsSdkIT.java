package io.riffle.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kinesis scenario through the AWS SDK for JavaScript v3 (src/test/js/kinesis_scenario.mjs), which speaks
 * JSON 1.1 over cleartext HTTP/2 and reads SubscribeToShard's event stream. Needs node and npm on the PATH.
 */
class JsSdkIT {

    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @TempDir
    Path tmp;

    @Test
    void jsSdkScenarioPasses() throws Exception {
        String out = JsScenario.run("kinesis_scenario.mjs", riffle.endpoint().toString(),
                "OK: the JS SDK v3 scenario passed", tmp, TIMEOUT_S);
        System.out.println("JS SDK v3 scenario output:\n" + out);
    }
}
