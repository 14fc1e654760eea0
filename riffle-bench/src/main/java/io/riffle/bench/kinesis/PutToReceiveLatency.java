package io.riffle.bench.kinesis;

import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.common.SequenceOrder;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * What the receiving side of a latency run saw, whichever way the records came (pushed by
 * SubscribeToShard or polled with GetRecords): the put-to-receive latency of every record sent in
 * the measured window, from the {@code sentNanos} in its {@link LoadRecord} header (stamped when its
 * PutRecords was issued, same JVM) to the moment the records reached the application; every record
 * marked read in the {@link RecordLedger}; sequence numbers rising within each shard.
 *
 * <p>Thread-safe: subscriptions and pollers of different shards call {@link #accept} at once
 * (synchronized: a few thousand calls a second at most).
 */
public final class PutToReceiveLatency {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final RecordLedger ledger;
    private final Histogram micros = new Histogram(HIGHEST_MICROS, 3);
    private final Map<String, String> lastSequenceNumbers = new HashMap<>();
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;
    private long received;
    private long outOfOrder;
    private String outOfOrderExample;

    public PutToReceiveLatency(RecordLedger ledger) {
        this.ledger = ledger;
    }

    /** Records sent from now on are timed (until {@link #endWindow}). */
    public void startWindow(long nanos) {
        windowStartNanos = nanos;
    }

    public void endWindow(long nanos) {
        windowEndNanos = nanos;
    }

    boolean isInWindow(long sentNanos) {
        return sentNanos >= windowStartNanos && sentNanos < windowEndNanos;
    }

    /** Records of {@code shardId} that reached the application at {@code receivedNanos}. */
    public synchronized void accept(String shardId, List<Record> records, long receivedNanos) {
        for (Record record : records) {
            received++;
            String last = lastSequenceNumbers.put(shardId, record.sequenceNumber());
            if (last != null && !SequenceOrder.isAfter(record.sequenceNumber(), last)) {
                outOfOrder++;
                if (outOfOrderExample == null) {
                    outOfOrderExample = shardId + ": " + record.sequenceNumber() + " after " + last;
                }
            }
            ByteBuffer data = record.data().asByteBuffer();
            if (!LoadRecord.hasHeader(data)) {
                ledger.markRead(-1, -1);
                continue;
            }
            ledger.markRead(LoadRecord.producer(data), LoadRecord.serial(data));
            long sentNanos = LoadRecord.sentNanos(data);
            if (isInWindow(sentNanos)) {
                micros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (receivedNanos - sentNanos) / 1000)));
            }
        }
    }

    public synchronized long received() {
        return received;
    }

    /** The latencies of records sent in the window, microseconds; a copy. */
    public synchronized Histogram micros() {
        return micros.copy();
    }

    public synchronized long outOfOrder() {
        return outOfOrder;
    }

    public synchronized String outOfOrderExample() {
        return outOfOrderExample;
    }
}
