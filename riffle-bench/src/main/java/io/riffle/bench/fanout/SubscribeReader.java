package io.riffle.bench.fanout;

import io.riffle.bench.common.Arrivals;
import io.riffle.bench.common.Latencies;
import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.ReaderTask;
import io.riffle.bench.common.RecordLedger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A latency reader of {@link KafkaComparison} through SubscribeToShard: one registered consumer,
 * one {@link FanOutSubscriber} per shard it owns from TRIM_HORIZON, each record timed the moment
 * the SDK hands it over (pushed, no polling). Runs until the phase stops consuming.
 *
 * <p>Threads: records arrive on the SDK's threads; the figures are guarded by {@code this} and read
 * by the main thread after {@link #run} returned.
 */
public final class SubscribeReader implements ReaderTask {
    private static final long CHECK_EVERY_MS = 50;

    private final KinesisAsyncClient client;
    private final String consumerArn;
    private final List<String> shardIds;
    private final ScheduledExecutorService retries;
    private final LoadPhase phase;
    private final RecordLedger ledger;
    private final Histogram putToReceiveMicros = Latencies.newHistogram();
    private final Map<String, String> lastSequenceNumbers = new HashMap<>();
    private final List<FanOutSubscriber> subscribers = new ArrayList<>();
    private long totalRecords;
    private long totalBytes;
    private long outOfOrder;

    public SubscribeReader(KinesisAsyncClient client, String consumerArn, List<String> shardIds,
                    ScheduledExecutorService retries, LoadPhase phase, RecordLedger ledger) {
        this.client = client;
        this.consumerArn = consumerArn;
        this.shardIds = List.copyOf(shardIds);
        this.retries = retries;
        this.phase = phase;
        this.ledger = ledger;
    }

    @Override
    public void run() {
        for (String shardId : shardIds) {
            FanOutSubscriber subscriber = new FanOutSubscriber(client, consumerArn, shardId,
                    FanOutSubscriber.from(ShardIteratorType.TRIM_HORIZON), this::accept, retries);
            subscribers.add(subscriber);
            subscriber.start();
        }
        try {
            while (phase.isConsuming()) {
                Thread.sleep(CHECK_EVERY_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscribers.forEach(FanOutSubscriber::stop);
        }
    }

    private synchronized void accept(String shardId, List<Record> records, long receivedNanos) {
        phase.recordsRead.add(records.size());
        for (Record record : records) {
            String last = lastSequenceNumbers.put(shardId, record.sequenceNumber());
            if (last != null && last.compareTo(record.sequenceNumber()) >= 0) {
                outOfOrder++; // fixed-width decimal strings: string order is numeric order
            }
            ByteBuffer data = record.data().asByteBuffer();
            totalRecords++;
            totalBytes += data.remaining();
            Arrivals.arrived(data, receivedNanos, phase, ledger, putToReceiveMicros);
        }
    }

    @Override
    public synchronized long totalRecords() {
        return totalRecords;
    }

    @Override
    public synchronized long totalBytes() {
        return totalBytes;
    }

    @Override
    public synchronized Histogram endToEndMicros() {
        return putToReceiveMicros;
    }

    @Override
    public synchronized long outOfOrder() {
        return outOfOrder;
    }

    @Override
    public Map<String, Long> errors() {
        Map<String, Long> all = new TreeMap<>();
        for (FanOutSubscriber s : subscribers) {
            s.errors().forEach(e -> all.merge("SubscribeToShard " + e, 1L, Long::sum));
        }
        return all;
    }
}
