package io.riffle.bench.kinesis;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.KinesisStreams;
import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.ProcStats;
import io.riffle.bench.common.RecordLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The end-to-end load generator: drives a Riffle server through the Kinesis Data Streams API with
 * the AWS SDK for Java v2, as applications do. It starts a server as a child process (or uses
 * {@code --endpoint}), creates a stream, takes a LATEST iterator of every shard, then runs
 * producer threads (PutRecords) and consumer threads (GetRecords loops) together: a warm-up,
 * the measured window, and a drain in which consumers read what is left. Progress goes to stderr
 * once a second; at the end stdout gets markdown for docs/benchmarks.md: throughput, PutRecords
 * latency, put-to-get latency, the CPU the server and the load generator used in the window
 * (they share the machine), the server's peak memory, and checks that every acknowledged record
 * was read exactly once and in order within its shard.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.KinesisLoad --help
 * </pre>
 */
public final class KinesisLoad {
    /** The target of the Kinesis API issue (default durability, 4 producers, 8 shards, 1 KiB records). */
    static final double TARGET_MBPS = 50;
    static final double TARGET_PUT_TO_GET_P99_MS = 50;
    private static final long ACTIVE_TIMEOUT_MS = 60_000;

    private final LoadOptions options;
    private final PrintStream out;
    private final PrintStream progress;

    private KinesisLoad(LoadOptions options, PrintStream out, PrintStream progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = CommandLine.parseOrExit("kinesis-load", LoadOptions.USAGE,
                () -> LoadOptions.parse(args));
        if (options == null) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        if (options.isJson()) {
            // read by the SDK when a client is built
            System.setProperty("aws.cborEnabled", "false");
        }
        int status = new KinesisLoad(options, System.out, System.err).run(String.join(" ", args));
        System.exit(status);
    }

    /**
     * Runs the load and prints the report; the exit status: 0, 1 when the run could not be done, 3
     * when it was done but a check failed (lost or duplicated records, failed calls, ...).
     */
    private int run(String commandLine) throws IOException, InterruptedException {
        LoadReport report = new LoadReport(options);
        report.date = ZonedDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        report.commandLine = commandLine;
        report.wireFormat = KinesisClients.wireFormat();
        report.machine = MachineInfo.probe(options.isChildServer() ? options.dir() : Path.of("."));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("durability", options.durability());
        settings.put("stream-create-delay-ms", "0");
        settings.put("stream-delete-delay-ms", "0");
        // Not enforced yet; turned off now so figures stay comparable once the capacity issue adds them.
        settings.put("throughput-limits", "false");
        settings.putAll(options.serverSettings());

        ChildServer child = null;
        try {
            URI endpoint;
            long serverPid;
            if (options.isChildServer()) {
                progress.println("kinesis-load: starting the server from " + options.serverJar());
                child = ChildServer.start(options.serverJar(), options.serverJvmOpts(), settings, options.dir());
                endpoint = child.endpoint();
                serverPid = child.pid();
                report.server = "Riffle " + child.version() + ", a child process (pid " + serverPid + "): `"
                        + String.join(" ", child.command()) + "`";
                progress.println("kinesis-load: Riffle " + child.version() + " (pid " + serverPid + ") listens on "
                        + endpoint);
            } else {
                endpoint = options.endpoint();
                serverPid = options.serverPid();
                report.server = "a running server at " + endpoint
                        + (serverPid > 0 ? " (pid " + serverPid + ")" : " (pid not given: its CPU and memory are not measured)");
            }
            drive(endpoint, serverPid, report);
        } catch (IOException | RuntimeException e) {
            progress.println("kinesis-load: " + describe(e));
            if (child != null && !child.isAlive()) {
                progress.println("server stderr:\n" + child.stderrTail(40));
            }
            return 1;
        } finally {
            if (child != null) {
                report.serverExitCode = child.stop();
                report.serverWarnings = child.warningsAndErrors();
                if (!ChildServer.isCleanExit(report.serverExitCode)) {
                    report.problems.add("the server exited with code " + report.serverExitCode + " after SIGTERM; "
                            + "stderr:\n" + child.stderrTail(20));
                }
                child.close();
            }
        }
        report.print(out);
        if (!report.isClean()) {
            progress.println("kinesis-load: some checks failed (see \"Checks\" in the report)");
            return 3;
        }
        return 0;
    }

