package io.riffle.bench.common;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A producer thread's work and its figures, the same for every system a benchmark drives (Riffle
 * through the AWS SDK, Kafka through its own producer). The figures are read by the main thread
 * once the thread has ended.
 */
public interface ProducerTask extends Runnable {
    /** Records acknowledged in the measured window (acknowledgement time in the window). */
    long windowAcked();

    /** Records acknowledged in the whole run. */
    long totalAcked();

    /** Records refused in the whole run (failed entries, failed sends). */
    long totalFailed();

    /**
     * Per record acknowledged in the window: microseconds from handing it to the client until the
     * client reported it acknowledged.
     */
    Histogram ackMicros();

    /** Failures by kind, whole run. */
    Map<String, Long> errors();
}
