package io.riffle.bench.kinesis;

import io.riffle.bench.common.Arrivals;
import io.riffle.bench.common.Latencies;
import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.ReaderTask;
import io.riffle.bench.common.RecordLedger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * One consumer: polls GetRecords on its shards round-robin, one call at a time, from the
 * iterators it was given (LATEST, taken before the producers started) until the phase says stop.
 * A round in which no shard returned a record ends with {@link Thread#yield()} (or a sleep of
 * {@code pollSleepMs}); a round that got records goes straight on. Per record it takes the
 * put-to-get latency (its receive time minus the send time in the {@link LoadRecord} header),
 * marks it read in the ledger and checks that sequence numbers rise within each shard.
 *
 * <p>Owned by its own thread, with its own client. Its figures are read by the main thread after
 * {@link Thread#join}.
 */
public final class LoadConsumer implements ReaderTask {
    private final KinesisClient client;
    private final List<String> shardIds;
    private final String[] iterators;
    private final String[] lastSequenceNumbers;
    private final int limit;
    private final long pollSleepMs;
    private final LoadPhase phase;
    private final RecordLedger ledger;

    /** Put-to-get latency of records sent in the window (whenever they were read), microseconds. */
    final Histogram putToGetMicros = Latencies.newHistogram();
    /** Calls answered in the window, those that returned no record, and records received in the window. */
    long windowCalls;
    long windowEmptyCalls;
    long windowRecords;
    long windowBytes;
    /** The whole run. */
    long totalCalls;
    long totalRecords;
    long totalBytes;
    /** Calls that threw, by exception and message (whole run). */
    final TreeMap<String, Long> callErrors = new TreeMap<>();
    /** Records whose sequence number was not above the previous one of its shard, with an example. */
    long outOfOrder;
    String outOfOrderExample;
    /** Shards whose NextShardIterator came back null (closed): read no more. */
    long closedShards;
    /** The largest MillisBehindLatest seen in the window. */
    long maxMillisBehind;

    public LoadConsumer(KinesisClient client, List<String> shardIds, List<String> iterators, int limit,
                        long pollSleepMs, LoadPhase phase, RecordLedger ledger) {
        this.client = client;
        this.shardIds = List.copyOf(shardIds);
        this.iterators = iterators.toArray(String[]::new);
        this.lastSequenceNumbers = new String[iterators.size()];
        this.limit = limit;
        this.pollSleepMs = pollSleepMs;
        this.phase = phase;
        this.ledger = ledger;
    }

    @Override
    public void run() {
        while (phase.isConsuming()) {
            boolean isAnyRead = false;
            for (int s = 0; s < iterators.length && phase.isConsuming(); s++) {
                if (iterators[s] != null) {
                    isAnyRead |= poll(s);
                }
            }
            if (!isAnyRead) {
                idle();
            }
        }
    }

    /** One GetRecords on shard {@code s}; true when it returned records. */
    private boolean poll(int s) {
        GetRecordsResponse response;
        String iterator = iterators[s];
        try {
            response = client.getRecords(b -> b.shardIterator(iterator).limit(limit));
        } catch (SdkException e) {
            callErrors.merge(shardIds.get(s) + ": " + KinesisLoad.describe(e), 1L, Long::sum);
            pause(100);
            return false;
        }
        long receivedNanos = System.nanoTime();
        boolean isInWindow = phase.isInWindow(receivedNanos);
        List<Record> records = response.records();
        totalCalls++;
        totalRecords += records.size();
        phase.getCalls.increment();
        phase.recordsRead.add(records.size());
        if (isInWindow) {
            windowCalls++;
            windowRecords += records.size();
            if (records.isEmpty()) {
                windowEmptyCalls++;
            }
            Long behind = response.millisBehindLatest();
            if (behind != null) {
                maxMillisBehind = Math.max(maxMillisBehind, behind);
            }
        }
        for (Record record : records) {
            checkOrder(s, record.sequenceNumber());
            ByteBuffer data = record.data().asByteBuffer();
            totalBytes += data.remaining();
            if (isInWindow) {
                windowBytes += data.remaining();
            }
            Arrivals.arrived(data, receivedNanos, phase, ledger, putToGetMicros);
        }
        iterators[s] = response.nextShardIterator();
        if (iterators[s] == null) {
            closedShards++;
        }
        return !records.isEmpty();
    }

    @Override
    public long totalRecords() {
        return totalRecords;
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public Histogram endToEndMicros() {
        return putToGetMicros;
    }

    @Override
    public long outOfOrder() {
        return outOfOrder;
    }

    @Override
    public Map<String, Long> errors() {
        Map<String, Long> all = new TreeMap<>();
        callErrors.forEach((k, v) -> all.merge("GetRecords " + k, v, Long::sum));
        if (closedShards > 0) {
            all.put("GetRecords answers without NextShardIterator (shard closed?)", closedShards);
        }
        return all;
    }

    /** Sequence numbers are fixed-width decimal strings, so a longer one is larger and equal lengths compare as text. */
    private void checkOrder(int s, String sequenceNumber) {
        String last = lastSequenceNumbers[s];
        if (last != null && (sequenceNumber.length() < last.length()
                || sequenceNumber.length() == last.length() && sequenceNumber.compareTo(last) <= 0)) {
            outOfOrder++;
            if (outOfOrderExample == null) {
                outOfOrderExample = shardIds.get(s) + ": " + sequenceNumber + " after " + last;
            }
        }
        lastSequenceNumbers[s] = sequenceNumber;
    }

    private void idle() {
        if (pollSleepMs > 0) {
            pause(pollSleepMs);
        } else {
            Thread.yield();
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
