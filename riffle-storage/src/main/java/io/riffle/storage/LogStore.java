package io.riffle.storage;

import io.riffle.storage.engine.EmbeddedLogStore;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * A node's store of shard logs: the storage module's entry point. {@link #open} opens the embedded
 * engine (journal plus per-shard segments on local disk); {@code io.riffle.storage.memory} has an
 * in-memory one for tests, and a replicated one may come later. Callers see this interface,
 * {@link ShardLog} and the value types of this package only: {@code engine/} and {@code format/}
 * are internal.
 *
 * <p>Log ids are 1..200 characters of {@code [A-Za-z0-9._-]}, opaque to the store. Any thread.
 */
public interface LogStore extends AutoCloseable {

    /** Opens (creating or recovering) the embedded store in {@code config.directory()}. */
    static LogStore open(StoreConfig config) throws IOException {
        return EmbeddedLogStore.open(config);
    }

    /** Creates an empty log; when it fails (a full disk) nothing is left behind. */
    ShardLog create(String id) throws IOException;

    Optional<ShardLog> get(String id);

    Set<String> logIds();

    /** Deletes a log and its records for good; called again after a failure, it finishes the job. */
    void delete(String id) throws IOException;

    /** Takes a checkpoint now and waits for it. */
    void checkpoint() throws IOException;

    /** Makes everything acknowledged so far durable, whatever the durability setting. */
    void flush() throws IOException;

    /** Runs retention and age-based rolls now (the store also runs them on its own). */
    void maintain();

    /** What opening the store found and did: a clean open, or what recovery cut and replayed. */
    RecoveryReport recoveryReport();

    /** The store's open count: raised at every open, carried by every record written since. */
    int writerEpoch();

    /** Whether writes work, and the I/O error counts (for /health and /metrics). */
    StoreHealth health();

    /** What the store's journal has written and synced since it opened (zeros for a store without one). */
    default StoreStats stats() {
        return new StoreStats();
    }

    /** Bytes the store may still write (of its directory's file system). */
    long usableBytes() throws IOException;

    /** Open file handles right now. */
    int openFiles();

    /**
     * Segment files of the logs loaded since the store opened (a log lists its segments on first use, so logs never
     * read or written since are not counted); zero for a store without segment files.
     */
    default int loadedSegments() {
        return 0;
    }

    /** Heap held by loaded logs beyond their files, in bytes (an estimate). */
    long estimatedHeapBytes();

    /**
     * Stops the way a crash would: no checkpoint, no clean-shutdown marker, so the next open
     * recovers. For crash tests.
     */
    void closeAbruptly();

    /** Finishes appends in flight and closes cleanly. */
    @Override
    void close();
}
