package io.riffle.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Rotates the account root's access key kept in {@code <data-dir>/root-credentials}
 * ({@code riffle credentials rotate-root}): new keys replace the file (temp, fsync, rename), so the old ones stop
 * working at the next start, and with them every session credential they issued (STS GetSessionToken's sessions
 * name their issuing key, and a session of a key the server no longer knows is refused). Offline: it claims the
 * data directory as a server does, so it refuses while a server runs on it.
 *
 * <p>Keys the operator gives ({@code root-access-key-id}, usually {@code RIFFLE_ROOT_ACCESS_KEY_ID}) are not in
 * the file and are rotated by giving new ones.
 */
public final class RootKeyRotation {

    /** What a rotation did: the old and new key ids (never the secrets) and the file clients read the new ones from. */
    public record Rotated(String oldAccessKeyId, String newAccessKeyId, Path file) {
    }

    /** Why there is nothing to rotate; the message says what to do instead. */
    public static final class NothingToRotate extends IOException {
        private static final long serialVersionUID = 1L;

        NothingToRotate(String message) {
            super(message);
        }
    }

    private RootKeyRotation() {
    }

    /**
     * Replaces the root keys of {@code config}'s data directory with new ones.
     *
     * @throws StartFailure      {@code DATA_DIRECTORY_IN_USE} while a server runs on the directory,
     *                           {@code UNSAFE_PERMISSIONS} when others can read it or the file
     * @throws NothingToRotate   when the keys are the operator's, or the directory has no root-credentials file
     */
    public static Rotated rotate(ServerConfig config) throws IOException {
        if (config.get(ServerConfig.ROOT_ACCESS_KEY_ID) != null) {
            throw new NothingToRotate("the root keys are given by " + ServerConfig.ROOT_ACCESS_KEY_ID.name()
                    + " (RIFFLE_ROOT_ACCESS_KEY_ID): rotate them by starting the server with new ones");
        }
        Path file = config.dataDir().resolve(RootCredentials.FILE_NAME).toAbsolutePath().normalize();
        DataDirectory directory = DataDirectory.claim(config.dataDir());
        RootCredentials old;
        try {
            if (!Files.exists(file)) {
                throw new NothingToRotate("there is no " + file + " to rotate: the first start with auth=sigv4"
                        + " generates the root keys");
            }
            DataDirectory.requireOwnerOnly(file, "root credentials file");
            old = RootCredentials.read(file);
        } catch (IOException | RuntimeException e) {
            directory.abandon(); // nothing written: the directory as it was (gone again, if this claim created it)
            throw e;
        }
        try {
            RootCredentials rotated = RootCredentials.generate(file, config.accountId(), new SecureRandom());
            return new Rotated(old.accessKeyId(), rotated.accessKeyId(), file);
        } finally {
            directory.close();
        }
    }
}
