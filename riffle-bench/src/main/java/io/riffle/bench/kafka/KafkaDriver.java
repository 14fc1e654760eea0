package io.riffle.bench.kafka;

import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.ProducerTask;
import io.riffle.bench.common.ReaderTask;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.common.RandomKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Kafka in {@link KafkaComparison}: a {@link KafkaBroker} (one node, KRaft), driven through
 * Kafka's own producer and consumer with batching comparable to Riffle's PutRecords and
 * GetRecords:
 *
 * <ul>
 *   <li>topics of one replica, with {@code flush.messages=1} in the fsync pair (the log is flushed
 *       after every append, i.e. every produce batch of a partition, before the acknowledgement);
 *   <li>producers: {@code acks=all}, no compression (Riffle compresses nothing), at most
 *       {@code inFlight} requests per producer (1: one outstanding request per producer, as each
 *       Riffle producer has one PutRecords outstanding) and at most {@code batch} records not yet
 *       acknowledged per producer in the ingest workloads (one PutRecords' worth; the latency
 *       workload's paced producers have no bound), {@code batch.size} the bytes one PutRecords
 *       carries for one shard (so one produce request carries about one PutRecords' worth),
 *       {@code linger.ms} as given (Kafka's default 5) for throughput and 0 for the latency workload
 *       (where Riffle sends each record at once);
 *   <li>readers: consumers assigned their partitions (as GetRecords readers own their shards),
 *       fetching up to 10,000 records and 10 MiB per partition (GetRecords' limits).
 * </ul>
 */
public final class KafkaDriver implements SystemDriver {
    private static final int MAX_POLL_RECORDS = 10_000;
    private static final int MAX_FETCH_BYTES_PER_PARTITION = 10 * 1024 * 1024;
    /** Kafka's record overhead next to the key and value, roughly (varints, attributes, timestamp and offset deltas). */
    private static final int RECORD_OVERHEAD_BYTES = 8;

    private final KafkaBroker broker;
    private final DurabilityPair pair;
    private final int batch;
    private final int lingerMs;
    private final int inFlight;
    private final Admin admin;
    private final Map<String, Integer> partitionsByTopic = new HashMap<>();

    private KafkaDriver(KafkaBroker broker, DurabilityPair pair, int batch, int lingerMs, int inFlight) {
        this.broker = broker;
        this.pair = pair;
        this.batch = batch;
        this.lingerMs = lingerMs;
        this.inFlight = inFlight;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static KafkaDriver start(Path libs, List<String> jvmOptions, DurabilityPair pair, Path dir, int batch, int lingerMs,
                             int inFlight) throws IOException, InterruptedException {
        KafkaBroker broker = KafkaBroker.start(libs, jvmOptions, List.of(), dir);
        return new KafkaDriver(broker, pair, batch, lingerMs, inFlight);
    }

    @Override
    public String name() {
        return "Kafka";
    }

    @Override
    public String describe() {
        return "Apache Kafka " + broker.version() + " (KRaft, one node as broker and controller; topics of 1 replica"
                + (pair.isKafkaFlushEveryMessage() ? ", flush.messages=1" : ", default flush settings") + "; producers acks=all, "
                + "max.in.flight.requests.per.connection=" + inFlight + ", at most " + batch + " records unacknowledged per "
                + "producer, linger.ms=" + lingerMs + " (0 in the latency workload), batch.size = one PutRecords' bytes per partition, no compression; consumers assigned their "
                + "partitions, max.poll.records=" + MAX_POLL_RECORDS + ", max.partition.fetch.bytes=10 MiB): `"
                + String.join(" ", broker.command()) + "`";
    }

    @Override
    public long serverPid() {
        return broker.pid();
    }

    @Override
    public void createStream(String topic, int partitions) throws Exception {
        NewTopic t = new NewTopic(topic, partitions, (short) 1);
        if (pair.isKafkaFlushEveryMessage()) {
            t.configs(Map.of("flush.messages", "1"));
        }
        admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
        awaitLeaders(topic, partitions);
        partitionsByTopic.put(topic, partitions);
    }

    /**
     * Waits until every partition has its leader, so the first produce requests are not refused (and retried). A
     * broker that has not yet loaded the new topic's metadata answers UnknownTopicOrPartition: asked again (a
     * round under a load average of 30 failed on it once).
     */
    private void awaitLeaders(String topic, int partitions) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            TopicDescription d;
            try {
                d = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                d = null;
            }
            if (d != null && d.partitions().size() == partitions
                    && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has partitions without a leader after 60 s");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public List<ProducerTask> producers(String topic, int recordBytes, int count, long intervalNanos, LoadPhase phase,
                                       RecordLedger ledger, long seed) {
        int partitions = partitionsByTopic.get(topic);
        int batchBytes = Math.max(1024, (int) ((long) batch * (recordBytes + RandomKeys.CHARS
                + RECORD_OVERHEAD_BYTES) / partitions));
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, inFlight);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        config.put(ProducerConfig.LINGER_MS_CONFIG, intervalNanos > 0 ? 0 : lingerMs);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10 * 1024 * 1024);
        SplittableRandom seeds = new SplittableRandom(seed);
        List<ProducerTask> producers = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer-" + p);
            producers.add(new KafkaLoadProducer(p, config, topic, recordBytes, phase, ledger, seeds.nextLong(),
                    intervalNanos, intervalNanos > 0 ? 0 : batch));
        }
        return producers;
    }

    @Override
    public List<ReaderTask> readers(String topic, int count, boolean isLatency, LoadPhase phase, RecordLedger ledger) {
        int partitions = partitionsByTopic.get(topic);
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_FETCH_BYTES_PER_PARTITION);
        List<ReaderTask> readers = new ArrayList<>();
        int n = Math.min(count, partitions);
        for (int r = 0; r < n; r++) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int p = r; p < partitions; p += n) {
                mine.add(new TopicPartition(topic, p));
            }
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-reader-" + r);
            readers.add(new KafkaLoadConsumer(config, mine, phase, ledger));
        }
        return readers;
    }

    @Override
    public void closeClients() {
        // each task closes its own producer or consumer when its thread ends
    }

    @Override
    public boolean isAlive() {
        return broker.isAlive();
    }

    @Override
    public int stop() {
        admin.close();
        return broker.stop();
    }

    @Override
    public String logTail(int lines) {
        return broker.logTail(lines);
    }

    @Override
    public void close() throws IOException {
        admin.close();
        broker.close();
    }
}
