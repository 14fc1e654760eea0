package io.riffle.bench.kinesis;

import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.Latencies;
import io.riffle.bench.common.ProducerTask;
import io.riffle.bench.common.RandomKeys;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.common.SendTurns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * One producer: sends PutRecords of {@code batch} records, one call at a time, until the phase
 * says stop. Each record gets a random partition key and the {@link LoadRecord} header, stamped
 * just before the call; the filler is random and fixed per slot of the batch.
 *
 * <p>Owned by its own thread, with its own client. Its figures are read by the main thread after
 * {@link Thread#join}.
 */
public final class LoadProducer implements ProducerTask {

    private final int index;
    private final KinesisClient client;
    private final String streamName;
    private final int batch;
    private final int recordBytes;
    private final LoadPhase phase;
    private final RecordLedger ledger;
    private final SplittableRandom random;
    /** Time between this producer's calls when the rate is capped; 0: send as fast as answers come. */
    private final long intervalNanos;

    /** PutRecords latency of calls answered in the window, microseconds. */
    final Histogram putMicros = Latencies.newHistogram();
    /** The same latency once per record acknowledged by those calls. */
    private final Histogram ackMicros = Latencies.newHistogram();
    /** Calls answered in the window, and their records acknowledged and failed. */
    long windowCalls;
    long windowAcked;
    long windowFailed;
    /** The whole run. */
    long totalCalls;
    long totalAcked;
    long totalFailed;
    /** Failed entries by ErrorCode (whole run). */
    final TreeMap<String, Long> failedByCode = new TreeMap<>();
    /** Calls that threw, by exception and message (whole run). */
    final TreeMap<String, Long> callErrors = new TreeMap<>();
    /** Answers that do not add up (FailedRecordCount or entry count wrong), with an example. */
    long inconsistentAnswers;
    String inconsistencyExample;

    public LoadProducer(int index, KinesisClient client, String streamName, int batch, int recordBytes, LoadPhase phase,
                 RecordLedger ledger, long seed, long intervalNanos) {
        this.index = index;
        this.client = client;
        this.streamName = streamName;
        this.batch = batch;
        this.recordBytes = recordBytes;
        this.phase = phase;
        this.ledger = ledger;
        this.random = new SplittableRandom(seed);
        this.intervalNanos = intervalNanos;
    }

    @Override
    public void run() {
        // The SDK marshals the request inside putRecords(), so the slots can be rewritten for the next call.
        byte[][] slots = new byte[batch][recordBytes];
        for (byte[] slot : slots) {
            random.nextBytes(slot);
        }
        long serial = 0;
        // with a capped rate, producers take turns: producer i starts i/n of an interval late
        long nextSendNanos = SendTurns.firstTurn(intervalNanos, index, phase);
        while (phase.isProducing()) {
            if (intervalNanos > 0) {
                nextSendNanos = SendTurns.waitForTurn(nextSendNanos, intervalNanos, phase);
            }
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch);
            for (byte[] slot : slots) {
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(RandomKeys.next(random))
                        .data(SdkBytes.fromByteArrayUnsafe(slot))
                        .build());
            }
            PutRecordsRequest request = PutRecordsRequest.builder().streamName(streamName).records(entries).build();
            long firstSerial = serial;
            serial += batch;
            long sentNanos = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                LoadRecord.writeHeader(slots[i], sentNanos, index, firstSerial + i);
            }
            PutRecordsResponse response;
            try {
                response = client.putRecords(request);
            } catch (SdkException e) {
                callErrors.merge(KinesisLoad.describe(e), 1L, Long::sum);
                pause();
                continue;
            }
            long doneNanos = System.nanoTime();
            int failed = tally(response, firstSerial);
            int acked = batch - failed;
            totalCalls++;
            totalAcked += acked;
            totalFailed += failed;
            phase.putCalls.increment();
            phase.recordsAcked.add(acked);
            if (phase.isInWindow(doneNanos)) {
                windowCalls++;
                windowAcked += acked;
                windowFailed += failed;
                long micros = Latencies.micros(sentNanos, doneNanos);
                putMicros.recordValue(micros);
                if (acked > 0) {
                    ackMicros.recordValueWithCount(micros, acked);
                }
            }
        }
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
    public long totalFailed() {
        return totalFailed;
    }

    @Override
    public Histogram ackMicros() {
        return ackMicros;
    }

    @Override
    public Map<String, Long> errors() {
        Map<String, Long> all = new TreeMap<>();
        failedByCode.forEach((k, v) -> all.merge("failed entry " + k, v, Long::sum));
        callErrors.forEach((k, v) -> all.merge("PutRecords " + k, v, Long::sum));
        return all;
    }

    /** Marks the acknowledged entries in the ledger; returns the failed ones. */
    private int tally(PutRecordsResponse response, long firstSerial) {
        List<PutRecordsResultEntry> results = response.records();
        int failed = 0;
        int n = Math.min(results.size(), batch);
        for (int i = 0; i < n; i++) {
            PutRecordsResultEntry r = results.get(i);
            if (r.errorCode() == null) {
                ledger.markAcked(index, firstSerial + i);
            } else {
                failed++;
                failedByCode.merge(r.errorCode() + ": " + r.errorMessage(), 1L, Long::sum);
            }
        }
        failed += batch - n;
        Integer reported = response.failedRecordCount();
        if (results.size() != batch || reported == null || reported != failed) {
            inconsistentAnswers++;
            if (inconsistencyExample == null) {
                inconsistencyExample = "PutRecords of " + batch + " entries answered " + results.size()
                        + " entries with FailedRecordCount " + reported + " (" + failed + " entries failed)";
            }
        }
        return failed;
    }

    /** After a failed call: do not spin against a server that is down. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
