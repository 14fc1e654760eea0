package io.riffle.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JS SDK v3 Kinesis scenario (src/test/js/kinesis_scenario.mjs: JSON 1.1 over cleartext HTTP/2,
 * SubscribeToShard included) against a server with auth=sigv4 whose root keys are the scenario's
 * credentials, then with the session credentials STS GetSessionToken gives for them: every request's signature,
 * made over HTTP/2, verifies; src/test/js/auth_errors.mjs: an expired session and a skewed clock get Kinesis'
 * exact errors.
 */
class JsSdkAuthIT {

    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

    @TempDir
    Path tmp;

    @Test
    void jsSdkScenarioPassesWithSignaturesVerified() throws Exception {
        String out = JsScenario.run("kinesis_scenario.mjs", riffle.endpoint().toString(),
                "OK: the JS SDK v3 scenario passed", tmp, TIMEOUT_S);
        System.out.println("JS SDK v3 scenario output (auth=sigv4):\n" + out);
    }

    @Test
    void jsSdkScenarioPassesWithSessionCredentialsAndGetsTheExactErrors() throws Exception {
        Map<String, String> environment = new HashMap<>(SessionCredentials.environment(
                SessionCredentials.issued(riffle.endpoint())));
        String out = JsScenario.run("kinesis_scenario.mjs", riffle.endpoint().toString(), environment,
                "OK: the JS SDK v3 scenario passed", tmp, TIMEOUT_S);
        System.out.println("JS SDK v3 scenario output (session credentials):\n" + out);
        SessionCredentials.environment(SessionCredentials.expired(riffle.server().dataDir()))
                .forEach((name, value) -> environment.put(name.replace("AWS_", "EXPIRED_"), value));
        out = JsScenario.run("auth_errors.mjs", riffle.endpoint().toString(), environment,
                "OK: the JS SDK v3 session scenario passed", tmp, TIMEOUT_S);
        System.out.println("JS SDK v3 session errors output:\n" + out);
    }
}