    private void drive(URI endpoint, long serverPid, LoadReport report) throws InterruptedException {
        String stream = options.streamName();
        List<KinesisClient> clients = new ArrayList<>();
        try {
            KinesisClient admin = KinesisClients.create(endpoint, 1);
            clients.add(admin);
            List<String> shardIds = createStream(admin, stream);
            List<String> iterators = new ArrayList<>();
            for (String shardId : shardIds) {
                iterators.add(admin.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.LATEST)).shardIterator());
            }

            LoadPhase phase = new LoadPhase(options.producers());
            RecordLedger ledger = new RecordLedger(options.producers());
            SplittableRandom seeds = new SplittableRandom(options.seed());
            List<LoadProducer> producers = new ArrayList<>();
            for (int p = 0; p < options.producers(); p++) {
                KinesisClient client = KinesisClients.create(endpoint, 1);
                clients.add(client);
                producers.add(new LoadProducer(p, client, stream, options.batch(), options.recordBytes(), phase, ledger,
                        seeds.nextLong(), options.producerIntervalNanos()));
            }
            List<LoadConsumer> consumers = new ArrayList<>();
            for (int c = 0; c < options.consumers(); c++) {
                List<String> mine = new ArrayList<>();
                List<String> myIterators = new ArrayList<>();
                for (int s = c; s < shardIds.size(); s += options.consumers()) {
                    mine.add(shardIds.get(s));
                    myIterators.add(iterators.get(s));
                }
                KinesisClient client = KinesisClients.create(endpoint, 1);
                clients.add(client);
                consumers.add(new LoadConsumer(client, mine, myIterators, options.getLimit(), options.pollSleepMs(),
                        phase, ledger));
            }

            List<Thread> consumerThreads = startAll("kinesis-load-consumer-", consumers);
            List<Thread> producerThreads = startAll("kinesis-load-producer-", producers);
            Sampler sampler = new Sampler(serverPid);
            watch(phase, sampler, options.warmupSeconds(), "warm-up");

            report.loadAverageStart = MachineInfo.loadAverageNow();
            long[] waitsAtStart = sampler.runQueueWaits();
            phase.startWindow(System.nanoTime());
            Sampler.Snapshot start = sampler.take();
            watch(phase, sampler, options.seconds(), "measuring");
            phase.endWindow(System.nanoTime());
            Sampler.Snapshot end = sampler.take();
            long[] waitsAtEnd = sampler.runQueueWaits();
            report.serverRunQueueNanos = difference(waitsAtStart[0], waitsAtEnd[0]);
            report.selfRunQueueNanos = difference(waitsAtStart[1], waitsAtEnd[1]);
            report.loadAverageEnd = MachineInfo.loadAverageNow();

            phase.stopProducing();
            joinAll(producerThreads);
            long drainStart = System.nanoTime();
            long drainDeadline = drainStart + (long) (options.drainSeconds() * 1e9);
            while (phase.recordsRead.sum() < phase.recordsAcked.sum() && System.nanoTime() < drainDeadline) {
                Thread.sleep(10);
            }
            report.drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            phase.stopConsuming();
            joinAll(consumerThreads);

            report.windowSeconds = phase.windowNanos() / 1e9;
            report.serverCpuNanos = difference(start.serverCpuNanos(), end.serverCpuNanos());
            report.selfCpuNanos = difference(start.selfCpuNanos(), end.selfCpuNanos());
            report.machineBusyNanos = difference(start.machineBusyNanos(), end.machineBusyNanos());
            report.serverPeakRssBytes = serverPid > 0 ? ProcStats.peakRssBytes(serverPid) : -1;
            report.serverRssBytes = serverPid > 0 ? ProcStats.rssBytes(serverPid) : -1;
            report.addProducers(producers);
            report.addConsumers(consumers);
            report.ledger = ledger.compare(5);

