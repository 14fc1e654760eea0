package io.riffle.bench.fanout;

import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.PhaseCost;
import io.riffle.bench.common.SdkErrors;
import io.riffle.bench.common.ServerMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The fan-out runs of {@link FanOutBench}: one stream of one shard, pre-loaded once (each pre-load
 * producer sends its records one PutRecords at a time, so its serials are in order in the shard),
 * the most consumers any run needs registered once; then, for each consumer count N, the first N
 * consumers subscribe from TRIM_HORIZON at once, each through its own client (its own connection),
 * and read the whole shard. A run starts {@link #TAKEOVER_MS} after the previous run ended, since
 * Kinesis refuses a call within 5 s of a successful one for the same consumer and shard (a renewal
 * refused anyway is tried again 1.1 s later, and the report notes it).
 *
 * <p>Used by the main thread only.
 */
public final class DrainRuns {
    static final int PRELOAD_PRODUCERS = 2;
    private static final int PRELOAD_BATCH = 500;
    private static final long TAKEOVER_MS = 5_500;

    private final FanOutOptions options;
    private final URI endpoint;
    private final long serverPid;
    private final KinesisClient admin;
    private final ScheduledExecutorService retries;
    private final PrintStream progress;
    /** What the pre-load did, for the report. */
    String preloadSummary;
    /** The unreported first run, or null. */
    DrainResult warmUp;
    /** How many of the events pushed were shared among subscriptions, for the report; null before the runs. */
    String sharedEvents;

    DrainRuns(FanOutOptions options, URI endpoint, long serverPid, KinesisClient admin,
              ScheduledExecutorService retries, PrintStream progress) {
        this.options = options;
        this.endpoint = endpoint;
        this.serverPid = serverPid;
        this.admin = admin;
        this.retries = retries;
        this.progress = progress;
    }

    List<DrainResult> run() throws InterruptedException {
        String stream = "fanout-drain-" + System.currentTimeMillis();
        List<DrainResult> results = new ArrayList<>();
        try {
            String shardId = FanOutStreams.create(admin, stream, 1).get(0);
            long[] perProducer = preload(stream);
            List<String> consumerArns = new ArrayList<>();
            for (int c = 0; c < options.mostConsumers(); c++) {
                consumerArns.add(FanOutStreams.registerConsumer(admin, stream, String.format(Locale.ROOT, "drain-%02d", c)));
            }
            progress.println("fan-out-bench: " + consumerArns.size() + " consumers registered on " + stream);
            List<Integer> counts = new ArrayList<>();
            if (options.isDrainWarmUp()) {
                counts.add(options.mostConsumers()); // the first run warms both JVMs up and is not reported
            }
            counts.addAll(options.consumerCounts());
            for (int i = 0; i < counts.size(); i++) {
                if (i > 0) {
                    // after the previous run's last successful call, whenever the server admitted it
                    Thread.sleep(TAKEOVER_MS);
                }
                boolean isWarmUp = options.isDrainWarmUp() && i == 0;
                DrainResult r = drain(shardId, consumerArns.subList(0, counts.get(i)), perProducer,
                        isWarmUp ? "warm-up, " : "");
                if (isWarmUp) {
                    warmUp = r;
                } else {
                    results.add(r);
                }
            }
            sharedEvents = sharedEvents(); // before the stream goes, and its series with it
            return results;
        } finally {
            String failure = FanOutStreams.delete(admin, stream);
            if (failure != null) {
                progress.println("fan-out-bench: " + failure);
            }
        }
    }

    /** How many pushed events the server sent from a frame another subscription had made (its /metrics). */
    private String sharedEvents() throws InterruptedException {
        try {
            Map<String, Double> metrics = ServerMetrics.scrape(endpoint, "riffle_kinesis_subscribe_to_shard_");
            return String.format(Locale.ROOT, "SubscribeToShardEvents the server sent as another subscription of the "
                            + "shard had framed them (every run, the warm-up included): %,.0f of %,.0f",
                    ServerMetrics.sum(metrics, "riffle_kinesis_subscribe_to_shard_shared_events_total"),
                    ServerMetrics.sum(metrics, "riffle_kinesis_subscribe_to_shard_events_total"));
        } catch (IOException e) {
            return "the server's /metrics could not be read: " + e;
        }
    }

    /** Writes the pre-load; returns the records each producer wrote. Any failed entry aborts the run. */
    private long[] preload(String stream) throws InterruptedException {
        long records = options.preloadRecords();
        long[] perProducer = new long[PRELOAD_PRODUCERS];
        for (int p = 0; p < PRELOAD_PRODUCERS; p++) {
            perProducer[p] = records / PRELOAD_PRODUCERS + (p < records % PRELOAD_PRODUCERS ? 1 : 0);
        }
        String[] failures = new String[PRELOAD_PRODUCERS];
        List<Thread> threads = new ArrayList<>();
        List<KinesisClient> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < PRELOAD_PRODUCERS; p++) {
            int producer = p;
            KinesisClient client = KinesisClients.create(endpoint, 1);
            clients.add(client);
            Thread t = new Thread(() -> failures[producer] = preloadOne(client, stream, producer, perProducer[producer]),
                    "fan-out-preload-" + p);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        clients.forEach(KinesisClient::close);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String f : failures) {
            if (f != null) {
                throw new IllegalStateException("the pre-load failed: " + f);
            }
        }
        preloadSummary = String.format(Locale.ROOT, "%,d records of %,d B (%.1f MB) written by %d producers in "
                        + "PutRecords of %d in %.1f s (%.1f MB/s)", records, options.preloadRecordBytes(),
                records * (double) options.preloadRecordBytes() / 1e6, PRELOAD_PRODUCERS, PRELOAD_BATCH, seconds,
                records * (double) options.preloadRecordBytes() / 1e6 / seconds);
        progress.println("fan-out-bench: pre-loaded " + preloadSummary);
        return perProducer;
    }

    /** One producer's share of the pre-load, one call at a time; a description of the failure, or null. */
    private String preloadOne(KinesisClient client, String stream, int producer, long count) {
        SplittableRandom random = new SplittableRandom(options.seed() + 1 + producer);
        long serial = 0;
        try {
            while (serial < count) {
                int size = (int) Math.min(PRELOAD_BATCH, count - serial);
                List<PutRecordsRequestEntry> entries = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    byte[] data = new byte[options.preloadRecordBytes()];
                    random.nextBytes(data);
                    LoadRecord.writeHeader(data, 0, producer, serial + i);
                    entries.add(PutRecordsRequestEntry.builder().partitionKey(Long.toHexString(random.nextLong()))
                            .data(SdkBytes.fromByteArrayUnsafe(data)).build());
                }
                PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(entries));
                Integer failed = response.failedRecordCount();
                if (failed != null && failed > 0 || response.records().size() != size) {
                    return "producer " + producer + ": PutRecords of " + size + " answered " + response.records().size()
                            + " entries, " + failed + " failed, e.g. " + response.records().stream()
                            .filter(r -> r.errorCode() != null).map(r -> r.errorCode() + ": " + r.errorMessage())
                            .findFirst().orElse("?");
                }
                serial += size;
            }
            return null;
        } catch (RuntimeException e) {
            return "producer " + producer + ": " + SdkErrors.describe(e);
        }
    }

    private DrainResult drain(String shardId, List<String> consumerArns, long[] perProducer, String labelPrefix)
            throws InterruptedException {
        int n = consumerArns.size();
        long recordsEach = 0;
        for (long r : perProducer) {
            recordsEach += r;
        }
        long bytesEach = recordsEach * options.preloadRecordBytes();
        String label = labelPrefix + n + (n == 1 ? " consumer" : " consumers");
        FanOutClients.EventLoops loops = FanOutClients.eventLoops();
        List<KinesisAsyncClient> clients = new ArrayList<>();
        List<DrainingConsumer> consumers = new ArrayList<>();
        List<FanOutSubscriber> subscribers = new ArrayList<>();
        try {
            for (String arn : consumerArns) {
                KinesisAsyncClient client = FanOutClients.create(endpoint, loops);
                clients.add(client);
                DrainingConsumer consumer = new DrainingConsumer(perProducer);
                consumers.add(consumer);
                subscribers.add(new FanOutSubscriber(client, arn, shardId,
                        FanOutSubscriber.from(ShardIteratorType.TRIM_HORIZON), consumer, retries));
            }
            PhaseCost.Meter meter = PhaseCost.begin(serverPid);
            long start = System.nanoTime();
            subscribers.forEach(FanOutSubscriber::start);
            long deadline = start + (long) (options.drainTimeoutSeconds() * 1e9);
            watch(label, start, deadline, consumers, subscribers, bytesEach);
            long last = start;
            boolean isAllDone = true;
            double[] secondsEach = new double[n];
            for (int i = 0; i < n; i++) {
                DrainingConsumer c = consumers.get(i);
                isAllDone &= c.isDone();
                secondsEach[i] = c.isDone() ? (c.doneNanos() - start) / 1e9 : -1;
                if (c.isDone() && c.doneNanos() - last > 0) {
                    last = c.doneNanos();
                }
            }
            double wallSeconds = ((isAllDone ? last : System.nanoTime()) - start) / 1e9;
            PhaseCost cost = meter.end();
            subscribers.forEach(FanOutSubscriber::stop);

            List<String> wrong = new ArrayList<>();
            TreeMap<String, Integer> refusals = new TreeMap<>();
            int renewals = 0;
            for (int i = 0; i < n; i++) {
                FanOutSubscriber s = subscribers.get(i);
                renewals += s.renewals();
                String verdict = consumers.get(i).verdict();
                if (!verdict.equals("ok")) {
                    wrong.add("consumer " + i + ": " + verdict);
                }
                if (s.isFailed()) {
                    wrong.add("consumer " + i + ": subscription failed: " + s.errors());
                }
                s.refusals().forEach((code, times) -> refusals.merge(code, times, Integer::sum));
            }
            if (!isAllDone) {
                wrong.add(0, "not every consumer finished within " + FanOutTable.plain(options.drainTimeoutSeconds())
                        + " s (or a subscription failed)");
            }
            String verdict = wrong.isEmpty() ? "ok" : String.join("; ", wrong);
            String firstRecords = firstRecords(consumers, start);
            List<String> each = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                each.add(String.format(Locale.ROOT, "%.1f s (%s)", secondsEach[i], consumers.get(i).firstThread()));
            }
            // an unequal spread shows whether the server or the load generator's threads favoured some consumers
            progress.printf(Locale.ROOT, "[%s] each consumer done after: %s%n", label, String.join(", ", each));
            progress.printf(Locale.ROOT, "[%s] done in %.1f s: %s; first records after %s ms%n", label, wallSeconds,
                    verdict, firstRecords);
            return new DrainResult(n, recordsEach, bytesEach, secondsEach, wallSeconds, firstRecords, renewals, refusals,
                    verdict, cost);
        } finally {
            subscribers.forEach(FanOutSubscriber::stop);
            clients.forEach(KinesisAsyncClient::close);
            FanOutClients.shutdown(loops);
        }
    }

    /** "12 / 15 / 1,040": when the consumers got their first records after the calls, min / median / max. */
    static String firstRecords(List<DrainingConsumer> consumers, long start) {
        double[] ms = consumers.stream().filter(DrainingConsumer::isStarted)
                .mapToDouble(c -> (c.firstNanos() - start) / 1e6).sorted().toArray();
        if (ms.length == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "%,.0f / %,.0f / %,.0f", ms[0], FanOutTable.median(ms), ms[ms.length - 1]);
    }

    /** Waits until every consumer is done, one failed, or the deadline; prints progress once a second. */
    private void watch(String label, long start, long deadline, List<DrainingConsumer> consumers,
                       List<FanOutSubscriber> subscribers, long bytesEach) throws InterruptedException {
        long lastNanos = start;
        long lastBytes = 0;
        long nextPrint = start + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            boolean isAllDone = consumers.stream().allMatch(DrainingConsumer::isDone);
            boolean isAnyFailed = subscribers.stream().anyMatch(FanOutSubscriber::isFailed);
            long now = System.nanoTime();
            if (isAllDone || isAnyFailed || now > deadline) {
                return;
            }
            if (now >= nextPrint) {
                long bytes = consumers.stream().mapToLong(DrainingConsumer::bytes).sum();
                long finished = consumers.stream().filter(DrainingConsumer::isDone).count();
                progress.printf(Locale.ROOT, "[%s %5.1f s] %7.1f MB/s in all, %3.0f%% read, %d finished%n", label,
                        (now - start) / 1e9, (bytes - lastBytes) / 1e6 / ((now - lastNanos) / 1e9),
                        100.0 * bytes / ((double) bytesEach * consumers.size()), finished);
                lastNanos = now;
                lastBytes = bytes;
                nextPrint += TimeUnit.SECONDS.toNanos(1);
            }
            Thread.sleep(5);
        }
    }
}
