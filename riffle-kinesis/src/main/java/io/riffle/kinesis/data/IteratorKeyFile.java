package io.riffle.kinesis.data;

import io.riffle.storage.io.SecretKeyFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The secret that signs shard iterators, kept in the data directory so iterators stay valid across
 * restarts: 32 random bytes, created once ({@link SecretKeyFile}, mode 600).
 */
public final class IteratorKeyFile {
    public static final String NAME = "iterator-key";
    static final int BYTES = 32;

    private IteratorKeyFile() {
    }

    public static byte[] loadOrCreate(Path dataDir) throws IOException {
        return SecretKeyFile.loadOrCreate(dataDir.resolve(NAME), BYTES, "issued shard iterators");
    }
}
