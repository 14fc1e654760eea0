package io.riffle.bench.kinesis;

import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.RatePacer;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.common.SdkErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The producer of a latency run: an open loop at a fixed rate ({@link RatePacer}). Every tick it
 * sends one PutRecords of the records due (random partition keys, so they spread over the shards),
 * through the asynchronous client, without waiting for earlier calls to be answered: up to
 * {@link #MAX_OUTSTANDING_CALLS} calls may be in flight; beyond that the records stay due and go
 * out with the next tick (counted in {@link #deferredTicks}, which a sound run leaves at 0). Each
 * record carries the {@link LoadRecord} header, {@code sentNanos} stamped just before the call.
 *
 * <p>{@link #run} is owned by its own thread; answers are handled on the SDK's threads, so the
 * figures are atomics, and the histogram is synchronized.
 */
public final class PacedPutter implements Runnable {
    public static final int MAX_OUTSTANDING_CALLS = 256;
    private static final int MAX_BATCH = 500;
    private static final int PRODUCER = 0;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final KinesisAsyncClient client;
    private final String streamName;
    private final int recordBytes;
    private final long recordsPerSecond;
    private final long intervalNanos;
    private final RecordLedger ledger;
    private final PutToReceiveLatency window;
    private final SplittableRandom random;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean isStopped;

    public final AtomicLong calls = new AtomicLong();
    public final AtomicLong acked = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** Records acknowledged that were sent in the measured window. */
    public final AtomicLong ackedInWindow = new AtomicLong();
    public final AtomicLong deferredTicks = new AtomicLong();
    /** Failed entries and calls, by error code or exception. */
    private final TreeMap<String, Long> errors = new TreeMap<>();
    private final Histogram putMicros = new Histogram(HIGHEST_MICROS, 3);

    public PacedPutter(KinesisAsyncClient client, String streamName, int recordBytes, long recordsPerSecond,
                long intervalNanos, RecordLedger ledger, PutToReceiveLatency window, long seed) {
        this.client = client;
        this.streamName = streamName;
        this.recordBytes = recordBytes;
        this.recordsPerSecond = recordsPerSecond;
        this.intervalNanos = intervalNanos;
        this.ledger = ledger;
        this.window = window;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        RatePacer pacer = new RatePacer(recordsPerSecond, intervalNanos, System.nanoTime());
        long serial = 0;
        while (!isStopped) {
            long now = System.nanoTime();
            long tick = pacer.tickAfter(now);
            while (now < tick && !isStopped) {
                LockSupport.parkNanos(tick - now);
                now = System.nanoTime();
            }
            long due = pacer.dueAt(now);
            for (int size : RatePacer.batches(due, MAX_BATCH)) {
                if (isStopped) {
                    break;
                }
                if (outstanding.get() >= MAX_OUTSTANDING_CALLS) {
                    deferredTicks.incrementAndGet();
                    break;
                }
                send(size, serial);
                serial += size;
                pacer.release(size);
            }
        }
    }

    /** Stops sending; calls in flight still complete. */
    public void stop() {
        isStopped = true;
    }

    public int outstanding() {
        return outstanding.get();
    }

    public synchronized Histogram putMicros() {
        return putMicros.copy();
    }

    public synchronized TreeMap<String, Long> errors() {
        return new TreeMap<>(errors);
    }

    private void send(int size, long firstSerial) {
        byte[][] data = new byte[size][recordBytes];
        for (byte[] d : data) {
            random.nextBytes(d);
        }
        long sentNanos = System.nanoTime();
        List<PutRecordsRequestEntry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            LoadRecord.writeHeader(data[i], sentNanos, PRODUCER, firstSerial + i);
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(Long.toHexString(random.nextLong()))
                    .data(SdkBytes.fromByteArrayUnsafe(data[i]))
                    .build());
        }
        PutRecordsRequest request = PutRecordsRequest.builder().streamName(streamName).records(entries).build();
        outstanding.incrementAndGet();
        client.putRecords(request).whenComplete((response, error) -> {
            long doneNanos = System.nanoTime();
            try {
                if (error != null) {
                    failed.addAndGet(size);
                    countError(SdkErrors.describe(error), size);
                } else {
                    tally(response, firstSerial, size, sentNanos, doneNanos);
                }
            } finally {
                outstanding.decrementAndGet();
            }
        });
    }

    private void tally(PutRecordsResponse response, long firstSerial, int size, long sentNanos, long doneNanos) {
        calls.incrementAndGet();
        List<PutRecordsResultEntry> results = response.records();
        int ok = 0;
        for (int i = 0; i < Math.min(size, results.size()); i++) {
            PutRecordsResultEntry r = results.get(i);
            if (r.errorCode() == null) {
                ledger.markAcked(PRODUCER, firstSerial + i);
                ok++;
            } else {
                countError(r.errorCode() + ": " + r.errorMessage(), 1);
            }
        }
        acked.addAndGet(ok);
        failed.addAndGet(size - ok);
        if (results.size() != size) {
            countError("PutRecords of " + size + " entries answered " + results.size(), 1);
        }
        if (window.isInWindow(sentNanos)) {
            ackedInWindow.addAndGet(ok);
            synchronized (this) {
                putMicros.recordValue(Math.min(HIGHEST_MICROS, (doneNanos - sentNanos) / 1000));
            }
        }
    }

    private synchronized void countError(String what, long n) {
        errors.merge(what, n, Long::sum);
    }
}
