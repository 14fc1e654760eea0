package io.riffle.server;

import io.riffle.aws.auth.SessionTokens;
import io.riffle.storage.io.SecretKeyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The key that seals STS session tokens ({@link SessionTokens}), kept in {@code <data-dir>/session-token-key}
 * (mode 600, refused when others can read it) so issued temporary credentials stay valid across restarts;
 * deleting it ends every session at the next start.
 */
final class SessionKeyFile {
    static final String NAME = "session-token-key";

    private SessionKeyFile() {
    }

    static SessionTokens open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(NAME);
        DataDirectory.requireOwnerOnly(file, "session-token key");
        return new SessionTokens(SecretKeyFile.loadOrCreate(file, SessionTokens.KEY_BYTES, "issued session credentials"),
                new SecureRandom());
    }
}
