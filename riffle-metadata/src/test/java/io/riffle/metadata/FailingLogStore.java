package io.riffle.metadata;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.RecoveryReport;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreHealth;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A store whose appends answer DISK_FULL (writing nothing) while {@link #diskFull} is set, or
 * to the logs {@link #diskFullFor} names; while {@link #fsync} is set, appends are written but
 * answered only when the test completes it (a slow fsync, for pipelined writes).
 */
final class FailingLogStore implements LogStore {
    private final LogStore inner;
    volatile boolean diskFull;
    volatile java.util.function.Predicate<String> diskFullFor = id -> false;
    volatile CompletableFuture<Void> fsync;

    FailingLogStore(LogStore inner) {
        this.inner = inner;
    }

    private ShardLog wrap(ShardLog log) {
        return new ShardLog() {
            @Override public String id() { return log.id(); }
            @Override public CompletableFuture<AppendResult> append(List<AppendRecord> records) {
                if (diskFull || diskFullFor.test(log.id())) {
                    return CompletableFuture.completedFuture(AppendResult.failed(AppendResult.Status.DISK_FULL, "test: disk full"));
                }
                CompletableFuture<Void> held = fsync;
                CompletableFuture<AppendResult> written = log.append(records);
                return held == null ? written : written.thenCombine(held, (r, v) -> r);
            }
            @Override public ReadResult read(long position, int maxRecords, long maxBytes) { return log.read(position, maxRecords, maxBytes); }
            @Override public long seekByTime(long timestampMs) { return log.seekByTime(timestampMs); }
            @Override public AutoCloseable onPublished(Runnable listener) { return log.onPublished(listener); }
            @Override public long startPosition() { return log.startPosition(); }
            @Override public long endPosition() { return log.endPosition(); }
            @Override public long lastTimestampMs() { return log.lastTimestampMs(); }
            @Override public void setRetentionMs(long retentionMs) { log.setRetentionMs(retentionMs); }
            @Override public long retentionMs() { return log.retentionMs(); }
            @Override public void fence(long epoch) { log.fence(epoch); }
            @Override public CompletableFuture<Long> fenceAndFlush(long epoch) { return log.fenceAndFlush(epoch); }
            @Override public void close() { log.close(); }
        };
    }

    @Override public ShardLog create(String id) throws IOException { return wrap(inner.create(id)); }
    @Override public Optional<ShardLog> get(String id) { return inner.get(id).map(this::wrap); }
    @Override public Set<String> logIds() { return inner.logIds(); }
    @Override public void delete(String id) throws IOException { inner.delete(id); }
    @Override public void checkpoint() throws IOException { inner.checkpoint(); }
    @Override public void flush() throws IOException { inner.flush(); }
    @Override public void maintain() { inner.maintain(); }
    @Override public RecoveryReport recoveryReport() { return inner.recoveryReport(); }
    @Override public int writerEpoch() { return inner.writerEpoch(); }
    @Override public StoreHealth health() { return inner.health(); }
    @Override public long usableBytes() throws IOException { return inner.usableBytes(); }
    @Override public int openFiles() { return inner.openFiles(); }
    @Override public long estimatedHeapBytes() { return inner.estimatedHeapBytes(); }
    @Override public void closeAbruptly() { inner.closeAbruptly(); }
    @Override public void close() { inner.close(); }
}
