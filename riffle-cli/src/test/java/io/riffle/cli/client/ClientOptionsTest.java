package io.riffle.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.regions.Region;

class ClientOptionsTest {

    private static ClientOptions parse(Map<String, String> environment, String... args) {
        ClientOptions options = new ClientOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            ClientOptions mixed = options;
        }).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        options.environment(environment);
        return options;
    }

    @Test
    void theEndpointDefaultsToLocalRiffleThenRiffleEndpoint() {
        assertThat(parse(Map.of()).endpoint()).isEqualTo("http://127.0.0.1:4567");
        assertThat(parse(Map.of()).isLocalDefault()).isTrue();
        assertThat(parse(Map.of("RIFFLE_ENDPOINT", "http://h:1")).endpoint()).isEqualTo("http://h:1");
        assertThat(parse(Map.of("RIFFLE_ENDPOINT", "http://h:1"), "--endpoint", "https://k:2").endpointUri())
                .isEqualTo(URI.create("https://k:2"));
        assertThat(parse(Map.of(), "--endpoint", "localhost:4567").endpointUri()).isEqualTo(URI.create("http://localhost:4567"));
        assertThat(parse(Map.of(), "--endpoint", "aws").isAws()).isTrue();
    }

    @Test
    void aBadEndpointIsAUsageError() {
        assertThatThrownBy(() -> parse(Map.of(), "--endpoint", "ftp://x").endpointUri())
                .isInstanceOf(UsageException.class).hasMessageContaining("not an http:// or https:// URL");
    }

    @Test
    void throwawayCredentialsOnlyForTheLocalDefaultWithoutAProfile() {
        assertThat(parse(Map.of(), "--endpoint", "http://127.0.0.1:4567").isLocalDefault()).isTrue();
        assertThat(parse(Map.of(), "--endpoint", "http://127.0.0.1:9999").isLocalDefault()).isFalse();
    }

    @Test
    void outputAndRegionOptions() {
        assertThat(parse(Map.of(), "-o", "JSON").output()).isEqualTo(OutputFormat.JSON);
        assertThat(parse(Map.of()).output()).isEqualTo(OutputFormat.TABLE);
        assertThat(parse(Map.of(), "--region", "eu-west-1").region()).isEqualTo(Region.EU_WEST_1);
    }
}
