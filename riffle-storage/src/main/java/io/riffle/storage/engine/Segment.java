package io.riffle.storage.engine;

import java.nio.file.Path;

/**
 * One segment file of a shard: batches with positions from {@code basePosition} on, named
 * {@code <basePosition, 20 digits>.seg}, with its sparse index beside it in {@code .idx} once
 * sealed.
 *
 * <p>Threads: {@code writtenBytes} belongs to the shard's owner thread (bytes written, possibly
 * not yet acknowledged); {@code committedBytes}, {@code endPosition} and the timestamps are
 * published by the commit thread once the journal acknowledged them, and bound every read.
 */
final class Segment {
    static final String SUFFIX = ".seg";
    static final String INDEX_SUFFIX = ".idx";

    final long basePosition;
    final Path file;
    final Path indexFile;
    /** Loaded lazily for sealed segments; see {@link LocalShardLog#indexOf}. */
    volatile SegmentIndex index;
    /** When the segment got its first record, by the store clock; for age-based roll. */
    volatile long openedAtMs;

    /** Owner thread only. */
    long writtenBytes;
    long writtenEndPosition;

    volatile long committedBytes;
    volatile long committedEndPosition;
    volatile long firstTimestampMs = -1;
    volatile long lastTimestampMs = -1;
    volatile boolean sealed;

    Segment(Path dir, long basePosition, SegmentIndex index) {
        this.basePosition = basePosition;
        this.file = dir.resolve(fileName(basePosition, SUFFIX));
        this.indexFile = dir.resolve(fileName(basePosition, INDEX_SUFFIX));
        this.index = index;
        this.writtenEndPosition = basePosition;
        this.committedEndPosition = basePosition;
    }

    static String fileName(long basePosition, String suffix) {
        return String.format("%020d%s", basePosition, suffix);
    }

    /** The base position encoded in a segment file name, or -1 when the name is not one. */
    static long parseBase(String name) {
        if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Committed bytes of a segment sealed before this process started: the whole file. */
    static final long WHOLE_FILE = Long.MAX_VALUE;

    /** Marks bytes up to {@code bytes} (records up to {@code endPosition}) acknowledged. */
    void commit(long bytes, long endPosition, long firstTsMs, long lastTsMs) {
        if (firstTimestampMs < 0) {
            firstTimestampMs = firstTsMs;
        }
        lastTimestampMs = lastTsMs;
        committedBytes = bytes;
        committedEndPosition = endPosition;
    }

    boolean isEmpty() {
        return committedEndPosition == basePosition;
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
