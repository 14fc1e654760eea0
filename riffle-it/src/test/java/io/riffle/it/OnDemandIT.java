package io.riffle.it;

import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * On-demand capacity end to end: an ON_DEMAND stream starts with 4 shards (4 MiB/s of writes at
 * Kinesis' 1 MiB/s per shard, which this server enforces: {@code throughput-limits=true}); a
 * sustained load beyond that makes the server split its busiest shards (it checks every second
 * here, {@code on-demand-scale-interval-ms=1000}). The growth must show in ListShards and in
 * {@code /metrics}, and nothing may be lost or reordered on the way: producers re-send the entries
 * PutRecords refused with ProvisionedThroughputExceededException (keeping each partition key's
 * order: a key has at most one entry per call and none after a refused one until it went in),
 * then a lineage-following reader ({@link ReshardIT.LineageReader}) must read every acknowledged
 * record exactly once and per key in write order ({@link ReshardIT#verify}).
 *
 * <p>Reads are not what this test is about: the read limits are raised so the reader, which
 * runs after the load, is not throttled.
 */
class OnDemandIT {

    private static final int PRODUCERS = 5;
    /** New data offered per second by all producers together: 1.5 times the 4 MiB/s a new on-demand stream takes. */
    private static final long OFFERED_BYTES_PER_SECOND = 6L * 1024 * 1024;
    /** A producer's pause after a call in which entries were throttled (as a real producer backs off). */
    private static final long THROTTLED_BACKOFF_MS = 50;
    private static final int BATCH = 500;
    /** Bytes of data per record (the partition key, about 10 bytes, comes on top). */
    private static final int RECORD_BYTES = 2048;
    /** Partition keys per producer: far more than a batch, so a batch never lacks a free key. */
    private static final int KEYS = 4096;
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(20);
    /** Load kept on after the growth shows, so the new shards take records too. */
    private static final long AFTER_GROWTH_MS = 2_000;
    private static final String THROTTLED = "ProvisionedThroughputExceededException";

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("throughput-limits=true",
            "on-demand-scale-interval-ms=1000",
            "shard-read-bytes-per-second=1073741824", "shard-read-calls-per-second=10000");

    /**
     * UpdateStreamMode both ways, by the SDK (CBOR) and the AWS CLI (JSON): the stream keeps its shards, turns UPDATING
     * and then ACTIVE in the new mode (DescribeStreamSummary's StreamModeDetails); a third switch within 24 hours is
     * Kinesis' LimitExceededException (two a day by default, {@code stream-mode-switches-per-day}); an unknown
     * stream ARN is ResourceNotFoundException.
     */
    @Test
    void updateStreamModeSwitchesBothWaysWithinTheDailyQuota(@TempDir java.nio.file.Path tmp) throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, name("mode-switch"), 2);
        String arn = summary(kinesis, stream).streamARN();
        assertThat(summary(kinesis, stream).streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);

        kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        StreamDescriptionSummary onDemand = Kit.awaitValue(Kit.STATE_DEADLINE, "ACTIVE in ON_DEMAND", () -> {
            StreamDescriptionSummary d = summary(kinesis, stream);
            return d.streamStatus() == StreamStatus.ACTIVE && d.streamModeDetails().streamMode() == StreamMode.ON_DEMAND
                    ? d : null;
        });
        assertThat(onDemand.openShardCount()).as("a switch keeps the shards").isEqualTo(2);

        AwsCli cli = new AwsCli(riffle.endpoint().toString(), tmp);
        cli.run(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY, "kinesis", "update-stream-mode", "--stream-arn", arn,
                "--stream-mode-details", "StreamMode=PROVISIONED").ok();
        Kit.await(Kit.STATE_DEADLINE, "ACTIVE in PROVISIONED", () -> {
            StreamDescriptionSummary d = summary(kinesis, stream);
            return d.streamStatus() == StreamStatus.ACTIVE && d.streamModeDetails().streamMode() == StreamMode.PROVISIONED;
        });

        LimitExceededException third = Kit.expectError(LimitExceededException.class, () -> kinesis.updateStreamMode(
                b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))));
        assertThat(third.statusCode()).isEqualTo(400);
        assertThat(Kit.message(third)).contains(stream).contains("2 times in the last 24 hours");
        assertThat(summary(kinesis, stream).streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);

        String unknown = arn.substring(0, arn.lastIndexOf('/') + 1) + name("no-such-stream");
        Kit.expectError(ResourceNotFoundException.class, () -> kinesis.updateStreamMode(
                b -> b.streamARN(unknown).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))));
    }

    private static StreamDescriptionSummary summary(KinesisClient kinesis, String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sustainedLoadBeyondFourShardsGrowsTheStreamWithoutLosingOrReorderingRecords() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = name("on-demand");
        kinesis.createStream(b -> b.streamName(stream).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        Kit.awaitActive(kinesis, stream);
        List<String> roots = ReshardIT.ids(openShards(kinesis, stream));
        assertThat(roots).as("shards of a new on-demand stream").hasSize(4);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong offeredBytes = new AtomicLong();
        long startNs = System.nanoTime();
        List<Producer> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            producers.add(new Producer(kinesis, stream, p, stop, startNs, offeredBytes));
        }
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        int open = 4;
        long grewAfterMs = -1;
        long loadMs = -1;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Producer p : producers) {
                running.add(pool.submit(p));
            }
            long deadline = startNs + LOAD_DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                Kit.pause(500);
                for (Future<?> f : running) {
                    if (f.isDone()) {
                        f.get(); // a producer failed: report why
                        throw new AssertionError("a producer stopped early");
                    }
                }
                open = openShards(kinesis, stream).size();
                if (open > 4) {
                    grewAfterMs = (System.nanoTime() - startNs) / 1_000_000;
                    Kit.pause(AFTER_GROWTH_MS);
                    break;
                }
            }
            loadMs = (System.nanoTime() - startNs) / 1_000_000;
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("producer threads ended").isTrue();
        }
        ReshardIT.Ledger ledger = new ReshardIT.Ledger();
        long throttled = 0;
        for (Producer p : producers) {
            ledger.addAll(p.ledger);
            throttled += p.throttled;
        }
        String load = String.format("%d producers offered %.1f MiB/s of new records for %d ms, then re-sent what was "
                        + "refused (%d records acknowledged; %d entries refused with %s and re-sent; %d entries failed "
                        + "otherwise, %d in calls that threw)", PRODUCERS,
                offeredBytes.get() / 1048576.0 / (loadMs / 1000.0), loadMs, ledger.ackedCount(), throttled, THROTTLED,
                ledger.failedEntries.size(), ledger.ambiguous.size());
        assertThat(grewAfterMs).as("the stream grew beyond 4 open shards within %s; %s", LOAD_DEADLINE, load)
                .isNotNegative();

        // the growth, in ListShards and in the metrics, once the scaler had two intervals without load (so
        // no split is under way while the checks look)
        Kit.pause(2_500);
        Kit.awaitActive(kinesis, stream);
        List<Shard> openAfter = openShards(kinesis, stream);
        assertThat(openAfter.size()).as("open shards (AT_LATEST) after the load").isGreaterThan(4);
        ReshardIT.assertCoverage(openAfter, openAfter.size(), false);
        ReshardIT.assertLineage(Kit.shards(kinesis, stream));
        MetricsIT.Scrape metrics = MetricsIT.scrape(riffle.endpoint());
        String s = "{stream=\"" + stream + "\"}";
        assertThat(metrics.value("riffle_kinesis_open_shards" + s)).as("open-shard gauge").isEqualTo(openAfter.size());
        assertThat(metrics.value("riffle_kinesis_on_demand_splits_total" + s)).as("on-demand splits")
                .isEqualTo(openAfter.size() - 4);
        if (ledger.ambiguous.isEmpty()) {
            // every call got its answer: the server counted exactly what the clients were told
            assertThat(metrics.value("riffle_kinesis_incoming_records_total" + s)).as("incoming records")
                    .isEqualTo(ledger.ackedCount());
            assertThat(metrics.value("riffle_kinesis_write_provisioned_throughput_exceeded_total" + s))
                    .as("records refused by the write limit").isEqualTo(throttled);
        }

        // every acknowledged record read exactly once, per key in order, following the lineage
        ReshardIT.LineageReader reader = new ReshardIT.LineageReader(kinesis, stream, roots);
        long readEnd = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int slimmed = 0;
        while (!reader.round()) {
            // keep only the id of each payload: the reads of a whole run would not fit in the heap
            for (; slimmed < reader.reads.size(); slimmed++) {
                reader.reads.set(slimmed, idOnly(reader.reads.get(slimmed)));
            }
            assertThat(System.nanoTime()).as("the lineage read to end within 120 s (%d records read)",
                    reader.reads.size()).isLessThan(readEnd);
        }
        for (; slimmed < reader.reads.size(); slimmed++) {
            reader.reads.set(slimmed, idOnly(reader.reads.get(slimmed)));
        }
        List<String> problems = new ArrayList<>(reader.problems);
        problems.addAll(ReshardIT.verify(ledger, reader.reads));
        problems.addAll(ledger.failures.stream().limit(20).map(f -> "write failed: " + f).toList());
        assertThat(problems).as("%s; %d read; shards finished %s, open %s", load, reader.reads.size(),
                reader.finished, reader.iterators.keySet()).isEmpty();
        Set<String> openIds = new HashSet<>(ReshardIT.ids(openAfter));
        assertThat(reader.iterators.keySet()).as("the shards the lineage read ended on").isEqualTo(openIds);
        assertThat(reader.finished).as("closed shards read to their end").isNotEmpty();
        Map<String, Long> perShard = reader.reads.stream()
                .collect(Collectors.groupingBy(ReshardIT.LineageReader.Read::shardId, LinkedHashMap::new,
                        Collectors.counting()));
        assertThat(perShard.keySet()).as("shards that took records: the load went on after the split")
                .anyMatch(id -> !roots.contains(id));
        System.out.printf("on-demand growth (%s): %d -> %d open shards after %d ms; %s; read per shard %s%n",
                SdkClients.formatName(), roots.size(), openAfter.size(), grewAfterMs, load, perShard);
        Kit.deleteAndAwaitGone(kinesis, stream);
    }

    private static List<Shard> openShards(KinesisClient kinesis, String stream) {
        return kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                .shards();
    }

    /** The read with its payload cut to the {@code key:counter} id before the padding. */
    private static ReshardIT.LineageReader.Read idOnly(ReshardIT.LineageReader.Read read) {
        Record r = read.record();
        String data = r.data().asUtf8String();
        int end = data.indexOf('#');
        if (end < 0) {
            return read; // already slimmed, or not ours: verify reports a bad payload
        }
        return new ReshardIT.LineageReader.Read(read.shardId(),
                r.toBuilder().data(SdkBytes.fromUtf8String(data.substring(0, end))).build());
    }

    /**
     * PutRecords batches of up to {@link #BATCH} records of {@link #RECORD_BYTES} bytes over random
     * keys {@code p<n>-k<j>}, each record {@code key:counter#padding}, new records paced to its share
     * of {@link #OFFERED_BYTES_PER_SECOND}. Entries refused with ProvisionedThroughputExceededException
     * go again in the next call (after {@link #THROTTLED_BACKOFF_MS}), first, and their keys take no
     * new record until they went in, so each key's records are stored in counter order.
     */
    static final class Producer implements java.util.concurrent.Callable<Void> {
        final ReshardIT.Ledger ledger = new ReshardIT.Ledger();
        long throttled;
        private final KinesisClient kinesis;
        private final String stream;
        private final int n;
        private final AtomicBoolean stop;
        private final long startNs;
        private final AtomicLong offeredBytes;

        Producer(KinesisClient kinesis, String stream, int n, AtomicBoolean stop, long startNs,
                 AtomicLong offeredBytes) {
            this.kinesis = kinesis;
            this.stream = stream;
            this.n = n;
            this.stop = stop;
            this.startNs = startNs;
            this.offeredBytes = offeredBytes;
        }

        @Override
        public Void call() {
            long[] next = new long[KEYS];
            Map<Integer, PutRecordsRequestEntry> pending = new LinkedHashMap<>(); // key -> refused entry
            byte[] padding = new byte[RECORD_BYTES];
            Arrays.fill(padding, (byte) 'x');
            long drainUntil = Long.MAX_VALUE;
            long newRecords = 0;
            double recordsPerNano = OFFERED_BYTES_PER_SECOND / (double) PRODUCERS / RECORD_BYTES / 1e9;
            while (!pending.isEmpty() || !stop.get()) {
                if (stop.get() && drainUntil == Long.MAX_VALUE) {
                    drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                }
                if (System.nanoTime() > drainUntil) {
                    ledger.failures.add(pending.size() + " refused entries not re-sent within 30 s of the stop");
                    return null;
                }
                List<Integer> keys = new ArrayList<>(pending.keySet());
                List<PutRecordsRequestEntry> entries = new ArrayList<>(pending.values());
                Set<Integer> used = new HashSet<>(keys);
                long due = (long) ((System.nanoTime() - startNs) * recordsPerNano) - newRecords;
                if (entries.isEmpty() && (due <= 0 || stop.get())) {
                    Kit.pause(10);
                    continue;
                }
                for (long added = 0; !stop.get() && added < due && entries.size() < BATCH; ) {
                    int j = ThreadLocalRandom.current().nextInt(KEYS);
                    if (!used.add(j)) {
                        continue;
                    }
                    String key = "p" + n + "-k" + j;
                    byte[] id = (key + ":" + next[j]++ + "#").getBytes(StandardCharsets.UTF_8);
                    byte[] data = Arrays.copyOf(id, RECORD_BYTES);
                    System.arraycopy(padding, 0, data, id.length, RECORD_BYTES - id.length);
                    keys.add(j);
                    entries.add(PutRecordsRequestEntry.builder().partitionKey(key)
                            .data(SdkBytes.fromByteArrayUnsafe(data)).build());
                    added++;
                    newRecords++;
                    offeredBytes.addAndGet(RECORD_BYTES + key.length());
                }
                pending.clear();
                PutRecordsResponse response;
                try {
                    response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
                } catch (SdkException e) {
                    // stored or not, nobody knows: later records of these keys must still come in order
                    entries.forEach(entry -> ledger.ambiguous.add(idOf(entry)));
                    ledger.failures.add("PutRecords threw " + Kit.describe(e));
                    continue;
                }
                List<PutRecordsResultEntry> results = response.records();
                if (results.size() != entries.size()) {
                    ledger.failures.add("PutRecords answered " + results.size() + " entries for " + entries.size());
                    entries.forEach(entry -> ledger.ambiguous.add(idOf(entry)));
                    continue;
                }
                if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
                    Kit.pause(THROTTLED_BACKOFF_MS);
                }
                for (int i = 0; i < entries.size(); i++) {
                    PutRecordsResultEntry r = results.get(i);
                    String id = idOf(entries.get(i));
                    if (r.errorCode() == null) {
                        ledger.acks.put(id, new ReshardIT.Ledger.Ack(r.shardId(), r.sequenceNumber()));
                    } else if (THROTTLED.equals(r.errorCode())) {
                        throttled++;
                        pending.put(keys.get(i), entries.get(i));
                    } else {
                        ledger.failedEntries.add(id);
                        ledger.failures.add(id + ": " + r.errorCode() + " " + r.errorMessage());
                    }
                }
            }
            return null;
        }

        private static String idOf(PutRecordsRequestEntry entry) {
            String data = new String(entry.data().asByteArrayUnsafe(), 0, 64, StandardCharsets.UTF_8);
            return data.substring(0, data.indexOf('#'));
        }
    }
}
