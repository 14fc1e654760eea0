package io.riffle.storage.engine;

import io.riffle.storage.AppendResult;
import io.riffle.storage.format.RecordBatch;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A request to the commit thread: either one shard's encoded batch to journal and then
 * acknowledge, or a barrier (flush or checkpoint) with no batch.
 */
final class JournalEntry {
    enum Kind { APPEND, FLUSH, CHECKPOINT }

    final Kind kind;
    /** An append's batch still counts in the journal queue's reservation; commit thread only (after submit). */
    boolean isReservationHeld;
    final LocalShardLog log;
    final int generation;
    final ByteBuffer batch;
    final Segment segment;
    final long segmentByteEnd;
    final long endPosition;
    final long firstTimestampMs;
    final long lastTimestampMs;
    final AppendResult okResult;
    final CompletableFuture<AppendResult> appendFuture;
    final CompletableFuture<Void> barrierFuture;
    /** Where {@link #batch} lies when it came from {@link StorageBuffers#BATCHES}; null once given back. */
    private ByteBuffer pooled;

    private JournalEntry(Kind kind, LocalShardLog log, int generation, ByteBuffer batch, Segment segment,
                         long segmentByteEnd, long endPosition, long firstTimestampMs, long lastTimestampMs,
                         AppendResult okResult, CompletableFuture<AppendResult> appendFuture,
                         CompletableFuture<Void> barrierFuture) {
        this.kind = kind;
        this.log = log;
        this.generation = generation;
        this.batch = batch;
        this.segment = segment;
        this.segmentByteEnd = segmentByteEnd;
        this.endPosition = endPosition;
        this.firstTimestampMs = firstTimestampMs;
        this.lastTimestampMs = lastTimestampMs;
        this.okResult = okResult;
        this.appendFuture = appendFuture;
        this.barrierFuture = barrierFuture;
    }

    /** @param pooled the buffer of {@link StorageBuffers#BATCHES} that {@code batch} is a view of, or null */
    static JournalEntry append(LocalShardLog log, int generation, ByteBuffer batch, ByteBuffer pooled,
                               Segment segment, long segmentByteEnd, long endPosition, long firstTimestampMs,
                               long lastTimestampMs, AppendResult okResult,
                               CompletableFuture<AppendResult> future) {
        JournalEntry entry = new JournalEntry(Kind.APPEND, log, generation, batch, segment, segmentByteEnd,
                endPosition, firstTimestampMs, lastTimestampMs, okResult, future, null);
        entry.pooled = pooled;
        return entry;
    }

    static JournalEntry barrier(Kind kind, CompletableFuture<Void> future) {
        return new JournalEntry(kind, null, 0, null, null, 0, 0, 0, 0, null, null, future);
    }

    /**
     * Hands the batch's buffer back to its pool, once: the commit thread calls it when it is done with the entry
     * (journaled or failed), after which nothing reads {@link #batch}'s bytes.
     */
    void giveBackBatch() {
        if (pooled != null) {
            StorageBuffers.BATCHES.give(pooled);
            pooled = null;
        }
    }

    /** The entry's size in a group: the whole batch, or its header alone when {@code headerOnly}. */
    int journalBytes(byte[] logId, boolean headerOnly) {
        return 2 + logId.length + (headerOnly ? RecordBatch.headerLength(batch, batch.position()) : batch.remaining());
    }
}
