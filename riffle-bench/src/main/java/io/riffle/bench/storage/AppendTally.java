package io.riffle.bench.storage;

import io.riffle.storage.AppendResult;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts completed appends of one cell. {@link #complete} runs on whichever thread completes an
 * append future (the store's commit thread, or the producer when the log refused at once), so
 * everything here is safe to update from several threads; snapshots are taken by the bench thread.
 */
public final class AppendTally {
    private final LongAdder records = new LongAdder();
    private final Map<AppendResult.Status, LongAdder> failures = new EnumMap<>(AppendResult.Status.class);
    private final LongAdder exceptional = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Recorder latencyNanos = new Recorder(3);

    AppendTally() {
        for (AppendResult.Status s : AppendResult.Status.values()) {
            if (s != AppendResult.Status.OK) {
                failures.put(s, new LongAdder());
            }
        }
    }

    /** Records one completed append of {@code count} records, {@code latency} nanoseconds after it was made. */
    void complete(AppendResult result, Throwable thrown, int count, long latency) {
        latencyNanos.recordValue(Math.max(0, latency));
        if (thrown != null) {
            exceptional.increment();
            firstFailure.compareAndSet(null, "append future completed exceptionally: " + thrown);
        } else if (result.isOk()) {
            if (result.count() != count) {
                firstFailure.compareAndSet(null, "OK result counts " + result.count() + " records, appended " + count);
            }
            records.add(count);
        } else {
            failures.get(result.status()).increment();
            firstFailure.compareAndSet(null, result.status() + ": " + result.detail());
        }
    }

    /** An append call that threw instead of returning a future. */
    void thrown(RuntimeException e) {
        exceptional.increment();
        firstFailure.compareAndSet(null, "append threw: " + e);
    }

    /** Records of OK appends so far. (A cell's appends all carry the same records, so this is all it needs.) */
    long okRecords() {
        return records.sum();
    }

    /** Forgets latencies recorded so far (the warm-up's). */
    void resetLatency() {
        latencyNanos.reset();
    }

    /** Latencies recorded since the last reset or interval. */
    Histogram takeLatency() {
        return latencyNanos.getIntervalHistogram();
    }

    /** Failed appends so far: "IO_ERROR x3, ..." plus the first failure's detail; empty when none. */
    String failureSummary() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<AppendResult.Status, LongAdder> e : failures.entrySet()) {
            long n = e.getValue().sum();
            if (n > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(" x").append(n);
            }
        }
        long ex = exceptional.sum();
        if (ex > 0) {
            sb.append(sb.isEmpty() ? "" : ", ").append("exceptions x").append(ex);
        }
        String first = firstFailure.get();
        if (first != null) {
            sb.append(sb.isEmpty() ? "" : "; ").append("first: ").append(first);
        }
        return sb.toString();
    }
}
