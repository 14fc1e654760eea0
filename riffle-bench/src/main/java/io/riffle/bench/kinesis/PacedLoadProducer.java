package io.riffle.bench.kinesis;

import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.ProducerTask;
import io.riffle.bench.common.RecordLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
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
public final class PacedLoadProducer implements ProducerTask {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);
    private static final int MAX_BATCH = 500;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int index;
    private final KinesisClient client;
    private final String streamName;
    private final int recordBytes;
    private final long intervalNanos;
    private final LoadPhase phase;
    private final RecordLedger ledger;
    private final SplittableRandom random;

    private final Histogram ackMicros = new Histogram(HIGHEST_MICROS, 3);
    private long windowAcked;
    private long totalAcked;
    private long totalFailed;
    private final Map<String, Long> errors = new TreeMap<>();

    public PacedLoadProducer(int index, KinesisClient client, String streamName, int recordBytes, long intervalNanos,
                      LoadPhase phase, RecordLedger ledger, long seed) {
        this.index = index;
        this.client = client;
        this.streamName = streamName;
        this.recordBytes = recordBytes;
        this.intervalNanos = intervalNanos;
        this.phase = phase;
        this.ledger = ledger;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        byte[][] slots = new byte[MAX_BATCH][recordBytes];
        for (byte[] slot : slots) {
            random.nextBytes(slot);
        }
        char[] key = new char[LoadProducer.PARTITION_KEY_CHARS];
        long[] dueNanos = new long[MAX_BATCH];
        long serial = 0;
        // producers take turns: producer i starts i/n of an interval late
        long nextDue = System.nanoTime() + intervalNanos * index / Math.max(1, phase.producers());
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
                entries.add(PutRecordsRequestEntry.builder().partitionKey(randomKey(key))
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
                totalFailed += n;
                errors.merge("PutRecords " + KinesisLoad.describe(e), 1L, Long::sum);
                continue;
            }
            long doneNanos = System.nanoTime();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < n; i++) {
                PutRecordsResultEntry r = i < results.size() ? results.get(i) : null;
                if (r == null || r.errorCode() != null) {
                    totalFailed++;
                    errors.merge("failed entry " + (r == null ? "missing from the answer" : r.errorCode()), 1L, Long::sum);
                    continue;
                }
                ledger.markAcked(index, firstSerial + i);
                totalAcked++;
                phase.recordsAcked.increment();
                if (phase.isInWindow(doneNanos)) {
                    windowAcked++;
                    ackMicros.recordValue(Math.min(HIGHEST_MICROS, (doneNanos - dueNanos[i]) / 1000));
                }
            }
            phase.putCalls.increment();
        }
    }

    private String randomKey(char[] key) {
        long bits = random.nextLong();
        for (int i = 0; i < key.length; i++) {
            key[i] = HEX[(int) (bits >>> (60 - 4 * i)) & 0xF];
        }
        return new String(key);
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
        return errors;
    }
}
