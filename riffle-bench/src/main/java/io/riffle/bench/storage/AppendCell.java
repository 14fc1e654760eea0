package io.riffle.bench.storage;

import io.riffle.bench.common.Dirs;
import io.riffle.bench.common.ProcessIo;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.Durability;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One cell of the matrix: a fresh {@link LogStore} in a fresh directory, {@code shards} logs,
 * {@code writers} producer threads appending for a warm-up and then a measured time, then one
 * thread reading everything back while it is still in the page cache. The store is closed and
 * its directory deleted afterwards.
 *
 * <p>Producers keep up to {@code inFlight} appends outstanding each, so the commit thread has
 * appends to group into one fdatasync. Each producer appends round-robin to its share of the
 * logs (log i belongs to producer i mod writers); with fewer logs than producers, producers share.
 */
public final class AppendCell {
    /** How long a producer waits for its outstanding appends before calling it a hang. */
    static final long DRAIN_TIMEOUT_MS = 60_000;
    static final int READ_MAX_RECORDS = 10_000;
    static final long READ_MAX_BYTES = 4L * 1024 * 1024;
    static final int KEY_BYTES = 16;

    record Spec(Durability durability, int recordBytes, int shards, int batch) {
        String label() {
            return String.format(Locale.ROOT, "%s %dB x%d shards batch %d", durability.configName(), recordBytes,
                    shards, batch);
        }
    }

    /** A read pass: records and payload bytes read, and how long it took. */
    record ReadFigures(long records, long payloadBytes, double seconds) {
        double payloadMBps() {
            return seconds > 0 ? payloadBytes / seconds / 1e6 : 0;
        }

        double recordsPerSecond() {
            return seconds > 0 ? records / seconds : 0;
        }
    }

    /**
     * A cell's figures; rates count OK appends only, MB are 10^6 bytes of payload (record data,
     * not keys or framing). {@code diskBytesPerPayloadByte} is what the process wrote to files
     * (journal, segments, indexes, checkpoints) per payload byte acknowledged, over the whole cell;
     * -1 when unknown. {@code problems} lists anything the engine did wrong.
     */
    record Result(Spec spec, int writers, int inFlight, double seconds, long records,
                  double p50Ms, double p99Ms, double diskBytesPerPayloadByte, ReadFigures read,
                  List<String> problems) {
        double appendsPerSecond() {
            return recordsPerSecond() / spec.batch();
        }

        double recordsPerSecond() {
            return seconds > 0 ? records / seconds : 0;
        }

        double payloadMBps() {
            return recordsPerSecond() * spec.recordBytes() / 1e6;
        }
    }

    private final Spec spec;
    private final Path dir;
    private final int writers;
    private final int inFlight;
    private final double warmupSeconds;
    private final double seconds;
    private final List<String> problems = new ArrayList<>();

    AppendCell(Spec spec, Path dir, int writers, int inFlight, double warmupSeconds, double seconds) {
        this.spec = spec;
        this.dir = dir;
        this.writers = writers;
        this.inFlight = inFlight;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
    }

    /** Runs the cell; the directory must not exist yet and is deleted afterwards. */
    Result run() throws IOException, InterruptedException {
        LogStore store = LogStore.open(StoreConfig.at(dir).durability(spec.durability()));
        Measured m;
        ReadFigures read;
        double amplification;
        try {
            List<ShardLog> logs = new ArrayList<>(spec.shards());
            for (int i = 0; i < spec.shards(); i++) {
                logs.add(store.create(String.format(Locale.ROOT, "shard-%05d", i)));
            }
            AppendTally tally = new AppendTally();
            long writtenBefore = ProcessIo.writeBytes();
            m = append(logs, tally);
            long written = ProcessIo.writeBytes() - writtenBefore;
            long payload = tally.okRecords() * spec.recordBytes();
            amplification = writtenBefore < 0 || payload == 0 ? -1 : (double) written / payload;
            checkEnds(logs, tally);
            readAll(logs, true); // warms the read path up and checks every record; not timed
            read = readAll(logs, false);
        } finally {
            try {
                store.close();
            } catch (RuntimeException e) {
                problems.add("LogStore.close threw: " + e);
            }
            Dirs.deleteRecursively(dir);
        }
        return new Result(spec, writers, inFlight, m.seconds, m.records, m.latency.getValueAtPercentile(50) / 1e6,
                m.latency.getValueAtPercentile(99) / 1e6, amplification, read,
                List.copyOf(problems));
    }

    private record Measured(long records, double seconds, Histogram latency) {
    }

