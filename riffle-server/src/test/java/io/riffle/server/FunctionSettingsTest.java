package io.riffle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.functions.InvokerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function settings: one function's function.NAME.url, lambda-endpoint and its credentials, as the invoker gets them. */
class FunctionSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void functionUrlsComeFromTheFileAndFlagsByName() throws IOException {
        Path file = tmp.resolve("riffle.properties");
        Files.writeString(file, "function.resize.url=http://localhost:9000/2015-03-31/functions/function/invocations\n"
                + "lambda-endpoint=https://lambda.eu-west-1.amazonaws.com\n");
        ServerConfig config = ServerConfig.load(file, Map.of(), Map.of("function.thumb_2.url", "http://127.0.0.1:9001/x",
                "lambda-access-key-id", "AKID", "lambda-secret-access-key", "s3cret", "region", "eu-west-1"));

        assertThat(config.functionUrls()).containsOnly(
                Map.entry("resize", "http://localhost:9000/2015-03-31/functions/function/invocations"),
                Map.entry("thumb_2", "http://127.0.0.1:9001/x"));
        InvokerSettings settings = TriggersConfig.invokerSettings(config);
        assertThat(settings.functionUrls()).containsEntry("resize",
                URI.create("http://localhost:9000/2015-03-31/functions/function/invocations"));
        assertThat(settings.lambdaEndpoint()).isEqualTo(URI.create("https://lambda.eu-west-1.amazonaws.com"));
        assertThat(settings.credentials().accessKeyId()).isEqualTo("AKID");
        assertThat(settings.region()).isEqualTo("eu-west-1");
    }

    @Test
    void badFunctionSettingsAreRefusedAtLoad() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("function.f.url", "ftp://host/x")))
                .hasMessageContaining("Invalid value 'ftp://host/x' for function.f.url (command line)");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("function.bad name.url", "http://h/x")))
                .hasMessageStartingWith("Unknown setting 'function.bad name.url'");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("lambda-access-key-id", "AKID")))
                .hasMessage("lambda-access-key-id and lambda-secret-access-key go together: set both, or neither for "
                        + "unsigned invocations");
        assertThat(ServerConfig.load(null, Map.of("RIFFLE_LAMBDA_ENDPOINT", "http://localhost:9001"), Map.of())
                .get(ServerConfig.LAMBDA_ENDPOINT)).isEqualTo("http://localhost:9001");
    }
}
