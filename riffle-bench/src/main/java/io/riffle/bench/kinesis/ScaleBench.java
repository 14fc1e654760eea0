package io.riffle.bench.kinesis;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.JvmHeap;
import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.KinesisStreams;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.ProcStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Riffle at scale: many streams of one shard, and one stream of many shards, each in a fresh
 * server (a child JVM with the shard limit raised and the heap given). Per scenario: the time to
 * create the streams, the idle heap after a full GC, the RSS and the open file descriptors; ingest
 * spread over every shard; then, with the data directory filled to the size asked for, the time
 * a restart takes (until it listens, and until a first GetRecords returns a record) after a clean
 * stop (SIGTERM) and after kill -9. Progress goes to stderr, a markdown table to stdout.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.ScaleBench --help
 * </pre>
 */
public final class ScaleBench {
    /** The target: 10,000 shards served from one process with under 2 GiB of heap. */
    static final long TARGET_HEAP_BYTES = 2L * 1024 * 1024 * 1024;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final long ACTIVE_TIMEOUT_MS = 600_000;

    private final ScaleOptions options;
    private final PrintStream out;
    private final PrintStream progress;
    /** figure -> scenario -> value, in the order measured. */
    private final Map<String, Map<String, String>> table = new LinkedHashMap<>();
    private final List<String> scenarioNames = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private ScaleBench(ScaleOptions options, PrintStream out, PrintStream progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        ScaleOptions options = CommandLine.parseOrExit("scale-bench", ScaleOptions.USAGE,
                () -> ScaleOptions.parse(args));
        if (options == null) {
            System.out.print(ScaleOptions.USAGE);
            return;
        }
        System.exit(new ScaleBench(options, System.out, System.err).run(String.join(" ", args)));
    }

