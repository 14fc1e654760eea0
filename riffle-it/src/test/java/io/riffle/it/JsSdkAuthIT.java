package io.riffle.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JS SDK v3 Kinesis scenario (src/test/js/kinesis_scenario.mjs: JSON 1.1 over cleartext HTTP/2,
 * SubscribeToShard included) against a server with auth=sigv4 whose root keys are the scenario's
 * credentials: every request's signature, made over HTTP/2, verifies.
 */
class JsSdkAuthIT {

    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("auth=sigv4",
            "root-access-key-id=" + SdkClients.ACCESS_KEY, "root-secret-access-key=" + SdkClients.SECRET_KEY);

    @TempDir
    Path tmp;

    @Test
    void jsSdkScenarioPassesWithSignaturesVerified() throws Exception {
        String out = JsScenario.run("kinesis_scenario.mjs", riffle.endpoint().toString(),
                "OK: the JS SDK v3 scenario passed", tmp, TIMEOUT_S);
        System.out.println("JS SDK v3 scenario output (auth=sigv4):\n" + out);
    }
}
