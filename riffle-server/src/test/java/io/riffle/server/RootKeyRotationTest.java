package io.riffle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeyRotationTest {
    @TempDir
    Path tmp;

    @Test
    void newKeysReplaceTheFileOwnerOnly() throws Exception {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = dir.resolve(RootCredentials.FILE_NAME);
        RootCredentials old = RootCredentials.generate(file, "000000000000", new SecureRandom());

        RootKeyRotation.Rotated rotated = RootKeyRotation.rotate(config(dir, Map.of()));

        RootCredentials now = RootCredentials.read(file);
        assertThat(rotated).isEqualTo(new RootKeyRotation.Rotated(old.accessKeyId(), now.accessKeyId(),
                file.toAbsolutePath().normalize()));
        assertThat(now.accessKeyId()).isNotEqualTo(old.accessKeyId());
        assertThat(now.secretAccessKey()).isNotEqualTo(old.secretAccessKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.resolve(RootCredentials.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void nothingIsRotatedWithoutAFileOrWithTheOperatorsKeys() {
        Path missing = tmp.resolve("never-started");
        assertThatThrownBy(() -> RootKeyRotation.rotate(config(missing, Map.of())))
                .isInstanceOf(RootKeyRotation.NothingToRotate.class)
                .hasMessageContaining("the first start with auth=sigv4 generates the root keys");
        assertThat(missing).doesNotExist();
        assertThatThrownBy(() -> RootKeyRotation.rotate(config(missing, Map.of("root-access-key-id", "AKIAGIVENBYOPERATOR0",
                "root-secret-access-key", "given")))).isInstanceOf(RootKeyRotation.NothingToRotate.class)
                .hasMessageContaining("rotate them by starting the server with new ones");
    }

    @Test
    void aRunningServersDirectoryIsRefused() throws Exception {
        Path dir = tmp.resolve("busy");
        DataDirectory held = DataDirectory.claim(dir);
        try {
            RootCredentials.generate(dir.resolve(RootCredentials.FILE_NAME), "000000000000", new SecureRandom());
            assertThatThrownBy(() -> RootKeyRotation.rotate(config(dir, Map.of())))
                    .isInstanceOfSatisfying(StartFailure.class, e -> assertThat(e.reason())
                            .isEqualTo(StartFailure.Reason.DATA_DIRECTORY_IN_USE));
        } finally {
            held.close();
        }
    }

    private static ServerConfig config(Path dataDir, Map<String, String> settings) {
        Map<String, String> flags = new java.util.HashMap<>(settings);
        flags.put(ServerConfig.DATA_DIR.name(), dataDir.toString());
        return ServerConfig.load(null, Map.of(), flags);
    }
}