    private int run(String commandLine) throws Exception {
        String date = ZonedDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        MachineInfo machine = MachineInfo.probe(options.dir());
        for (String scenario : options.scenarios()) {
            try {
                runScenario(scenario);
            } catch (Exception e) {
                progress.println("scale-bench: " + scenario + ": " + KinesisLoad.describe(e));
                e.printStackTrace(progress);
                problems.add(scenario + ": " + KinesisLoad.describe(e));
            }
        }
        out.println("## Riffle at scale (ScaleBench), " + date);
        out.println();
        out.println("- Command: `java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.ScaleBench"
                + (commandLine.isEmpty() ? "" : " " + commandLine) + "`");
        out.println("- Options in full: `" + options.describe() + "`");
        out.println("- Machine:");
        machine.describe().forEach(line -> out.println("  " + line));
        out.println();
        out.println("Heap: used heap after a full GC (`jcmd PID GC.run`, then `GC.heap_info`). RSS: VmRSS. Files: entries "
                + "of /proc/PID/fd. MB = 10^6 bytes of record data. Load average: 1-minute figure before each step.");
        out.println();
        StringBuilder header = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String s : scenarioNames) {
            header.append(' ').append(s).append(" |");
            rule.append("--:|");
        }
        out.println(header);
        out.println(rule);
        table.forEach((figure, values) -> {
            StringBuilder row = new StringBuilder("| ").append(figure).append(" |");
            for (String s : scenarioNames) {
                row.append(' ').append(values.getOrDefault(s, "")).append(" |");
            }
            out.println(row);
        });
        out.println();
        notes.forEach(n -> out.println("- " + n));
        problems.forEach(p -> out.println("- PROBLEM: " + p));
        return problems.isEmpty() ? 0 : 3;
    }

    private void runScenario(String scenario) throws Exception {
        boolean isManyStreams = scenario.equals(ScaleOptions.STREAMS);
        int streamCount = isManyStreams ? options.streams() : 1;
        int shardsPerStream = isManyStreams ? 1 : options.shards();
        int totalShards = streamCount * shardsPerStream;
        String name = String.format(Locale.ROOT, "%,d stream%s x %,d shard%s", streamCount, streamCount == 1 ? "" : "s",
                shardsPerStream, shardsPerStream == 1 ? "" : "s");
        scenarioNames.add(name);
        progress.println("scale-bench: " + name + "; load average " + MachineInfo.loadAverageNow());

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("durability", options.durability());
        settings.put("stream-create-delay-ms", "0");
        settings.put("stream-delete-delay-ms", "0");
        settings.put("throughput-limits", "false");
        settings.put("shard-limit", Integer.toString(Math.max(500, totalShards + 1000)));
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + options.heap());
        jvm.addAll(options.serverJvmOpts());

        ChildServer server = ChildServer.start(options.serverJar(), jvm, settings, options.dir(), START_TIMEOUT);
        try {
            put(name, "server settings", "-Xmx" + options.heap() + ", durability=" + options.durability() + ", shard-limit="
                    + settings.get("shard-limit"));
            put(name, "start an empty server", seconds(server.secondsToListen()));
            footprint(name, "empty server", server.pid());

            List<String> streams = new ArrayList<>();
            for (int i = 0; i < streamCount; i++) {
                streams.add(isManyStreams ? String.format(Locale.ROOT, "scale-%05d", i) : "scale-shards");
            }
            put(name, "load average before create", firstOf(MachineInfo.loadAverageNow()));
            long t0 = System.nanoTime();
            createStreams(server, streams, shardsPerStream);
            double createSeconds = (System.nanoTime() - t0) / 1e9;
            put(name, "create (until every stream is ACTIVE)", seconds(createSeconds));
            progress.printf(Locale.ROOT, "scale-bench: created %s in %.1f s%n", name, createSeconds);
            footprint(name, "idle, after create", server.pid());

            put(name, "load average before ingest", firstOf(MachineInfo.loadAverageNow()));
            ingest(name, server, streams, totalShards);
            footprint(name, "after ingest", server.pid());

            if (options.isRestart()) {
                server = restarts(name, server, streams);
            }
            List<String> warnings = server.warningsAndErrors();
            if (!warnings.isEmpty()) {
                notes.add(name + ": the server logged " + warnings.size() + " WARN/ERROR lines, the first: `"
                        + warnings.get(0) + "`");
            }
        } finally {
            server.close();
        }
    }

    private void createStreams(ChildServer server, List<String> streams, int shardsPerStream) throws Exception {
        if (streams.size() == 1) {
            try (KinesisClient admin = KinesisClients.create(server.endpoint(), 1)) {
                KinesisStreams.createAndAwait(admin, streams.get(0), shardsPerStream, ACTIVE_TIMEOUT_MS);
            }
            return;
        }
        int threads = options.createThreads();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<KinesisClient> clients = new ArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                KinesisClient client = KinesisClients.create(server.endpoint(), 1);
                clients.add(client);
                int mine = t;
                futures.add(pool.submit(() -> {
                    for (int i = mine; i < streams.size(); i += threads) {
                        String stream = streams.get(i);
                        client.createStream(b -> b.streamName(stream).shardCount(shardsPerStream));
                    }
                    for (int i = mine; i < streams.size(); i += threads) {
                        KinesisStreams.awaitActive(client, streams.get(i), ACTIVE_TIMEOUT_MS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(KinesisClient::close);
        }
    }

    /**
     * Producers spread over every shard: first until every shard has taken a record (its first
     * append creates its segment file, a cost paid once per shard, timed apart), then the measured
     * window.
     */
    private void ingest(String name, ChildServer server, List<String> streams, int totalShards) throws Exception {
        Load load = new Load(server, streams);
        try {
            long w0 = System.nanoTime();
            long warmupDeadline = w0 + TimeUnit.SECONDS.toNanos(600);
            while (load.shardsWritten.size() < totalShards && System.nanoTime() < warmupDeadline) {
                Thread.sleep(200);
            }
            put(name, "until every shard has taken a record (its first segment file created)", String.format(Locale.ROOT,
                    "%s, %,d records", seconds((System.nanoTime() - w0) / 1e9), load.acked.sum()));
            if (load.shardsWritten.size() < totalShards) {
                problems.add(name + ": only " + load.shardsWritten.size() + " of " + totalShards + " shards took a record "
                        + "within 600 s");
            }
            long acked0 = load.acked.sum();
            long cpu0 = ProcStats.cpuNanos(server.pid());
            long self0 = ProcStats.selfCpuNanos();
            long t0 = System.nanoTime();
            long end = t0 + (long) (options.ingestSeconds() * 1e9);
            while (System.nanoTime() < end) {
                TimeUnit.NANOSECONDS.sleep(Math.min(end - System.nanoTime(), TimeUnit.SECONDS.toNanos(1)));
                progress.printf(Locale.ROOT, "scale-bench: ingest %,d records acknowledged%n", load.acked.sum() - acked0);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long acked = load.acked.sum() - acked0;
            long cpu = ProcStats.cpuNanos(server.pid()) - cpu0;
            long self = ProcStats.selfCpuNanos() - self0;
            put(name, "ingest spread over every shard", String.format(Locale.ROOT, "%,.0f records/s = %.1f MB/s", acked / secs,
                            acked * (double) options.recordBytes() / 1e6 / secs));
            put(name, "ingest CPU, server / load generator", String.format(Locale.ROOT, "%.0f%% / %.0f%% of one core",
                    cpu / 1e9 / secs * 100, self / 1e9 / secs * 100));
        } finally {
            load.stop();
        }
        if (load.failedRecords.sum() > 0 || load.failedCalls.sum() > 0) {
            problems.add(name + ": " + load.failedRecords.sum() + " records and " + load.failedCalls.sum()
                    + " PutRecords calls failed during ingest");
        }
    }

    /** Fills the data directory, then times a restart after SIGTERM and one after kill -9; returns the server running. */
    private ChildServer restarts(String name, ChildServer server, List<String> streams) throws Exception {
        Load load = new Load(server, streams);
        long t0 = System.nanoTime();
        long size;
        try {
            while ((size = directoryBytes(server.dataDir())) < options.dataBytes()) {
                progress.printf(Locale.ROOT, "scale-bench: filling: %.2f of %.2f GB on disk%n", size / 1e9,
                        options.dataBytes() / 1e9);
                Thread.sleep(3000);
                if (!server.isAlive()) {
                    throw new IOException("the server died while filling: " + server.stderrTail(20));
                }
            }
        } finally {
            load.stop();
        }
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        size = directoryBytes(server.dataDir());
        put(name, "data directory before the restarts", String.format(Locale.ROOT, "%.2f GB (filled in %.0f s)", size / 1e9,
                fillSeconds));

        put(name, "load average before the clean restart", firstOf(MachineInfo.loadAverageNow()));
        long s0 = System.nanoTime();
        int code = server.stop();
        put(name, "clean stop (SIGTERM until exit)", seconds((System.nanoTime() - s0) / 1e9));
        if (!ChildServer.isCleanExit(code)) {
            problems.add(name + ": the server exited with code " + code + " after SIGTERM");
        }
        server = timedRestart(name, "after a clean stop", server, streams);
        footprint(name, "idle, after the clean restart", server.pid());

        put(name, "load average before the kill -9 restart", firstOf(MachineInfo.loadAverageNow()));
        server.kill();
        server = timedRestart(name, "after kill -9", server, streams);
        footprint(name, "idle, after the kill -9 restart", server.pid());
        return server;
    }

    private ChildServer timedRestart(String name, String when, ChildServer stopped, List<String> streams) throws Exception {
        long t0 = System.nanoTime();
        ChildServer server = stopped.restart();
        double listen = server.secondsToListen();
        double firstRead;
        try (KinesisClient client = KinesisClients.create(server.endpoint(), 1)) {
            String stream = streams.get(0);
            String shardId = KinesisStreams.shardIds(client, stream).get(0);
            String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            int records = client.getRecords(b -> b.shardIterator(iterator).limit(10)).records().size();
            firstRead = (System.nanoTime() - t0) / 1e9;
            if (records == 0) {
                problems.add(name + ": " + when + ", the first shard returned no record");
            }
        }
        put(name, "restart " + when + ": until it listens / until a first GetRecords returns records",
                seconds(listen) + " / " + seconds(firstRead));
        progress.printf(Locale.ROOT, "scale-bench: restart %s: listening after %.1f s, first read after %.1f s%n", when,
                listen, firstRead);
        return server;
    }

    private void footprint(String name, String moment, long pid) throws InterruptedException {
        long heap = JvmHeap.liveBytesAfterGc(pid);
        long rss = ProcStats.rssBytes(pid);
        long fds = ProcStats.openFileDescriptors(pid);
        put(name, "heap after GC / RSS / open files, " + moment, String.format(Locale.ROOT, "%s / %s / %,d", mib(heap),
                mib(rss), fds));
        if (moment.startsWith("idle") && heap > TARGET_HEAP_BYTES) {
            notes.add(name + ": heap " + mib(heap) + " " + moment + " is over the 2 GiB target");
        }
    }

    /** Producers running in the background until {@link #stop()}. */
    private final class Load {
        final LongAdder acked = new LongAdder();
        final LongAdder failedRecords = new LongAdder();
        final LongAdder failedCalls = new LongAdder();
        final Set<String> shardsWritten = ConcurrentHashMap.newKeySet();
        private final List<SpreadProducer> producers = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final List<KinesisClient> clients = new ArrayList<>();

        Load(ChildServer server, List<String> streams) {
            SplittableRandom seeds = new SplittableRandom(options.seed());
            for (int p = 0; p < options.producers(); p++) {
                KinesisClient client = KinesisClients.create(server.endpoint(), 1);
                clients.add(client);
                SpreadProducer producer = new SpreadProducer(p, options.producers(), client, streams, options.batch(), options.recordBytes(),
                        seeds.nextLong(), acked, failedRecords, failedCalls, shardsWritten);
                producers.add(producer);
                Thread t = new Thread(producer, "scale-producer-" + p);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        void stop() throws InterruptedException {
            producers.forEach(SpreadProducer::stop);
            for (Thread t : threads) {
                t.join(60_000);
            }
            clients.forEach(KinesisClient::close);
        }
    }

    /** Bytes of the files under {@code dir}; a file deleted during the walk (a released journal file) counts 0. */
    private static long directoryBytes(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private void put(String scenario, String figure, String value) {
        table.computeIfAbsent(figure, f -> new LinkedHashMap<>()).put(scenario, value);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String firstOf(String loadAverage) {
        String[] f = loadAverage.trim().split("\\s+");
        return f.length == 0 ? loadAverage : f[0];
    }
}
