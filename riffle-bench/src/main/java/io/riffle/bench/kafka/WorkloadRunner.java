package io.riffle.bench.kafka;

import io.riffle.bench.common.Latencies;
import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.ProcStats;
import io.riffle.bench.common.ProducerTask;
import io.riffle.bench.common.ReaderTask;
import io.riffle.bench.common.RecordLedger;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs {@link KafkaComparison}'s workloads against one {@link SystemDriver}: starts its tasks on
 * threads, times the measured window, reads the CPU time of the server and of this JVM at the
 * window's edges, stops the tasks and adds up their figures. The workloads are the same for every
 * system; only the tasks differ.
 *
 * <p>Used by the main thread.
 */
public final class WorkloadRunner {
    private static final long JOIN_TIMEOUT_MS = 60_000;

    private final SystemDriver driver;
    private final PrintStream progress;

    WorkloadRunner(SystemDriver driver, PrintStream progress) {
        this.driver = driver;
        this.progress = progress;
    }

    /**
     * Producers only, as fast as the server acknowledges: a warm-up, then the measured window. The
     * ledger keeps what was acknowledged for {@link #readBack}.
     */
    WorkloadResult ingest(String workload, String stream, int recordBytes, int producers, double warmupSeconds,
                          double seconds, long seed, RecordLedger ledger) throws Exception {
        LoadPhase phase = new LoadPhase(producers);
        List<ProducerTask> tasks = driver.producers(stream, recordBytes, producers, 0, phase, ledger, seed);
        List<Thread> threads = startAll(workload + "-producer-", tasks);
        watch(workload + " warm-up", phase, warmupSeconds, recordBytes);
        String loadAverage = MachineInfo.loadAverageNow();
        Window window = Window.open(driver.serverPid(), phase);
        watch(workload, phase, seconds, recordBytes);
        window.close(phase);
        phase.stopProducing();
        List<String> problems = new ArrayList<>();
        joinAll(threads, problems);
        driver.closeClients();

        long acked = 0;
        Histogram ack = Latencies.newHistogram();
        Map<String, Long> errors = new TreeMap<>();
        for (ProducerTask t : tasks) {
            acked += t.windowAcked();
            ack.add(t.ackMicros());
            t.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        errors.forEach((k, v) -> problems.add(v + " x " + k));
        return new WorkloadResult(workload, acked, acked * recordBytes, window.seconds(), ack, window.serverCpuNanos(),
                window.clientCpuNanos(), loadAverage, problems);
    }

    /**
     * Readers from the start of {@code stream} until they have read every record the ledger holds as
     * acknowledged (or {@code timeoutSeconds} passed); the window is the whole read, from creating
     * the readers on. Then checks that every acknowledged record was read exactly once.
     *
     * <p>The measured read is the stream's second: a first whole read, its records counted apart and
     * not checked, lets the server compile its read path before the window, as a server that has been
     * running has (compiling took a fifth of Riffle's CPU in a first read back of 5 s). The ingest
     * windows start after a warm-up for the same reason.
     */
    WorkloadResult readBack(String workload, String stream, int readers, double timeoutSeconds, RecordLedger ledger)
            throws Exception {
        long expected = ledger.compare(0).acked();
        List<String> problems = new ArrayList<>();
        Drain warmUp = drain(workload + " warm-up", stream, readers, expected, timeoutSeconds,
                new RecordLedger(ledger.producers()), problems);
        warmUp.errors().forEach((k, v) -> problems.add(v + " x " + k + " (warm-up read)"));
        Drain measured = drain(workload, stream, readers, expected, timeoutSeconds, ledger, problems);
        measured.errors().forEach((k, v) -> problems.add(v + " x " + k));
        if (measured.outOfOrder() > 0) {
            problems.add(measured.outOfOrder() + " records out of order within their shard");
        }
        checkLedger(ledger, problems);
        Window window = measured.window();
        return new WorkloadResult(workload, measured.records(), measured.bytes(), window.seconds(), null,
                window.serverCpuNanos(), window.clientCpuNanos(), measured.loadAverage(), problems);
    }

    /** One whole read of {@code stream}: readers until they have read {@code expected} records or time is up. */
    private Drain drain(String workload, String stream, int readers, long expected, double timeoutSeconds,
                        RecordLedger ledger, List<String> problems) throws Exception {
        LoadPhase phase = new LoadPhase(0);
        String loadAverage = MachineInfo.loadAverageNow();
        Window window = Window.open(driver.serverPid(), phase);
        List<ReaderTask> tasks = driver.readers(stream, readers, false, phase, ledger);
        List<Thread> threads = startAll(workload + "-reader-", tasks);
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (phase.recordsRead.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(2);
            if (System.nanoTime() > nextProgress) {
                progress.printf(Locale.ROOT, "[%s %s] read %,d of %,d records%n", driver.name(), workload,
                        phase.recordsRead.sum(), expected);
                nextProgress += TimeUnit.SECONDS.toNanos(1);
            }
        }
        window.close(phase);
        phase.stopConsuming();
        joinAll(threads, problems);
        driver.closeClients();

        long records = 0;
        long bytes = 0;
        long outOfOrder = 0;
        Map<String, Long> errors = new TreeMap<>();
        for (ReaderTask t : tasks) {
            records += t.totalRecords();
            bytes += t.totalBytes();
            outOfOrder += t.outOfOrder();
            t.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        return new Drain(window, loadAverage, records, bytes, outOfOrder, errors);
    }

    private record Drain(Window window, String loadAverage, long records, long bytes, long outOfOrder,
                         Map<String, Long> errors) {
    }

    /**
     * Readers and producers together, the producers offering {@code ratePerSecond} records in all,
     * each record on its own: end-to-end latency from handing a record to the producing client to
     * reading it. After the window the readers get up to 30 s to read the rest.
     */
    WorkloadResult latency(String workload, String stream, int recordBytes, int producers, int readers,
                           double ratePerSecond, double warmupSeconds, double seconds, long seed) throws Exception {
        LoadPhase phase = new LoadPhase(producers);
        RecordLedger ledger = new RecordLedger(producers);
        List<ReaderTask> readerTasks = driver.readers(stream, readers, true, phase, ledger);
        List<Thread> readerThreads = startAll(workload + "-reader-", readerTasks);
        long intervalNanos = Math.max(1, (long) (producers * 1e9 / ratePerSecond));
        List<ProducerTask> producerTasks = driver.producers(stream, recordBytes, producers, intervalNanos, phase, ledger,
                seed);
        List<Thread> producerThreads = startAll(workload + "-producer-", producerTasks);
        watch(workload + " warm-up", phase, warmupSeconds, recordBytes);
        String loadAverage = MachineInfo.loadAverageNow();
        Window window = Window.open(driver.serverPid(), phase);
        watch(workload, phase, seconds, recordBytes);
        window.close(phase);
        phase.stopProducing();
        List<String> problems = new ArrayList<>();
        joinAll(producerThreads, problems);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (phase.recordsRead.sum() < phase.recordsAcked.sum() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        phase.stopConsuming();
        joinAll(readerThreads, problems);
        driver.closeClients();

        long acked = 0;
        Histogram ack = Latencies.newHistogram();
        Histogram endToEnd = Latencies.newHistogram();
        Map<String, Long> errors = new TreeMap<>();
        for (ProducerTask t : producerTasks) {
            acked += t.windowAcked();
            ack.add(t.ackMicros());
            t.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        long outOfOrder = 0;
        for (ReaderTask t : readerTasks) {
            endToEnd.add(t.endToEndMicros());
            outOfOrder += t.outOfOrder();
            t.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        // how much of end-to-end is the write's round trip: a reader cannot do better than the acknowledgement
        progress.printf(Locale.ROOT, "[%s %s] acknowledged p50 %.2f / p99 %.2f / p99.9 %.2f ms; read p50 %.2f / p99 %.2f"
                        + " / p99.9 %.2f ms%n", driver.name(), workload, Latencies.ms(ack, 50), Latencies.ms(ack, 99),
                Latencies.ms(ack, 99.9), Latencies.ms(endToEnd, 50), Latencies.ms(endToEnd, 99),
                Latencies.ms(endToEnd, 99.9));
        errors.forEach((k, v) -> problems.add(v + " x " + k));
        if (outOfOrder > 0) {
            problems.add(outOfOrder + " records out of order within their shard");
        }
        checkLedger(ledger, problems);
        // every record acknowledged in the window went in and came out again
        return new WorkloadResult(workload, acked, 2 * acked * recordBytes, window.seconds(), endToEnd,
                window.serverCpuNanos(), window.clientCpuNanos(), loadAverage, problems);
    }

    private static void checkLedger(RecordLedger ledger, List<String> problems) {
        RecordLedger.Comparison c = ledger.compare(3);
        if (!c.isClean()) {
            problems.add(String.format(Locale.ROOT, "records acknowledged %,d, read %,d: not read %,d %s, read but not "
                            + "acknowledged %,d, read twice %,d, not ours %,d", c.acked(), c.read(), c.lost(), c.lostExamples(),
                    c.unacked(), c.readTwice(), c.unknown()));
        }
    }

    /** Sleeps for {@code seconds}, printing the rates once a second. */
    private void watch(String label, LoadPhase phase, double seconds, int recordBytes) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long last = start;
        long lastAcked = phase.recordsAcked.sum();
        long lastRead = phase.recordsRead.sum();
        long lastServerCpu = ProcStats.cpuNanos(driver.serverPid());
        long lastSelfCpu = ProcStats.selfCpuNanos();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(end - now, TimeUnit.SECONDS.toNanos(1)));
            now = System.nanoTime();
            double dt = (now - last) / 1e9;
            long acked = phase.recordsAcked.sum();
            long read = phase.recordsRead.sum();
            long serverCpu = ProcStats.cpuNanos(driver.serverPid());
            long selfCpu = ProcStats.selfCpuNanos();
            progress.printf(Locale.ROOT, "[%s %s %4.1f s] acknowledged %,9.0f records/s %6.1f MB/s | read %,9.0f records/s"
                            + " | CPU server %3.0f%% load generator %3.0f%%%n", driver.name(), label, (now - start) / 1e9,
                    (acked - lastAcked) / dt, (acked - lastAcked) * (double) recordBytes / 1e6 / dt, (read - lastRead) / dt,
                    (serverCpu - lastServerCpu) / 1e9 / dt * 100, (selfCpu - lastSelfCpu) / 1e9 / dt * 100);
            last = now;
            lastAcked = acked;
            lastRead = read;
            lastServerCpu = serverCpu;
            lastSelfCpu = selfCpu;
        }
    }

    private static List<Thread> startAll(String prefix, List<? extends Runnable> tasks) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Thread t = new Thread(tasks.get(i), prefix + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private static void joinAll(List<Thread> threads, List<String> problems) throws InterruptedException {
        for (Thread t : threads) {
            t.join(JOIN_TIMEOUT_MS);
            if (t.isAlive()) {
                problems.add(t.getName() + " did not stop within " + JOIN_TIMEOUT_MS / 1000 + " s");
            }
        }
    }

    /** The measured window: its time and the CPU the server and this JVM used in it. */
    private static final class Window {
        private final long serverPid;
        private final long startNanos;
        private final long serverCpuStart;
        private final long selfCpuStart;
        private long endNanos;
        private long serverCpuEnd;
        private long selfCpuEnd;

        private Window(long serverPid) {
            this.serverPid = serverPid;
            this.serverCpuStart = ProcStats.cpuNanos(serverPid);
            this.selfCpuStart = ProcStats.selfCpuNanos();
            this.startNanos = System.nanoTime();
        }

        static Window open(long serverPid, LoadPhase phase) {
            Window w = new Window(serverPid);
            phase.startWindow(w.startNanos);
            return w;
        }

        void close(LoadPhase phase) {
            endNanos = System.nanoTime();
            phase.endWindow(endNanos);
            serverCpuEnd = ProcStats.cpuNanos(serverPid);
            selfCpuEnd = ProcStats.selfCpuNanos();
        }

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        long serverCpuNanos() {
            return serverCpuStart < 0 || serverCpuEnd < 0 ? -1 : serverCpuEnd - serverCpuStart;
        }

        long clientCpuNanos() {
            return selfCpuStart < 0 || selfCpuEnd < 0 ? -1 : selfCpuEnd - selfCpuStart;
        }
    }
}
