package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The KCL 3.x, unchanged, follows resharding: two worker JVMs consume a 4-shard stream while a producer sends
 * numbered records per key without pause, and the stream goes through UpdateShardCount 4 -> 8 -> 4 and a
 * MergeShards. After each step the test waits until the workers have processed records from every open shard (so
 * each step happens under the KCL's feet, not after it stopped). Then: every record sent was processed at least
 * once; per partition key, records were first processed in the order sent, across workers and shards; and every
 * child shard's first record was processed after its parents' last ones (the lineage from ListShards, the times
 * from the workers' outputs).
 */
class KclReshardIT {
    private static final int KEYS = 20;
    private static final long BATCH_EVERY_MS = 50;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @RegisterExtension
    final KclWorkers workers = new KclWorkers(riffle);

    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws Exception {
        producer.shutdownNow();
        producer.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void twoWorkersFollowUpdateShardCountAndMergeParentsBeforeChildren() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, "kcl-reshard", 4);
        String application = "kcl-reshard-app";
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger rounds = new AtomicInteger();
        Future<?> sending;
        try (DynamoDbClient ddb = SdkClients.dynamoDb(riffle.endpoint())) {
            workers.start(stream, application, "w1", "polling");
            workers.awaitMigrationState(ddb, application);
            workers.start(stream, application, "w2", "polling");
            sending = producer.submit(() -> {
                while (producing.get()) {
                    KeyRounds.send(kinesis, stream, KEYS, rounds.get());
                    rounds.incrementAndGet();
                    Kit.pause(BATCH_EVERY_MS);
                }
                return null;
            });
            awaitEveryOpenShardProcessed(kinesis, stream, sending);

            kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(8).scalingType(ScalingType.UNIFORM_SCALING));
            Kit.awaitActive(kinesis, stream);
            awaitEveryOpenShardProcessed(kinesis, stream, sending);

            kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
            Kit.awaitActive(kinesis, stream);
            awaitEveryOpenShardProcessed(kinesis, stream, sending);

            List<Shard> open = openShards(kinesis, stream);
            Shard first = open.get(0);
            Shard adjacent = open.stream().filter(s -> start(s).equals(end(first).add(BigInteger.ONE))).findFirst()
                    .orElseThrow(() -> new AssertionError("no shard adjacent to " + first + " in " + open));
            kinesis.mergeShards(b -> b.streamName(stream).shardToMerge(first.shardId())
                    .adjacentShardToMerge(adjacent.shardId()));
            Kit.awaitActive(kinesis, stream);
            awaitEveryOpenShardProcessed(kinesis, stream, sending);

            producing.set(false);
            sending.get(30, TimeUnit.SECONDS);
        }

        int sent = rounds.get() * KEYS;
        List<ProcessedRecord> processed = workers.awaitProcessed(sent);
        assertThat(ProcessedRecord.distinct(processed)).as("records processed").isEqualTo(KeyRounds.expected(KEYS, rounds.get()));
        for (Map.Entry<String, List<Integer>> key : ProcessedRecord.firstSeenByKey(processed).entrySet()) {
            assertThat(key.getValue()).as("records of %s in the order first processed", key.getKey()).isSorted();
        }

        List<Shard> all = Kit.shards(kinesis, stream);
        assertThat(all).as("shards: 4, then 8 children, then 4, then a merge").hasSize(4 + 8 + 4 + 1);
        Map<String, List<ProcessedRecord>> byShard = processed.stream()
                .collect(Collectors.groupingBy(ProcessedRecord::shardId));
        assertThat(byShard.keySet()).as("shards with records processed").containsExactlyInAnyOrderElementsOf(
                all.stream().map(Shard::shardId).toList());
        int children = 0;
        for (Shard child : all) {
            long childFirst = byShard.get(child.shardId()).stream().mapToLong(ProcessedRecord::processedAtMicros).min()
                    .orElseThrow();
            for (String parent : new String[] {child.parentShardId(), child.adjacentParentShardId()}) {
                if (parent == null) {
                    continue;
                }
                children++;
                long parentLast = byShard.get(parent).stream().mapToLong(ProcessedRecord::processedAtMicros).max()
                        .orElseThrow();
                assertThat(childFirst).as("first record of %s processed after the last of its parent %s",
                        child.shardId(), parent).isGreaterThanOrEqualTo(parentLast);
            }
        }
        assertThat(children).as("parent-child pairs checked").isEqualTo(8 + 8 + 2);
        System.out.printf("KCL resharding: %d records, %d processed (with repeats), 17 shards%n", sent, processed.size());
    }

    /** Waits until the workers have processed at least one record from each open shard of the stream. */
    private void awaitEveryOpenShardProcessed(KinesisClient kinesis, String stream, Future<?> sending) {
        Set<String> open = openShards(kinesis, stream).stream().map(Shard::shardId).collect(Collectors.toSet());
        workers.awaitWhileAlive("records processed from each of " + open, () -> {
            assertThat(sending.isDone()).as("producer stopped early (a failed PutRecords)").isFalse();
            Set<String> seen = workers.processed().stream().map(ProcessedRecord::shardId).collect(Collectors.toSet());
            return seen.containsAll(open);
        });
    }

    private static List<Shard> openShards(KinesisClient kinesis, String stream) {
        return Kit.shards(kinesis, stream).stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                .sorted(Comparator.comparing(KclReshardIT::start)).toList();
    }

    private static BigInteger start(Shard shard) {
        return new BigInteger(shard.hashKeyRange().startingHashKey());
    }

    private static BigInteger end(Shard shard) {
        return new BigInteger(shard.hashKeyRange().endingHashKey());
    }
}
