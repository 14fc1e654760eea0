package io.riffle.bench.common;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The figures a {@link ProducerTask} keeps, for producers that report nothing more: acknowledgements (whole run and
 * window, with their latency) and failures by kind. Failures may be counted from a client's callback thread, so
 * they are synchronized; acknowledgements come from one thread (the producer's, or its client's I/O thread).
 */
public abstract class ProducerFigures implements ProducerTask {
    protected final LoadPhase phase;
    private final Histogram ackMicros = Latencies.newHistogram();
    private long windowAcked;
    private long totalAcked;
    private long totalFailed;
    private final Map<String, Long> errors = new TreeMap<>();

    protected ProducerFigures(LoadPhase phase) {
        this.phase = phase;
    }

    /** One record acknowledged at {@code doneNanos}, handed to the client at {@code sentNanos}. */
    protected final void acked(long sentNanos, long doneNanos) {
        totalAcked++;
        phase.recordsAcked.increment();
        if (phase.isInWindow(doneNanos)) {
            windowAcked++;
            ackMicros.recordValue(Latencies.micros(sentNanos, doneNanos));
        }
    }

    /** {@code count} records refused, and why. */
    protected final synchronized void failed(long count, String why) {
        totalFailed += count;
        errors.merge(why, 1L, Long::sum);
    }

    @Override
    public long windowAcked() {
        return windowAcked;
    }

    @Override
    public long totalAcked() {
        return totalAcked;
    }

    @Override
    public synchronized long totalFailed() {
        return totalFailed;
    }

    @Override
    public Histogram ackMicros() {
        return ackMicros;
    }

    @Override
    public synchronized Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }
}