    private Measured append(List<ShardLog> logs, AppendTally tally) throws InterruptedException {
        byte[] payload = new byte[spec.recordBytes()];
        new SplittableRandom(7).nextBytes(payload);
        List<Producer> producers = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<ShardLog> mine = new ArrayList<>();
            if (logs.size() >= writers) {
                for (int i = w; i < logs.size(); i += writers) {
                    mine.add(logs.get(i));
                }
            } else {
                mine.add(logs.get(w % logs.size()));
            }
            producers.add(new Producer("bench-writer-" + w, mine, payload, spec.batch(), inFlight, tally));
        }
        producers.forEach(Thread::start);
        sleepSeconds(warmupSeconds);
        long before = tally.okRecords();
        tally.resetLatency();
        long started = System.nanoTime();
        sleepSeconds(seconds);
        long after = tally.okRecords();
        Histogram latency = tally.takeLatency();
        long ended = System.nanoTime();
        for (Producer p : producers) {
            p.halt();
        }
        for (Producer p : producers) {
            p.join();
            if (!p.awaitDrained(DRAIN_TIMEOUT_MS)) {
                problems.add(p.getName() + ": appends still outstanding " + DRAIN_TIMEOUT_MS / 1000
                        + " s after the producer stopped (hang?)");
            }
        }
        String failures = tally.failureSummary();
        if (!failures.isEmpty()) {
            problems.add("appends not OK: " + failures);
        }
        return new Measured(after - before, (ended - started) / 1e9, latency);
    }

    /** Every acknowledged record must be counted in exactly one log's end position. */
    private void checkEnds(List<ShardLog> logs, AppendTally tally) {
        long ends = 0;
        for (ShardLog log : logs) {
            ends += log.endPosition() - log.startPosition();
        }
        long acknowledged = tally.okRecords();
        if (ends != acknowledged) {
            problems.add("logs hold " + ends + " records by their positions, but " + acknowledged
                    + " were acknowledged OK");
        }
    }

    /**
     * Reads every log from start to end, one after the other, on this thread. With {@code check},
     * also checks each record's position and size and notes every problem; the timed pass only
     * counts (and stops at what the checked pass already reported).
     */
    private ReadFigures readAll(List<ShardLog> logs, boolean check) {
        long records = 0;
        long bytes = 0;
        long started = System.nanoTime();
        for (ShardLog log : logs) {
            long pos = log.startPosition();
            long end = log.endPosition();
            reading:
            while (pos < end) {
                ReadResult r = log.read(pos, READ_MAX_RECORDS, READ_MAX_BYTES);
                if (r.status() != ReadResult.Status.OK || r.records().isEmpty()) {
                    if (check) {
                        problems.add("read of " + log.id() + " at " + pos + " (end " + end + ") returned "
                                + r.status() + " with " + r.records().size() + " records: " + r.detail());
                    }
                    break;
                }
                for (StoredRecord rec : r.records()) {
                    if (check && (rec.position() != pos || rec.data().remaining() != spec.recordBytes())) {
                        problems.add("read of " + log.id() + ": expected position " + pos + " with "
                                + spec.recordBytes() + " bytes, got position " + rec.position() + " with "
                                + rec.data().remaining());
                        break reading;
                    }
                    bytes += rec.data().remaining();
                    records++;
                    pos++;
                }
                if (r.nextPosition() != pos) {
                    if (check) {
                        problems.add("read of " + log.id() + ": nextPosition " + r.nextPosition() + " after " + pos);
                    }
                    pos = r.nextPosition();
                }
            }
        }
        return new ReadFigures(records, bytes, (System.nanoTime() - started) / 1e9);
    }

    private static void sleepSeconds(double s) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep((long) (s * 1e9));
    }

    /** One producer thread: appends batches round-robin to its logs, at most {@code inFlight} outstanding. */
    private static final class Producer extends Thread {
        private final List<ShardLog> logs;
        private final byte[][] keys;
        private final byte[] payload;
        private final int batch;
        private final int inFlight;
        private final Semaphore permits;
        private final AppendTally tally;
        private volatile boolean halted;

        Producer(String name, List<ShardLog> logs, byte[] payload, int batch, int inFlight, AppendTally tally) {
            super(name);
            setDaemon(true);
            this.logs = logs;
            this.payload = payload;
            this.batch = batch;
            this.inFlight = inFlight;
            this.permits = new Semaphore(inFlight);
            this.tally = tally;
            this.keys = new byte[logs.size()][];
            for (int i = 0; i < keys.length; i++) {
                String key = String.format(Locale.ROOT, "pk-%-13s", logs.get(i).id());
                keys[i] = key.substring(0, KEY_BYTES).getBytes(StandardCharsets.US_ASCII);
            }
        }

        @Override
        public void run() {
            int next = 0;
            try {
                while (!halted) {
                    if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    int i = next;
                    next = next + 1 == logs.size() ? 0 : next + 1;
                    long now = System.currentTimeMillis();
                    List<AppendRecord> records = new ArrayList<>(batch);
                    for (int r = 0; r < batch; r++) {
                        records.add(AppendRecord.of(keys[i], payload, now));
                    }
                    long sent = System.nanoTime();
                    CompletableFuture<AppendResult> f;
                    try {
                        f = logs.get(i).append(records);
                    } catch (RuntimeException e) {
                        tally.thrown(e);
                        permits.release();
                        return; // the log refuses by throwing: stop rather than spin
                    }
                    f.whenComplete((result, thrown) -> {
                        tally.complete(result, thrown, batch, System.nanoTime() - sent);
                        permits.release();
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void halt() {
            halted = true;
        }

        /** Waits until none of this producer's appends is outstanding. */
        boolean awaitDrained(long timeoutMs) throws InterruptedException {
            if (!permits.tryAcquire(inFlight, timeoutMs, TimeUnit.MILLISECONDS)) {
                return false;
            }
            permits.release(inFlight);
            return true;
        }
    }
}
