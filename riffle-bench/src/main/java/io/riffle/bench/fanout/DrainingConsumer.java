package io.riffle.bench.fanout;

import io.riffle.bench.common.LoadRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The application side of one consumer in a fan-out run: counts the record data it gets, checks
 * every record against the pre-load ({@link DrainCheck}), and notes when it has as many records as
 * the shard holds.
 *
 * <p>Called by the SDK's threads, one event at a time; read by the main thread: synchronized.
 */
public final class DrainingConsumer implements FanOutSubscriber.Sink {
    private final long total;
    private final DrainCheck check;
    /** Completes when the consumer has received {@code total} records. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private long bytes;
    private boolean isDone;
    private long doneNanos;
    private boolean isStarted;
    private long firstNanos;
    private String firstThread = "none";

    DrainingConsumer(long[] preloadedPerProducer) {
        long sum = 0;
        for (long n : preloadedPerProducer) {
            sum += n;
        }
        this.total = sum;
        this.check = new DrainCheck(preloadedPerProducer);
    }

    @Override
    public synchronized void accept(String shardId, List<Record> records, long receivedNanos) {
        if (!isStarted) {
            isStarted = true;
            firstNanos = receivedNanos;
            firstThread = Thread.currentThread().getName();
        }
        for (Record r : records) {
            ByteBuffer data = r.data().asByteBuffer();
            bytes += data.remaining();
            if (LoadRecord.hasHeader(data)) {
                check.accept(r.sequenceNumber(), LoadRecord.producer(data), LoadRecord.serial(data));
            } else {
                check.accept(r.sequenceNumber(), -1, -1);
            }
        }
        if (!isDone && check.received() >= total) {
            isDone = true;
            doneNanos = receivedNanos;
            done.complete(null);
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long received() {
        return check.received();
    }

    /** True once a record arrived. */
    synchronized boolean isStarted() {
        return isStarted;
    }

    /** When the first record arrived (valid once {@link #isStarted()}). */
    synchronized long firstNanos() {
        return firstNanos;
    }

    /** The SDK thread that handed over the first records: which client event loop serves this consumer. */
    synchronized String firstThread() {
        return firstThread;
    }

    /** True once it has as many records as the shard holds. */
    synchronized boolean isDone() {
        return isDone;
    }

    /** When the last record arrived (valid once {@link #isDone()}). */
    synchronized long doneNanos() {
        return doneNanos;
    }

    synchronized String verdict() {
        return check.verdict();
    }
}
