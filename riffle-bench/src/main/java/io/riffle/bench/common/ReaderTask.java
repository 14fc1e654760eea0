package io.riffle.bench.common;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A reader thread's work and its figures, the same for every system a benchmark drives (GetRecords
 * through the AWS SDK, Kafka's consumer). The figures are read by the main thread once the thread
 * has ended.
 */
public interface ReaderTask extends Runnable {
    /** Records read in the whole run, duplicates included. */
    long totalRecords();

    /** Record data bytes read in the whole run. */
    long totalBytes();

    /** Per record sent in the measured window: microseconds from handing it to the producing client until it was read. */
    Histogram endToEndMicros();

    /** Records whose position was not after the one before it in its shard or partition. */
    long outOfOrder();

    /** Failures by kind, whole run. */
    Map<String, Long> errors();
}
