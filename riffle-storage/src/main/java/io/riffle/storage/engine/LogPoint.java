package io.riffle.storage.engine;

/**
 * Where a shard's acknowledged data ends: in segment {@code segmentBase} at byte
 * {@code byteEnd}, with records up to {@code endPosition} (exclusive). Checkpoints record one
 * per shard; recovery starts verifying from there.
 */
record LogPoint(long segmentBase, long byteEnd, long endPosition, long lastTimestampMs) {
    static final LogPoint EMPTY = new LogPoint(0, 0, 0, -1);
}
