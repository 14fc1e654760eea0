package io.riffle.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where a {@link KinesisLoad} run is, shared by every thread of it: the measured window (in
 * {@link System#nanoTime()}), whether producers and consumers should go on, and running totals
 * for the once-a-second progress line.
 *
 * <p>The main thread moves the phase forward (warm-up, measuring, draining, done); producer and
 * consumer threads only read it and add to the totals.
 */
final class LoadPhase {
    private final int producers;
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;
    private volatile boolean isProducing = true;
    private volatile boolean isConsuming = true;

    /** Records PutRecords acknowledged so far (whole run). */
    final LongAdder recordsAcked = new LongAdder();
    /** PutRecords calls answered so far (whole run). */
    final LongAdder putCalls = new LongAdder();
    /** Records GetRecords returned so far (whole run, duplicates included). */
    final LongAdder recordsRead = new LongAdder();
    /** GetRecords calls answered so far (whole run). */
    final LongAdder getCalls = new LongAdder();

    LoadPhase(int producers) {
        this.producers = producers;
    }

    int producers() {
        return producers;
    }

    /** True when {@code nanos} falls in the measured window (start inclusive, end exclusive). */
    boolean isInWindow(long nanos) {
        return nanos >= windowStartNanos && nanos < windowEndNanos;
    }

    void startWindow(long nanos) {
        windowStartNanos = nanos;
    }

    void endWindow(long nanos) {
        windowEndNanos = nanos;
    }

    long windowNanos() {
        return windowEndNanos - windowStartNanos;
    }

    boolean isProducing() {
        return isProducing;
    }

    void stopProducing() {
        isProducing = false;
    }

    boolean isConsuming() {
        return isConsuming;
    }

    void stopConsuming() {
        isConsuming = false;
    }
}
