package io.riffle.bench.kafka;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.KinesisStreams;
import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.ProducerTask;
import io.riffle.bench.common.ReaderTask;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.fanout.FanOutClients;
import io.riffle.bench.fanout.FanOutStreams;
import io.riffle.bench.fanout.LatencyReader;
import io.riffle.bench.fanout.SubscribeReader;
import io.riffle.bench.kinesis.LoadConsumer;
import io.riffle.bench.kinesis.LoadProducer;
import io.riffle.bench.kinesis.PacedLoadProducer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Riffle in {@link KafkaComparison}: a {@link ChildServer} with the pair's durability and
 * throughput limits off, driven through the AWS SDK v2 as {@link KinesisLoad} drives it (its
 * {@link LoadProducer} and {@link LoadConsumer}): PutRecords of {@code batch} records, GetRecords
 * readers with Limit 10,000.
 */
public final class RiffleDriver implements SystemDriver {
    private static final long ACTIVE_TIMEOUT_MS = 60_000;
    private static final int GET_LIMIT = 10_000;

    private final ChildServer server;
    private final int batch;
    private final long latencyPollSleepMs;
    private final LatencyReader latencyReader;
    private final Map<String, String> settings;
    private final KinesisClient admin;
    private final List<KinesisClient> clients = new ArrayList<>();
    private final List<KinesisAsyncClient> asyncClients = new ArrayList<>();
    private FanOutClients.EventLoops eventLoops; // with retries: made for the first SubscribeToShard readers
    private ScheduledExecutorService retries;
    private final Map<String, List<String>> shardIdsByStream = new LinkedHashMap<>();

    private RiffleDriver(ChildServer server, Map<String, String> settings, int batch, long latencyPollSleepMs,
                         LatencyReader latencyReader) {
        this.server = server;
        this.settings = settings;
        this.batch = batch;
        this.latencyPollSleepMs = latencyPollSleepMs;
        this.latencyReader = latencyReader;
        this.admin = KinesisClients.create(server.endpoint(), 1);
    }

    static RiffleDriver start(Path jar, List<String> jvmOptions, DurabilityPair pair, Path dir, int batch,
                              long latencyPollSleepMs, LatencyReader latencyReader) throws IOException, InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("durability", pair.riffleDurability());
        settings.put("stream-create-delay-ms", "0");
        settings.put("stream-delete-delay-ms", "0");
        // fairness: Kafka has no per-partition quotas by default
        settings.put("throughput-limits", "false");
        ChildServer server = ChildServer.start(jar, jvmOptions, settings, dir);
        return new RiffleDriver(server, settings, batch, latencyPollSleepMs, latencyReader);
    }

    @Override
    public String name() {
        return "Riffle";
    }

    @Override
    public String describe() {
        List<String> kv = new ArrayList<>();
        settings.forEach((k, v) -> kv.add(k + "=" + v));
        return "Riffle " + server.version() + " (" + String.join(", ", kv) + "): `" + String.join(" ", server.command()) + "`";
    }

    @Override
    public long serverPid() {
        return server.pid();
    }

    @Override
    public void createStream(String stream, int shards) throws InterruptedException {
        shardIdsByStream.put(stream, KinesisStreams.createAndAwait(admin, stream, shards, ACTIVE_TIMEOUT_MS));
    }

    @Override
    public List<ProducerTask> producers(String stream, int recordBytes, int count, long intervalNanos, LoadPhase phase,
                                       RecordLedger ledger, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<ProducerTask> producers = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            KinesisClient client = client();
            producers.add(intervalNanos > 0
                    ? new PacedLoadProducer(p, client, stream, recordBytes, intervalNanos, phase, ledger, seeds.nextLong())
                    : new LoadProducer(p, client, stream, batch, recordBytes, phase, ledger, seeds.nextLong(), 0));
        }
        return producers;
    }

    @Override
    public List<ReaderTask> readers(String stream, int count, boolean isLatency, LoadPhase phase, RecordLedger ledger) {
        if (isLatency && latencyReader == LatencyReader.SUBSCRIBE_TO_SHARD) {
            return subscribeReaders(stream, count, phase, ledger);
        }
        List<String> shardIds = shardIdsByStream.get(stream);
        List<ReaderTask> readers = new ArrayList<>();
        int n = Math.min(count, shardIds.size());
        for (int r = 0; r < n; r++) {
            List<String> mine = new ArrayList<>();
            List<String> iterators = new ArrayList<>();
            for (int s = r; s < shardIds.size(); s += n) {
                String shardId = shardIds.get(s);
                mine.add(shardId);
                iterators.add(admin.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            }
            readers.add(new LoadConsumer(client(), mine, iterators, GET_LIMIT, isLatency ? latencyPollSleepMs : 0, phase,
                    ledger));
        }
        return readers;
    }

    /** One registered consumer per reader, subscribed to the reader's shards (round-robin, as the pollers own them). */
    private List<ReaderTask> subscribeReaders(String stream, int count, LoadPhase phase, RecordLedger ledger) {
        List<String> shardIds = shardIdsByStream.get(stream);
        if (eventLoops == null) {
            eventLoops = FanOutClients.eventLoops();
            retries = Executors.newSingleThreadScheduledExecutor();
        }
        List<ReaderTask> readers = new ArrayList<>();
        int n = Math.min(count, shardIds.size());
        for (int r = 0; r < n; r++) {
            List<String> mine = new ArrayList<>();
            for (int s = r; s < shardIds.size(); s += n) {
                mine.add(shardIds.get(s));
            }
            String consumerArn;
            try {
                consumerArn = FanOutStreams.registerConsumer(admin, stream, "latency-reader-" + r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while registering a consumer", e);
            }
            KinesisAsyncClient async = FanOutClients.create(server.endpoint(), eventLoops);
            asyncClients.add(async);
            readers.add(new SubscribeReader(async, consumerArn, mine, retries, phase, ledger));
        }
        return readers;
    }

    private KinesisClient client() {
        KinesisClient client = KinesisClients.create(server.endpoint(), 1);
        clients.add(client);
        return client;
    }

    @Override
    public void closeClients() {
        clients.forEach(KinesisClient::close);
        clients.clear();
        asyncClients.forEach(KinesisAsyncClient::close);
        asyncClients.clear();
        if (eventLoops != null) {
            FanOutClients.shutdown(eventLoops);
            retries.shutdownNow();
            eventLoops = null;
            retries = null;
        }
    }

    @Override
    public boolean isAlive() {
        return server.isAlive();
    }

    @Override
    public int stop() {
        closeClients();
        admin.close();
        return server.stop();
    }

    @Override
    public String logTail(int lines) {
        return server.stderrTail(lines);
    }

    /** Closes the clients and the server; warnings in its log are the caller's to read before. */
    @Override
    public void close() throws IOException {
        closeClients();
        admin.close();
        server.close();
    }
}
