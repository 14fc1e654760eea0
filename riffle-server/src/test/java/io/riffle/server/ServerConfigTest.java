package io.riffle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreKinesisDefaults() {
        ServerConfig config = ServerConfig.load(null, Map.of(), Map.of());
        assertThat(config).isEqualTo(ServerConfig.defaults());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(4567);
        assertThat(config.dataDir()).isEqualTo(Path.of("./riffle-data"));
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.accountId()).isEqualTo("000000000000");
        assertThat(config.durability()).isEqualTo("fsync");
        assertThat(config.streamCreateDelayMs()).isEqualTo(500);
        assertThat(config.streamDeleteDelayMs()).isEqualTo(500);
        assertThat(config.iteratorTtlMs()).isEqualTo(300_000);
        assertThat(config.minRetentionHours()).isEqualTo(24);
        assertThat(config.maxRetentionHours()).isEqualTo(8760);
        assertThat(config.shardLimit()).isEqualTo(500);
        assertThat(config.onDemandStreamLimit()).isEqualTo(50);
        assertThat(config.maxRecordSizeBytes()).isEqualTo(1_048_576);
        assertThat(config.isThroughputLimited()).isTrue();
        assertThat(config.maxConsumersPerStream()).isEqualTo(20);
    }

    @Test
    void fileThenEnvironmentThenFlagsEachOverrideTheOneBefore() throws IOException {
        Path file = write("port=1111\nregion=eu-west-1\nstream-create-delay-ms=1\nshard-limit=7\n");
        Map<String, String> env = Map.of("RIFFLE_PORT", "2222", "RIFFLE_REGION", "eu-west-2",
                "RIFFLE_DATA_DIR", "/var/lib/riffle");
        Map<String, String> flags = Map.of("port", "3333");

        ServerConfig config = ServerConfig.load(file, env, flags);

        assertThat(config.port()).isEqualTo(3333);                      // flag over env over file
        assertThat(config.region()).isEqualTo("eu-west-2");             // env over file
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/riffle")); // env over default
        assertThat(config.streamCreateDelayMs()).isEqualTo(1);          // file over default
        assertThat(config.shardLimit()).isEqualTo(7);
        assertThat(config.host()).isEqualTo("127.0.0.1");               // default
    }

    @Test
    void theConfigFileCanComeFromTheEnvironmentAndTheFlagWins() throws IOException {
        Path fromEnv = write("port=1111\n");
        Path fromFlag = Files.writeString(dir.resolve("other.properties"), "port=2222\n");
        assertThat(ServerConfig.load(null, Map.of("RIFFLE_CONFIG", fromEnv.toString()), Map.of()).port()).isEqualTo(1111);
        assertThat(ServerConfig.load(fromFlag, Map.of("RIFFLE_CONFIG", fromEnv.toString()), Map.of()).port())
                .isEqualTo(2222);
    }

    @Test
    void unknownKeysInTheFileOrFlagsAreErrorsNamingTheKnownOnes() throws IOException {
        Path file = write("prot=1\n");
        assertThatThrownBy(() -> ServerConfig.load(file, Map.of(), Map.of()))
                .isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageContaining("Unknown setting 'prot'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("port, data-dir");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("stream_create_delay_ms", "1")))
                .hasMessageContaining("Unknown setting 'stream_create_delay_ms' (command line)");
    }

    @Test
    void unknownRiffleEnvironmentVariablesAreIgnored() {
        assertThat(ServerConfig.load(null, Map.of("RIFFLE_JAVA_OPTS", "-Xmx1g"), Map.of()))
                .isEqualTo(ServerConfig.defaults());
    }

    @Test
    void corsOriginsAreNoneByDefaultAndAListOfOrigins() {
        assertThat(ServerConfig.defaults().corsAllowedOrigins()).isEmpty();
        assertThat(ServerConfig.load(null, Map.of(), Map.of("cors-allowed-origins", "")).corsAllowedOrigins()).isEmpty();
        assertThat(ServerConfig.load(null, Map.of("RIFFLE_CORS_ALLOWED_ORIGINS",
                " http://localhost:3000 ,https://console.example.com,"), Map.of()).corsAllowedOrigins())
                .containsExactly("http://localhost:3000", "https://console.example.com");
    }

    @Test
    void corsForEveryOriginIsRefusedWhileAuthenticationIsOff() {
        String expected = "expected origins separated by commas, each scheme://host[:port] such as "
                + "http://localhost:3000, or nothing; not '*' while authentication is off";
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("cors-allowed-origins", "*")))
                .isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessage("Invalid value '*' for cors-allowed-origins (command line): " + expected);
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("cors-allowed-origins",
                "http://localhost:3000/app"))).hasMessageContaining(expected);
    }

    @Test
    void badValuesSayWhatWasExpectedAndWhereTheyCameFrom() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("RIFFLE_PORT", "http"), Map.of()))
                .isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessage("Invalid value 'http' for port (environment variable RIFFLE_PORT): "
                        + "expected an integer from 0 to 65535");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("port", "70000")))
                .hasMessageContaining("from 0 to 65535");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("throughput-limits", "yes")))
                .hasMessageContaining("expected true or false");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("account-id", "123")))
                .hasMessageContaining("expected 12 digits");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("stream-create-delay-ms", "-1")))
                .hasMessageContaining("expected an integer >= 0");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("host", " ")))
                .hasMessageContaining("expected a non-empty text");
    }

    @Test
    void settingsThatContradictEachOtherAreErrors() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("min-retention-hours", "100",
                "max-retention-hours", "50")))
                .hasMessageContaining("min-retention-hours (100) is larger than max-retention-hours (50)");
    }

    @Test
    void tlsIsOffByDefaultAndTurnsOnFromAnySource() throws IOException {
        assertThat(ServerConfig.defaults().isTls()).isFalse();
        assertThat(ServerConfig.defaults().tlsCertFile()).isNull();
        assertThat(ServerConfig.load(null, Map.of("RIFFLE_TLS", "true"), Map.of()).isTls()).isTrue();
        assertThat(ServerConfig.load(write("tls=true\n"), Map.of(), Map.of()).isTls()).isTrue();
        ServerConfig given = ServerConfig.load(null, Map.of("RIFFLE_TLS_CERT_FILE", "/etc/riffle/server.crt"),
                Map.of("tls", "true", "tls-key-file", "/etc/riffle/server.key"));
        assertThat(given.tlsCertFile()).isEqualTo(Path.of("/etc/riffle/server.crt"));
        assertThat(given.tlsKeyFile()).isEqualTo(Path.of("/etc/riffle/server.key"));
    }

    @Test
    void aTlsCertificateNeedsItsKeyAndTlsOn() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("tls", "true", "tls-cert-file", "a.crt")))
                .isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageContaining("tls-cert-file is set but tls-key-file is not: give both");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("tls", "true", "tls-key-file", "a.key")))
                .hasMessageContaining("tls-key-file is set but tls-cert-file is not: give both");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("tls-cert-file", "a.crt",
                "tls-key-file", "a.key")))
                .hasMessageContaining("tls-cert-file and tls-key-file are set but tls is false: turn TLS on (--tls");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("RIFFLE_TLS", "yes"), Map.of()))
                .hasMessageContaining("Invalid value 'yes' for tls (environment variable RIFFLE_TLS): expected true or false");
    }

    @Test
    void aMissingConfigFileIsAnError() {
        assertThatThrownBy(() -> ServerConfig.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
                .isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void valuesAreTrimmedAndBooleansIgnoreCase() throws IOException {
        Path file = write("throughput-limits = FALSE \nhost=  0.0.0.0\n");
        ServerConfig config = ServerConfig.load(file, Map.of(), Map.of());
        assertThat(config.isThroughputLimited()).isFalse();
        assertThat(config.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void withChangesOneSetting() {
        ServerConfig config = ServerConfig.defaults().with(ServerConfig.PORT, 0);
        assertThat(config.port()).isZero();
        assertThat(config.get(ServerConfig.HOST)).isEqualTo("127.0.0.1");
        assertThat(ServerConfig.defaults().port()).isEqualTo(4567);
    }

    @Test
    void describeListsEverySettingWithItsDefaultAndEnvironmentVariable() {
        String description = ServerConfig.describe();
        for (ServerConfig.Setting<?> setting : ServerConfig.settings()) {
            Object defaultValue = setting.defaultValue() == null ? "unset"
                    : "".equals(setting.defaultValue()) ? "empty" : setting.defaultValue();
            assertThat(description).contains(setting.name() + " (default " + defaultValue + "; "
                    + setting.environmentVariable());
        }
        assertThat(ServerConfig.STREAM_CREATE_DELAY_MS.environmentVariable()).isEqualTo("RIFFLE_STREAM_CREATE_DELAY_MS");
        assertThat(description).contains("  cors-allowed-origins (default empty; RIFFLE_CORS_ALLOWED_ORIGINS)\n");
    }

    @Test
    void describeWrapsUnderTheIndentationAndNamesTheAllowedValues() {
        String description = ServerConfig.describe(80);
        assertThat(description.lines()).allSatisfy(line -> assertThat(line).matches("(  \\S.*|      \\S.*)"));
        assertThat(description.lines().filter(line -> line.startsWith("      ")))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(description).contains("  durability (default fsync; RIFFLE_DURABILITY)\n"
                + "      When a write is acknowledged: fsync (its bytes are on disk) or a weaker\n"
                + "      storage setting. Values: fsync, interval or none.\n");
        assertThat(description).contains("      Address to listen on (0.0.0.0 for every interface). Values: a non-empty\n"
                + "      text.\n");
    }

    @Test
    void wrapBreaksAtSpacesKeepsLongWordsWholeAndIndentsEveryLine() {
        assertThat(ServerConfig.wrap("aaa bbb ccc", "> ", "  ", 9)).isEqualTo("> aaa bbb\n  ccc\n");
        assertThat(ServerConfig.wrap("a verylongword b", "", "  ", 6)).isEqualTo("a\n  verylongword\n  b\n");
        assertThat(ServerConfig.wrap("  spaced   out  ", "", "", 80)).isEqualTo("spaced out\n");
    }

    @Test
    void durabilityAcceptsOnlyItsValuesInAnyCase() {
        assertThat(ServerConfig.load(null, Map.of(), Map.of("durability", "INTERVAL")).durability())
                .isEqualTo("interval");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("durability", "sometimes")))
                .hasMessage("Invalid value 'sometimes' for durability (command line): expected fsync, interval or none");
    }

    private Path write(String properties) throws IOException {
        return Files.writeString(dir.resolve("riffle.properties"), properties);
    }
}
