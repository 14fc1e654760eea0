package io.riffle.storage.engine;

import io.riffle.storage.StoreConfig;
import io.riffle.storage.io.FileIO;

/** What every shard log of a store shares: settings, files, threads and the writer epoch. */
record StoreContext(StoreConfig config, FileIO io, HandleCache files, OwnerPool owners, Journal journal,
                    int writerEpoch) {

    long nowMs() {
        return config.clockMs().getAsLong();
    }
}
