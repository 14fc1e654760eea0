package io.riffle.bench.kinesis;

import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.ProducerFigures;
import io.riffle.bench.common.RandomKeys;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.common.SendTurns;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A producer at a fixed rate, for the end-to-end latency workload: record {@code i} is due at
 * {@code start + i * intervalNanos}; each PutRecords carries the records that are due when it is
 * sent (one, unless the previous call took longer than an interval), so the offered rate holds
 * however slow a call is, as an asynchronous client's would. A record's {@link LoadRecord} time is
 * when it was due, not when its call went out: waiting for the previous call counts as latency.
 *
 * <p>Owned by its own thread, with its own client; the main thread reads the figures after
 * {@link Thread#join}.
 */
public final class PacedLoadProducer extends ProducerFigures {
    private static final int MAX_BATCH = 500;

    private final int index;
    private final KinesisClient client;
    private final String streamName;
    private final int recordBytes;
    private final long intervalNanos;
    private final RecordLedger ledger;
    private final SplittableRandom random;

    public PacedLoadProducer(int index, KinesisClient client, String streamName, int recordBytes, long intervalNanos,
                      LoadPhase phase, RecordLedger ledger, long seed) {
        super(phase);
        this.index = index;
        this.client = client;
        this.streamName = streamName;
        this.recordBytes = recordBytes;
        this.intervalNanos = intervalNanos;
        this.ledger = ledger;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        byte[][] slots = new byte[MAX_BATCH][recordBytes];
        for (byte[] slot : slots) {
            random.nextBytes(slot);
        }
        long[] dueNanos = new long[MAX_BATCH];
        long serial = 0;
        long nextDue = SendTurns.firstTurn(intervalNanos, index, phase);
        while (phase.isProducing()) {
            long now = System.nanoTime();
            if (now < nextDue) {
                LockSupport.parkNanos(nextDue - now);
                continue;
            }
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            int n = 0;
            while (nextDue <= now && n < MAX_BATCH) {
                LoadRecord.writeHeader(slots[n], nextDue, index, serial + n);
                dueNanos[n] = nextDue;
                entries.add(PutRecordsRequestEntry.builder().partitionKey(RandomKeys.next(random))
                        .data(SdkBytes.fromByteArray(slots[n])).build());
                nextDue += intervalNanos;
                n++;
            }
            long firstSerial = serial;
            serial += n;
            PutRecordsResponse response;
            try {
                response = client.putRecords(b -> b.streamName(streamName).records(entries));
            } catch (SdkException e) {
                failed(n, "PutRecords " + KinesisLoad.describe(e));
                continue;
            }
            long doneNanos = System.nanoTime();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < n; i++) {
                PutRecordsResultEntry r = i < results.size() ? results.get(i) : null;
                if (r == null || r.errorCode() != null) {
                    failed(1, "failed entry " + (r == null ? "missing from the answer" : r.errorCode()));
                    continue;
                }
                ledger.markAcked(index, firstSerial + i);
                acked(dueNanos[i], doneNanos);
            }
            phase.putCalls.increment();
        }
    }
}
