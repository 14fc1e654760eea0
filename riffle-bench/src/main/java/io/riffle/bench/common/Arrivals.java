package io.riffle.bench.common;

import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;

/**
 * What every reader does with a record it got, whatever system it read it from: marks it read in the ledger and, when
 * it was sent in the measured window, records its end-to-end latency from the {@link LoadRecord} header.
 */
public final class Arrivals {
    private Arrivals() {
    }

    /** Tallies one record received at {@code receivedNanos} (a record without our header counts as a stranger). */
    public static void arrived(ByteBuffer data, long receivedNanos, LoadPhase phase, RecordLedger ledger,
                               Histogram endToEndMicros) {
        if (!LoadRecord.hasHeader(data)) {
            ledger.markRead(-1, -1);
            return;
        }
        long sentNanos = LoadRecord.sentNanos(data);
        ledger.markRead(LoadRecord.producer(data), LoadRecord.serial(data));
        if (phase.isInWindow(sentNanos)) {
            endToEndMicros.recordValue(Latencies.micros(sentNanos, receivedNanos));
        }
    }
}
