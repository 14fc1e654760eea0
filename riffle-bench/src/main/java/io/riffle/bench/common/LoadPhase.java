package io.riffle.bench.common;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where a {@link KinesisLoad} run is, shared by every thread of it: the measured window (in
 * {@link System#nanoTime()}), whether producers and consumers should go on, and running totals
 * for the once-a-second progress line.
 *
 * <p>The main thread moves the phase forward (warm-up, measuring, draining, done); producer and
 * consumer threads only read it and add to the totals.
 */
public final class LoadPhase {
    private final int producers;
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;
    private volatile boolean isProducing = true;
    private volatile boolean isConsuming = true;

    /** Records PutRecords acknowledged so far (whole run). */
    public final LongAdder recordsAcked = new LongAdder();
    /** PutRecords calls answered so far (whole run). */
    public final LongAdder putCalls = new LongAdder();
    /** Records GetRecords returned so far (whole run, duplicates included). */
    public final LongAdder recordsRead = new LongAdder();
    /** GetRecords calls answered so far (whole run). */
    public final LongAdder getCalls = new LongAdder();

    public LoadPhase(int producers) {
        this.producers = producers;
    }

    public int producers() {
        return producers;
    }

    /** True when {@code nanos} falls in the measured window (start inclusive, end exclusive). */
    public boolean isInWindow(long nanos) {
        return nanos >= windowStartNanos && nanos < windowEndNanos;
    }

    public void startWindow(long nanos) {
        windowStartNanos = nanos;
    }

    public void endWindow(long nanos) {
        windowEndNanos = nanos;
    }

    public long windowNanos() {
        return windowEndNanos - windowStartNanos;
    }

    public boolean isProducing() {
        return isProducing;
    }

    public void stopProducing() {
        isProducing = false;
    }

    public boolean isConsuming() {
        return isConsuming;
    }

    public void stopConsuming() {
        isConsuming = false;
    }
}
