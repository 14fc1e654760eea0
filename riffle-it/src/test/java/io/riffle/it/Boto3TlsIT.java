package io.riffle.it;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 against a server started with {@code tls=true}, given the server's certificate as its CA
 * bundle ({@code verify=<riffle.crt>}): src/test/python/tls_scenario.py. Runs in the CBOR execution
 * only (boto3 speaks JSON whatever the Java SDK does). Needs python3 with boto3.
 */
class Boto3TlsIT {

    private static final long TIMEOUT_S = 180;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("tls=true");

    @TempDir
    Path tmp;

    @Test
    void boto3TrustsTheServersCertificateAndServesEveryCallOverHttps() throws Exception {
        String out = PythonScenario.run("tls_scenario.py", List.of(riffle.endpoint().toString(),
                riffle.server().tlsCertificate().toString()), "OK: the boto3 TLS scenario passed", tmp, TIMEOUT_S);
        System.out.println("boto3 TLS scenario output:\n" + out);
    }
}
