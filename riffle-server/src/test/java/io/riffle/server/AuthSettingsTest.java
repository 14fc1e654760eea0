package io.riffle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** auth, its secure default, the network opt-out, and the root credentials (given or generated). */
class AuthSettingsTest {

    @TempDir
    Path dataDir;

    @Test
    void onLoopbackAuthIsOffByDefaultAndOtherwiseOn() {
        assertThat(ServerConfig.load(null, Map.of(), Map.of()).isAuthenticating()).isFalse();
        assertThat(ServerConfig.load(null, Map.of(), Map.of("host", "localhost")).isAuthenticating()).isFalse();
        assertThat(ServerConfig.load(null, Map.of(), Map.of("host", "::1")).isAuthenticating()).isFalse();
        assertThat(ServerConfig.load(null, Map.of(), Map.of("host", "0.0.0.0")).isAuthenticating()).isTrue();
        assertThat(ServerConfig.load(null, Map.of("RIFFLE_AUTH", "sigv4"), Map.of()).isAuthenticating()).isTrue();
    }

    @Test
    void aNetworkListenerWithoutAuthRefusesToStartUnlessTheOperatorSaysSo() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("host", "0.0.0.0", "auth", "none")))
                .isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageStartingWith("Riffle would listen on 0.0.0.0, not a loopback address, with auth=none")
                .hasMessageContaining("RIFFLE_ROOT_ACCESS_KEY_ID and RIFFLE_ROOT_SECRET_ACCESS_KEY")
                .hasMessageEndingWith("set allow-unauthenticated-network-access=true.");
        ServerConfig allowed = ServerConfig.load(null, Map.of(), Map.of("host", "0.0.0.0", "auth", "none",
                "allow-unauthenticated-network-access", "true"));
        assertThat(allowed.isAuthenticating()).isFalse();
    }

    @Test
    void rootKeysComeInPairsAndTheSecretIsNotPrinted() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("RIFFLE_ROOT_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
                Map.of())).isInstanceOf(ServerConfig.ConfigException.class).hasMessage("root-access-key-id is set without "
                + "root-secret-access-key: give both (RIFFLE_ROOT_ACCESS_KEY_ID and RIFFLE_ROOT_SECRET_ACCESS_KEY), or neither");
        ServerConfig config = ServerConfig.load(null, Map.of("RIFFLE_ROOT_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "RIFFLE_ROOT_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), Map.of());
        assertThat(config.toString()).contains("root-secret-access-key=***").doesNotContain("EXAMPLEKEY");
    }

    @Test
    void givenRootKeysWinAndWriteNothing() throws IOException {
        ServerConfig config = ServerConfig.load(null, Map.of("RIFFLE_ROOT_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "RIFFLE_ROOT_SECRET_ACCESS_KEY", "secret"), Map.of("data-dir", dataDir.toString()));
        RootCredentials root = RootCredentials.loadOrCreate(config);
        assertThat(root).isEqualTo(new RootCredentials("AKIAIOSFODNN7EXAMPLE", "secret", null, false));
        assertThat(dataDir.resolve(RootCredentials.FILE_NAME)).doesNotExist();
    }

    @Test
    void theFirstStartGeneratesRootKeysOwnerOnlyAndLaterStartsReadThem() throws IOException {
        ServerConfig config = ServerConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString()));
        RootCredentials generated = RootCredentials.loadOrCreate(config);
        Path file = dataDir.resolve(RootCredentials.FILE_NAME);
        assertThat(generated.isGenerated()).isTrue();
        assertThat(generated.file()).isEqualTo(file);
        assertThat(generated.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(generated.secretAccessKey()).matches("[A-Za-z0-9+/]{40}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("[default]\naws_access_key_id = " + generated.accessKeyId()
                + "\naws_secret_access_key = " + generated.secretAccessKey() + "\n");
        assertThat(dataDir.resolve(RootCredentials.FILE_NAME + ".tmp")).doesNotExist();

        RootCredentials again = RootCredentials.loadOrCreate(config);
        assertThat(again).isEqualTo(new RootCredentials(generated.accessKeyId(), generated.secretAccessKey(), file, false));
        assertThat(again.toString()).doesNotContain(generated.secretAccessKey());
    }

    @Test
    void aRootCredentialsFileOthersCanReadIsRefused() throws IOException {
        Path file = dataDir.resolve(RootCredentials.FILE_NAME);
        RootCredentials.generate(file, "000000000000", new SecureRandom());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ServerConfig config = ServerConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString()));
        assertThatThrownBy(() -> RootCredentials.loadOrCreate(config)).isInstanceOf(StartFailure.class)
                .hasMessageContaining("root credentials file").hasMessageContaining("chmod go-rwx");
    }
}
