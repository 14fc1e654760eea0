package io.riffle.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One shard's append-only log of records. Positions start at 0 and grow by one per record.
 *
 * <p>Appends are performed by the shard's owner thread and acknowledged by the store's commit
 * thread; the returned future completes on one of the store's acknowledgement threads. Reads
 * may come from any thread and only ever see acknowledged records.
 *
 * <p>This is the seam for other backends (a distributed log later): {@link #fence} and
 * {@link #close} exist so that an ownership change needs no caller to change.
 */
public interface ShardLog {

    /** The log's name inside its store. */
    String id();

    /**
     * Appends records in order. The future never completes exceptionally: failures are a
     * status in the result. Nothing of a failed append is ever visible to readers.
     */
    CompletableFuture<AppendResult> append(List<AppendRecord> records);

    /**
     * Reads acknowledged records from {@code position}: at most {@code maxRecords} and at most
     * {@code maxBytes} of record bytes (key plus data), but always at least one record when one
     * is available, however large.
     */
    ReadResult read(long position, int maxRecords, long maxBytes);

    /**
     * As {@link #read}, for a reader that {@linkplain ReadBuffers#release() releases} the result's buffers as soon
     * as it is done with its records and touches none of them afterwards (touching one after its release can crash
     * the JVM): a large read may then see the files through mappings, unmapped on release, instead of copies.
     */
    default ReadResult readThenRelease(long position, int maxRecords, long maxBytes) {
        return read(position, maxRecords, maxBytes);
    }

    /**
     * The position of the first retained record whose arrival timestamp is at or after
     * {@code timestampMs}; {@link #endPosition()} when there is none yet.
     */
    long seekByTime(long timestampMs);

    /**
     * Calls {@code listener} each time appended records have become readable, on the thread that made
     * them so (the store's commit thread), as their acknowledgements go out: a reader pushing records
     * learns of them when the writer does, not one thread hand-off after the acknowledgement. The
     * listener must be quick and must not block (schedule the work elsewhere). Listeners are told in
     * the order they were added, until their handle is closed.
     */
    AutoCloseable onPublished(Runnable listener);

    /** The first position still retained (the trim horizon). */
    long startPosition();

    /** One past the last acknowledged position. */
    long endPosition();

    /** Arrival timestamp of the last acknowledged record, or -1 when the log is empty. */
    long lastTimestampMs();

    /** Records older than this are hidden at once and their segments deleted soon after. */
    void setRetentionMs(long retentionMs);

    long retentionMs();

    /** Refuses every later append (status FENCED); appends in flight may still complete. */
    void fence(long epoch);

    /**
     * Fences the log and completes once every append accepted before the fence is acknowledged
     * and durable, with the log's final end position: the cut-over point of a reshard.
     */
    CompletableFuture<Long> fenceAndFlush(long epoch);

    /** Waits for appends in flight and releases the log's resources. */
    void close();
}
