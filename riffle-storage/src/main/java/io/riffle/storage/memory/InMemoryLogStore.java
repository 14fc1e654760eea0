package io.riffle.storage.memory;

import io.riffle.storage.LogStore;
import io.riffle.storage.RecoveryReport;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.StoreHealth;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A {@link LogStore} on the heap: the same contract as the embedded engine (it runs the same
 * {@code ShardLogContractTest}) without files or threads, for tests of code above storage. Nothing
 * survives {@link #close}; it never fails for want of disk. Appends complete before
 * {@link ShardLog#append} returns. Of {@link StoreConfig} it uses the clock and the default
 * retention. Any thread.
 */
public final class InMemoryLogStore implements LogStore {
    private static final Pattern LOG_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final LongSupplier clockMs;
    private final long defaultRetentionMs;
    private final Map<String, InMemoryShardLog> logs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private InMemoryLogStore(LongSupplier clockMs, long defaultRetentionMs) {
        this.clockMs = clockMs;
        this.defaultRetentionMs = defaultRetentionMs;
    }

    /** An empty store taking its clock and default retention from {@code config}. */
    public static InMemoryLogStore open(StoreConfig config) {
        config.validate();
        return new InMemoryLogStore(config.clockMs(), config.defaultRetentionMs());
    }

    /** An empty store on the system clock with the default retention (24 h). */
    public static InMemoryLogStore open() {
        return open(new StoreConfig());
    }

    @Override
    public ShardLog create(String id) {
        ensureOpen();
        checkId(id);
        synchronized (logs) {
            if (logs.containsKey(id)) {
                throw new IllegalStateException("log " + id + " exists");
            }
            InMemoryShardLog created = new InMemoryShardLog(id, clockMs, defaultRetentionMs);
            logs.put(id, created);
            return created;
        }
    }

    @Override
    public Optional<ShardLog> get(String id) {
        return Optional.ofNullable(logs.get(id));
    }

    @Override
    public Set<String> logIds() {
        return new TreeSet<>(logs.keySet());
    }

    @Override
    public void delete(String id) {
        ensureOpen();
        checkId(id);
        InMemoryShardLog removed;
        synchronized (logs) {
            removed = logs.remove(id);
        }
        if (removed != null) {
            removed.close();
        }
    }

    @Override
    public void checkpoint() {
        // nothing to make durable
    }

    @Override
    public void flush() {
        // nothing to make durable
    }

    @Override
    public void maintain() {
        for (InMemoryShardLog log : logs.values()) {
            log.applyRetention();
        }
    }

    /** An in-memory store starts empty: always a new one. */
    @Override
    public RecoveryReport recoveryReport() {
        return RecoveryReport.withoutRecovery(RecoveryReport.Opening.CREATED, 0, 1, 0);
    }

    @Override
    public int writerEpoch() {
        return 1;
    }

    @Override
    public StoreHealth health() {
        return StoreHealth.ALWAYS_HEALTHY;
    }

    /** What the heap may still take. */
    @Override
    public long usableBytes() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    @Override
    public int openFiles() {
        return 0;
    }

    @Override
    public long estimatedHeapBytes() {
        long total = 0;
        for (InMemoryShardLog log : logs.values()) {
            total += log.heapBytes();
        }
        return total;
    }

    @Override
    public void closeAbruptly() {
        close();
    }

    @Override
    public void close() {
        closed = true;
        for (InMemoryShardLog log : logs.values()) {
            log.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    private static void checkId(String id) {
        if (!LOG_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("log id must be 1..200 characters of [A-Za-z0-9._-]: '" + id + "'");
        }
    }
}
