package io.riffle.bench.kinesis;

import io.riffle.bench.common.RandomKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A producer for {@link ScaleBench}: PutRecords of {@code batch} records with random partition
 * keys, one call at a time, to its streams in turn (producer {@code i} of {@code n} starts
 * {@code i/n} of the way through the list, so the producers cover different streams),
 * so the load spreads over every shard of every stream. Counts what was acknowledged and notes
 * which shards took a record (so a benchmark can wait until every shard has been written once);
 * the records are random bytes (no latency header: ScaleBench measures throughput and footprint).
 *
 * <p>Owned by its own thread, with its own client; the counters are shared with the main thread.
 */
public final class SpreadProducer implements Runnable {

    private final KinesisClient client;
    private final List<String> streams;
    private final int batch;
    private final int recordBytes;
    private final SplittableRandom random;
    private int next;
    private volatile boolean isRunning = true;

    final LongAdder recordsAcked;
    final LongAdder recordsFailed;
    final LongAdder failedCalls;
    /** "stream/shardId" of every shard that acknowledged a record, shared by the producers. */
    private final Set<String> shardsWritten;

    SpreadProducer(int index, int producers, KinesisClient client, List<String> streams, int batch, int recordBytes, long seed,
                   LongAdder recordsAcked, LongAdder recordsFailed, LongAdder failedCalls, Set<String> shardsWritten) {
        this.client = client;
        this.streams = List.copyOf(streams);
        this.batch = batch;
        this.recordBytes = recordBytes;
        this.random = new SplittableRandom(seed);
        this.next = (int) ((long) index * streams.size() / producers) % streams.size();
        this.recordsAcked = recordsAcked;
        this.recordsFailed = recordsFailed;
        this.failedCalls = failedCalls;
        this.shardsWritten = shardsWritten;
    }

    @Override
    public void run() {
        byte[] data = new byte[recordBytes];
        while (isRunning) {
            random.nextBytes(data);
            SdkBytes bytes = SdkBytes.fromByteArray(data);
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey(RandomKeys.next(random)).data(bytes).build());
            }
            String stream = streams.get(next);
            next = (next + 1) % streams.size();
            try {
                PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(entries));
                int failed = response.failedRecordCount() == null ? 0 : response.failedRecordCount();
                recordsAcked.add(batch - failed);
                recordsFailed.add(failed);
                for (PutRecordsResultEntry r : response.records()) {
                    if (r.shardId() != null) {
                        shardsWritten.add(stream + "/" + r.shardId());
                    }
                }
            } catch (SdkException e) {
                failedCalls.increment();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    void stop() {
        isRunning = false;
    }

}