            try {
                admin.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
            } catch (SdkException e) {
                report.problems.add("DeleteStream " + stream + " failed: " + describe(e));
            }
        } finally {
            clients.forEach(KinesisClient::close);
        }
    }

    /** Creates the stream, waits until it is ACTIVE, and returns its shard ids in order. */
    private List<String> createStream(KinesisClient admin, String stream) throws InterruptedException {
        List<String> shardIds = KinesisStreams.createAndAwait(admin, stream, options.shards(), ACTIVE_TIMEOUT_MS);
        progress.println("kinesis-load: stream " + stream + " is ACTIVE with " + shardIds.size() + " shards");
        return shardIds;
    }

    /** Sleeps for {@code seconds}, printing a progress line every second. */
    private void watch(LoadPhase phase, Sampler sampler, double seconds, String label) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Sampler.Snapshot last = sampler.take();
        long lastAcked = phase.recordsAcked.sum();
        long lastPuts = phase.putCalls.sum();
        long lastRead = phase.recordsRead.sum();
        long lastGets = phase.getCalls.sum();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(end - now, TimeUnit.SECONDS.toNanos(1)));
            Sampler.Snapshot s = sampler.take();
            double dt = (s.nanos() - last.nanos()) / 1e9;
            long acked = phase.recordsAcked.sum();
            long puts = phase.putCalls.sum();
            long read = phase.recordsRead.sum();
            long gets = phase.getCalls.sum();
            progress.printf(Locale.ROOT, "[%s %4.1f s] put %,9.0f records/s %6.1f MB/s %5.0f calls/s | got %,9.0f records/s"
                            + " %6.0f GetRecords/s | CPU server %s load generator %s%n", label, (s.nanos() - start) / 1e9,
                    (acked - lastAcked) / dt, (acked - lastAcked) * (double) options.recordBytes() / 1e6 / dt,
                    (puts - lastPuts) / dt, (read - lastRead) / dt, (gets - lastGets) / dt,
                    percent(s.serverCpuNanos(), last.serverCpuNanos(), dt), percent(s.selfCpuNanos(), last.selfCpuNanos(), dt));
            last = s;
            lastAcked = acked;
            lastPuts = puts;
            lastRead = read;
            lastGets = gets;
        }
    }

    /** {@code after - before}, or -1 when either is unknown (-1). */
    private static long difference(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private static String percent(long cpuNow, long cpuBefore, double seconds) {
        if (cpuNow < 0 || cpuBefore < 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%3.0f%%", (cpuNow - cpuBefore) / 1e9 / seconds * 100);
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

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /** An exception in one line: the service's error code and message, or the SDK's message. */
    public static String describe(Throwable e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode() + " (HTTP " + ase.statusCode() + "): "
                    + ase.awsErrorDetails().errorMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    /** CPU counters of the server, this JVM and the machine, read together. */
    private record Sampler(long serverPid) {
        record Snapshot(long nanos, long serverCpuNanos, long selfCpuNanos, long machineBusyNanos) {
        }

        Snapshot take() {
            return new Snapshot(System.nanoTime(), serverPid > 0 ? ProcStats.cpuNanos(serverPid) : -1,
                    ProcStats.selfCpuNanos(), ProcStats.machineBusyNanos());
        }

        /** Run-queue waits of the server and of this JVM, read at the window's edges only (it lists every thread). */
        long[] runQueueWaits() {
            return new long[] {serverPid > 0 ? ProcStats.runQueueWaitNanos(serverPid) : -1,
                ProcStats.runQueueWaitNanos(ProcessHandle.current().pid())};
        }
    }
}
