package io.riffle.storage.engine;

import io.riffle.storage.DirectBufferPool;

/** The direct buffer pools of the embedded engine, shared by every store in the process. */
final class StorageBuffers {
    /**
     * Read chunks: at most 64 MiB idle, most of what eight readers of 10 MiB answers hold at once, so they mostly
     * take back what they gave. A chunk is at most {@link SegmentReads#MAX_CHUNK_BYTES}, or a whole large batch.
     */
    static final DirectBufferPool READS = new DirectBufferPool(64L * 1024 * 1024, 4 * 1024 * 1024);
    /**
     * Encoded append batches, from their owner thread's encoding until the commit thread has journaled them: a
     * batch is in use for about one group commit, so a few per owner thread are all that wait here. The largest
     * pooled is room for the batch of a large PutRecords (5 MiB in all, 1 MiB a record).
     */
    static final DirectBufferPool BATCHES = new DirectBufferPool(16L * 1024 * 1024, 4 * 1024 * 1024);

    private StorageBuffers() {
    }
}
