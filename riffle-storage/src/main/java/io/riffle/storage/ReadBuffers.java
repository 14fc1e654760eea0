package io.riffle.storage;

/**
 * The buffers a {@link ReadResult}'s record views point into. A reader that has finished with every view (its
 * answer written) hands them back with {@link #release()} so the next read reuses them instead of allocating and
 * zeroing fresh ones; a reader that never calls it leaves them to the garbage collector, which is always safe.
 */
@FunctionalInterface
public interface ReadBuffers {
    ReadBuffers NONE = () -> { };

    /** Returns the buffers for reuse; no view of the result may be touched afterwards. At most once. */
    void release();
}
