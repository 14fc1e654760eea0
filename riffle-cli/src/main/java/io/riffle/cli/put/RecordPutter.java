package io.riffle.cli.put;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Batches records into PutRecords calls (at most 500 records and 5 MiB each, Kinesis' limits) and
 * sends again the entries a call reports as failed (throttled, internal failure) with an
 * exponential backoff, up to {@code maxAttempts} sends per record. Entries that still fail are
 * counted by error code. One call in flight, from the thread that adds records.
 */
public final class RecordPutter {

    public static final int MAX_RECORDS = 500;
    public static final long MAX_REQUEST_BYTES = 5L * 1024 * 1024;
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2_000;

    /** Called after each call with what has been sent so far (the progress line). */
    public interface Progress {
        void update(Stats stats);
    }

    /** Totals so far: records and data bytes acknowledged, entries sent again, records given up on. */
    public static final class Stats {
        public long records;
        public long bytes;
        public long retried;
        public long failed;
        public final Map<String, String> failuresByCode = new TreeMap<>();
    }

    private final KinesisAsyncClient kinesis;
    private final String stream;
    private final int maxAttempts;
    private final RatePacer pacer;
    private final Progress progress;
    private final Stats stats = new Stats();
    private final List<PutRecordsRequestEntry> batch = new ArrayList<>();
    private long batchBytes;

    public RecordPutter(KinesisAsyncClient kinesis, String stream, int maxAttempts, RatePacer pacer, Progress progress) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.pacer = pacer;
        this.progress = progress;
    }

    public Stats stats() {
        return stats;
    }

    /** Adds a record; sends a batch when it is full. */
    public void add(PutRecordsRequestEntry entry) throws InterruptedException {
        long size = entrySize(entry);
        if (!batch.isEmpty() && (batch.size() == MAX_RECORDS || batchBytes + size > MAX_REQUEST_BYTES)) {
            flush();
        }
        batch.add(entry);
        batchBytes += size;
        if (pacer.isPaced() && batch.size() >= pacer.batchRecords()) {
            flush(); // paced: a tenth of a second's worth of records per call
        }
    }

    /** Sends what is batched, retrying failed entries. */
    public void flush() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        long delayNanos = pacer.delayNanos(System.nanoTime(), batch.size());
        if (delayNanos > 0) {
            Thread.sleep(delayNanos / 1_000_000, (int) (delayNanos % 1_000_000));
        }
        List<PutRecordsRequestEntry> pending = new ArrayList<>(batch);
        batch.clear();
        batchBytes = 0;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<PutRecordsRequestEntry> sending = pending;
            PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(stream).records(sending)).join();
            pending = new ArrayList<>();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < sending.size(); i++) {
                PutRecordsResultEntry result = results.get(i);
                if (result.errorCode() == null) {
                    stats.records++;
                    stats.bytes += sending.get(i).data().asByteArrayUnsafe().length;
                } else if (attempt < maxAttempts) {
                    pending.add(sending.get(i));
                    stats.retried++;
                } else {
                    stats.failed++;
                    stats.failuresByCode.putIfAbsent(result.errorCode(), result.errorMessage());
                }
            }
            progress.update(stats);
            if (!pending.isEmpty()) {
                Thread.sleep(Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 10)));
            }
        }
    }

    private static long entrySize(PutRecordsRequestEntry entry) {
        return entry.data().asByteArrayUnsafe().length + entry.partitionKey().length();
    }
}
