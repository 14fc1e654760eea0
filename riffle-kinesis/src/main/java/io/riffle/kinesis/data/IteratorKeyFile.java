package io.riffle.kinesis.data;

import io.riffle.storage.io.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The secret that signs shard iterators, kept in the data directory so iterators stay valid across
 * restarts. Created once (32 random bytes), written to a temporary file (mode 600, {@link OwnerOnly}),
 * synced and renamed.
 */
public final class IteratorKeyFile {
    public static final String NAME = "iterator-key";
    static final int BYTES = 32;

    private IteratorKeyFile() {
    }

    public static byte[] loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(NAME);
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length != BYTES) {
                throw new IOException(file + " is damaged (" + key.length + " bytes, expected " + BYTES
                        + "); delete it to make a new key (issued shard iterators then become invalid)");
            }
            return key;
        }
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        OwnerOnly.createDirectories(dataDir);
        Path temp = dataDir.resolve(NAME + ".tmp");
        Files.deleteIfExists(temp); // left by a start that died half-way
        OwnerOnly.createFile(temp, key);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            dir.force(true);
        }
        return key;
    }
}
