package io.riffle.storage;

import io.riffle.storage.io.FileIO;
import io.riffle.storage.io.RealFileIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Settings of a {@link LogStore}, checked once by {@link #validate()} with messages that say what
 * to change. Every time-based rule takes its clock from {@link #clockMs} so tests need not sleep.
 */
public final class StoreConfig {
    private Path directory = Path.of("riffle-data");
    private FileIO fileIO = new RealFileIO();
    private Durability durability = Durability.FSYNC;
    private long fsyncIntervalMs = 100;
    private long segmentMaxBytes = 64L * 1024 * 1024;
    private long segmentMaxAgeMs = 60L * 60 * 1000;
    private long journalFileMaxBytes = 256L * 1024 * 1024;
    private long checkpointIntervalMs = 10_000;
    private long checkpointJournalBytes = 512L * 1024 * 1024;
    private long maintenanceIntervalMs = 1_000;
    private long defaultRetentionMs = 24L * 60 * 60 * 1000;
    private int ownerThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int maxOpenFiles = 1024;
    private int indexIntervalBytes = 4096;
    private int maxGroupBytes = 8 * 1024 * 1024;
    private long ownerQueueMaxBytes = 32L * 1024 * 1024;
    private long journalQueueMaxBytes = 64L * 1024 * 1024;
    private Set<String> unboundedLogIds = Set.of();
    private LongSupplier clockMs = System::currentTimeMillis;
    private boolean mappedReads = true;

    public static StoreConfig at(Path directory) {
        return new StoreConfig().directory(directory);
    }

    /** Returns a list of problems; empty when the settings are consistent. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (durability == Durability.INTERVAL && fsyncIntervalMs <= 0) {
            problems.add("durability 'interval' needs fsync-interval-ms > 0 (got " + fsyncIntervalMs + ")");
        }
        if (segmentMaxBytes < 4096) {
            problems.add("segment-max-bytes must be at least 4096 (got " + segmentMaxBytes + ")");
        }
        if (segmentMaxAgeMs <= 0) {
            problems.add("segment-max-age-ms must be positive (got " + segmentMaxAgeMs + ")");
        }
        if (journalFileMaxBytes < 4096) {
            problems.add("journal-file-max-bytes must be at least 4096 (got " + journalFileMaxBytes + ")");
        }
        if (checkpointIntervalMs <= 0 || maintenanceIntervalMs <= 0) {
            problems.add("checkpoint-interval-ms and maintenance-interval-ms must be positive");
        }
        if (defaultRetentionMs <= 0) {
            problems.add("retention must be positive (got " + defaultRetentionMs + " ms)");
        }
        if (ownerThreads < 1 || ownerThreads > 1024) {
            problems.add("owner-threads must be 1..1024 (got " + ownerThreads + ")");
        }
        if (maxOpenFiles < 16) {
            problems.add("max-open-files must be at least 16 (got " + maxOpenFiles + ")");
        }
        if (ownerQueueMaxBytes < 1 || journalQueueMaxBytes < 1) {
            problems.add("owner-queue-max-bytes and journal-queue-max-bytes must be positive (got "
                    + ownerQueueMaxBytes + " and " + journalQueueMaxBytes + ")");
        }
        if (indexIntervalBytes < 1) {
            problems.add("index-interval-bytes must be positive");
        }
        return problems;
    }

    /** Throws with every problem listed when the settings are inconsistent. */
    public StoreConfig validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid storage settings: " + String.join("; ", problems));
        }
        return this;
    }

    public StoreConfig directory(Path v) { directory = Objects.requireNonNull(v); return this; }
    public StoreConfig fileIO(FileIO v) { fileIO = Objects.requireNonNull(v); return this; }
    public StoreConfig durability(Durability v) { durability = Objects.requireNonNull(v); return this; }
    public StoreConfig fsyncIntervalMs(long v) { fsyncIntervalMs = v; return this; }
    public StoreConfig segmentMaxBytes(long v) { segmentMaxBytes = v; return this; }
    public StoreConfig segmentMaxAgeMs(long v) { segmentMaxAgeMs = v; return this; }
    public StoreConfig journalFileMaxBytes(long v) { journalFileMaxBytes = v; return this; }
    public StoreConfig checkpointIntervalMs(long v) { checkpointIntervalMs = v; return this; }
    public StoreConfig checkpointJournalBytes(long v) { checkpointJournalBytes = v; return this; }
    public StoreConfig maintenanceIntervalMs(long v) { maintenanceIntervalMs = v; return this; }
    public StoreConfig defaultRetentionMs(long v) { defaultRetentionMs = v; return this; }
    public StoreConfig ownerThreads(int v) { ownerThreads = v; return this; }
    public StoreConfig maxOpenFiles(int v) { maxOpenFiles = v; return this; }
    public StoreConfig indexIntervalBytes(int v) { indexIntervalBytes = v; return this; }
    public StoreConfig maxGroupBytes(int v) { maxGroupBytes = v; return this; }
    public StoreConfig clockMs(LongSupplier v) { clockMs = Objects.requireNonNull(v); return this; }
    /**
     * Whether large reads whose reader releases them ({@link ShardLog#readThenRelease}) map the segment files
     * where the JVM can unmap at once ({@link io.riffle.storage.io.FileMappings}); false: they copy with pread.
     */
    public StoreConfig mappedReads(boolean v) { mappedReads = v; return this; }
    /**
     * Bytes of appends an owner thread may have queued; an append beyond it is answered
     * {@link AppendResult.Status#BUSY} (unless the queue is empty: one batch always fits).
     */
    public StoreConfig ownerQueueMaxBytes(long v) { ownerQueueMaxBytes = v; return this; }
    /**
     * Bytes of batches written to segments but not yet journaled; an append beyond it is answered
     * {@link AppendResult.Status#BUSY} before anything of it is written.
     */
    public StoreConfig journalQueueMaxBytes(long v) { journalQueueMaxBytes = v; return this; }
    /**
     * Logs whose appends are never answered BUSY (a server's metadata log: it must not be refused),
     * each with its generations {@code <id>.<n>} (riffle-metadata's snapshots move a log there).
     */
    public StoreConfig unboundedLogIds(Set<String> v) { unboundedLogIds = Set.copyOf(v); return this; }

    public Path directory() { return directory; }
    public FileIO fileIO() { return fileIO; }
    public Durability durability() { return durability; }
    public long fsyncIntervalMs() { return fsyncIntervalMs; }
    public long segmentMaxBytes() { return segmentMaxBytes; }
    public long segmentMaxAgeMs() { return segmentMaxAgeMs; }
    public long journalFileMaxBytes() { return journalFileMaxBytes; }
    public long checkpointIntervalMs() { return checkpointIntervalMs; }
    public long checkpointJournalBytes() { return checkpointJournalBytes; }
    public long maintenanceIntervalMs() { return maintenanceIntervalMs; }
    public long defaultRetentionMs() { return defaultRetentionMs; }
    public int ownerThreads() { return ownerThreads; }
    public int maxOpenFiles() { return maxOpenFiles; }
    public int indexIntervalBytes() { return indexIntervalBytes; }
    public int maxGroupBytes() { return maxGroupBytes; }
    public LongSupplier clockMs() { return clockMs; }
    public boolean mappedReads() { return mappedReads; }
    public long ownerQueueMaxBytes() { return ownerQueueMaxBytes; }
    public long journalQueueMaxBytes() { return journalQueueMaxBytes; }
    public Set<String> unboundedLogIds() { return unboundedLogIds; }

    /** Whether appends to {@code logId} are exempt from BUSY: a listed id, or a generation {@code <id>.<n>} of one. */
    public boolean isUnbounded(String logId) {
        if (unboundedLogIds.contains(logId)) {
            return true;
        }
        int dot = logId.lastIndexOf('.');
        if (dot <= 0 || dot == logId.length() - 1) {
            return false;
        }
        for (int i = dot + 1; i < logId.length(); i++) {
            if (!Character.isDigit(logId.charAt(i))) {
                return false;
            }
        }
        return unboundedLogIds.contains(logId.substring(0, dot));
    }
}
