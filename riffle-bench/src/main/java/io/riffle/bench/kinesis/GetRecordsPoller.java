package io.riffle.bench.kinesis;

import io.riffle.bench.common.SdkErrors;
import io.riffle.bench.fanout.FanOutSubscriber;
import java.util.List;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The polling counterpart of {@link FanOutSubscriber} for one shard: GetRecords in a loop, the next
 * call at once after an answer with records, after {@code pollSleepMs} after an empty one (a
 * consumer that polls harder only burns CPU, and Kinesis allows 5 calls per second and shard).
 * Records go to the same {@link FanOutSubscriber.Sink} when the answer arrives.
 *
 * <p>Owned by its own thread; the counters are read by the main thread after {@link Thread#join}.
 */
public final class GetRecordsPoller implements Runnable {
    private static final int LIMIT = 10_000;

    private final KinesisClient client;
    private final String shardId;
    private final long pollSleepMs;
    private final FanOutSubscriber.Sink sink;
    private String iterator;
    private volatile boolean isStopped;

    /** Written by the poller thread only; read by the main thread at the window's edges. */
    public volatile long calls;
    public volatile long emptyCalls;
    public final TreeMap<String, Long> errors = new TreeMap<>();

    public GetRecordsPoller(KinesisClient client, String shardId, String iterator, long pollSleepMs,
                     FanOutSubscriber.Sink sink) {
        this.client = client;
        this.shardId = shardId;
        this.iterator = iterator;
        this.pollSleepMs = pollSleepMs;
        this.sink = sink;
    }

    public void stop() {
        isStopped = true;
    }

    @Override
    public void run() {
        while (!isStopped && iterator != null) {
            GetRecordsResponse response;
            String current = iterator;
            try {
                response = client.getRecords(b -> b.shardIterator(current).limit(LIMIT));
            } catch (SdkException e) {
                errors.merge(shardId + ": " + SdkErrors.describe(e), 1L, Long::sum);
                sleep(100);
                continue;
            }
            long receivedNanos = System.nanoTime();
            calls++;
            List<Record> records = response.records();
            if (!records.isEmpty()) {
                sink.accept(shardId, records, receivedNanos);
            }
            iterator = response.nextShardIterator();
            if (records.isEmpty()) {
                emptyCalls++;
                sleep(pollSleepMs);
            }
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            Thread.yield();
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
