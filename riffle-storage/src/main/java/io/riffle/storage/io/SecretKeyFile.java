package io.riffle.storage.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A random secret kept in one file of the data directory (mode 600), so what it signs or seals
 * stays valid across restarts: the shard-iterator key, the session-token key. Created once, with
 * {@link OwnerOnly#replaceDurably}.
 */
public final class SecretKeyFile {

    private SecretKeyFile() {
    }

    /**
     * The {@code lengthBytes} bytes in {@code file}, generated when it is missing.
     *
     * @param invalidatedByLoss what stops working when the file is deleted, for the message about a damaged one
     */
    public static byte[] loadOrCreate(Path file, int lengthBytes, String invalidatedByLoss) throws IOException {
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length != lengthBytes) {
                throw new IOException(file + " is damaged (" + key.length + " bytes, expected " + lengthBytes
                        + "); delete it to make a new key (" + invalidatedByLoss + " then become invalid)");
            }
            return key;
        }
        byte[] key = new byte[lengthBytes];
        new SecureRandom().nextBytes(key);
        OwnerOnly.replaceDurably(file, key);
        return key;
    }
}
