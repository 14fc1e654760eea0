package io.riffle.storage.engine;

import io.riffle.storage.StoreConfig;
import io.riffle.storage.io.FileIO;

/** What every shard log of a store shares: settings, files, threads, the writer epoch and the health. */
record StoreContext(StoreConfig config, FileIO io, HandleCache files, OwnerPool owners, Journal journal,
                    int writerEpoch, HealthTracker health) {

    long nowMs() {
        return config.clockMs().getAsLong();
    }
}
