package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The KCL 3.x, unchanged, fails over: three worker JVMs share a 6-shard stream; one holding leases is killed with
 * kill -9 and the test waits, reading the lease table through Riffle's DynamoDB, until the other two own every
 * lease (the time taken is printed: the takeover time). Then all three are killed with kill -9 and started again:
 * they resume from their checkpoints. Each time a worker resumes a shard (after the takeover, after the restart)
 * it processes nothing at or before the shard's checkpoint as the lease table held it when the previous owner
 * died: only records after it, which the dead worker may have processed too (the in-flight batch since its last
 * checkpoint; at least once). Every record is processed, per key in order.
 *
 * <p>Takeover is driven by the KCL's settings that {@link KclWorker} tunes: {@code failoverTimeMillis} (4 s: a lease
 * not renewed for that long is expired), {@code leaseAssignmentIntervalMillis} (2 s: how often the leader hands out
 * expired leases) and, when the dead worker was the leader, the leader lock's lease (6 s).
 */
class KclFailoverIT {
    private static final int KEYS = 30;
    private static final int ROUNDS_PER_PHASE = 40;
    private static final int CHECKPOINT_EVERY = 120;
    private static final List<String> WORKERS = List.of("w1", "w2", "w3");

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @RegisterExtension
    final KclWorkers workers = new KclWorkers(riffle);

    @Test
    void aKilledWorkersLeasesAreTakenOverAndRestartedWorkersResumeFromTheirCheckpoints() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, "kcl-failover", 6);
        String application = "kcl-failover-app";
        String checkpointEvery = "riffle.kcl.checkpointEvery=" + CHECKPOINT_EVERY;
        try (DynamoDbClient ddb = SdkClients.dynamoDb(riffle.endpoint())) {
            Map<String, KclWorkers.Worker> running = new LinkedHashMap<>();
            running.put("w1", workers.start(stream, application, "w1", "polling", checkpointEvery));
            workers.awaitMigrationState(ddb, application);
            for (String id : WORKERS.subList(1, WORKERS.size())) {
                running.put(id, workers.start(stream, application, id, "polling", checkpointEvery));
            }
            int rounds = sendRounds(kinesis, stream, 0);
            workers.awaitProcessed(rounds * KEYS);
            workers.awaitWhileAlive("all three workers to hold leases",
                    () -> Set.copyOf(KclWorkers.leaseOwners(ddb, application).values()).equals(Set.copyOf(WORKERS)));

            // kill -9 the worker holding the most leases
            Map<String, String> owners = KclWorkers.leaseOwners(ddb, application);
            String victim = WORKERS.stream().max((a, b) -> Long.compare(count(owners, a), count(owners, b)))
                    .orElseThrow();
            workers.kill9(running.remove(victim));
            long killedAtMicros = nowMicros();
            long killedAt = System.nanoTime();
            // the victim's shards only: the survivors' checkpoints move on while the test reads them
            Map<String, BigInteger> checkpointsAtKill = checkpoints(ddb, application);
            checkpointsAtKill.keySet().retainAll(owners.entrySet().stream().filter(e -> e.getValue().equals(victim))
                    .map(Map.Entry::getKey).toList());
            workers.awaitWhileAlive("the leases of " + victim + " taken over", () -> {
                Set<String> now = Set.copyOf(KclWorkers.leaseOwners(ddb, application).values());
                return running.keySet().containsAll(now);
            });
            double takeoverSeconds = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("KCL failover: %d leases of %s (kill -9) taken over by %s in %.1f s%n",
                    count(owners, victim), victim, running.keySet(), takeoverSeconds);
            rounds = sendRounds(kinesis, stream, rounds);
            List<ProcessedRecord> beforeRestart = workers.awaitProcessed(rounds * KEYS);
            assertResumedAfterCheckpoints(beforeRestart.stream().filter(r -> r.processedAtMicros() > killedAtMicros)
                    .toList(), checkpointsAtKill, "after the takeover");

            // kill -9 the others too, then start all three again: each resumes from the checkpoints in the table
            for (KclWorkers.Worker worker : running.values()) {
                workers.kill9(worker);
            }
            long restartedAtMicros = nowMicros();
            Map<String, BigInteger> checkpointsAtRestart = checkpoints(ddb, application);
            for (String id : WORKERS) {
                workers.start(stream, application, id, "polling", checkpointEvery);
            }
            rounds = sendRounds(kinesis, stream, rounds);
            List<ProcessedRecord> all = workers.awaitProcessed(rounds * KEYS);
            List<ProcessedRecord> afterRestart = all.stream().filter(r -> r.processedAtMicros() > restartedAtMicros)
                    .toList();
            assertResumedAfterCheckpoints(afterRestart, checkpointsAtRestart, "after the restart");

            assertThat(ProcessedRecord.distinct(all)).as("records processed").isEqualTo(KeyRounds.expected(KEYS, rounds));
            for (Map.Entry<String, List<Integer>> key : ProcessedRecord.firstSeenByKey(all).entrySet()) {
                assertThat(key.getValue()).as("records of %s in the order first processed", key.getKey()).isSorted();
            }
            int lastPhase = rounds - ROUNDS_PER_PHASE;
            long repeated = afterRestart.stream().filter(r -> Integer.parseInt(r.data()) < lastPhase).count();
            System.out.printf("KCL restart: 3 workers resumed; %d records processed again (after the last checkpoints,"
                    + " checkpointing every %d per shard)%n", repeated, CHECKPOINT_EVERY);
        }
    }

    /** Sends {@value #ROUNDS_PER_PHASE} rounds after {@code from}; answers the number of rounds sent in all. */
    private static int sendRounds(KinesisClient kinesis, String stream, int from) {
        for (int round = from; round < from + ROUNDS_PER_PHASE; round++) {
            KeyRounds.send(kinesis, stream, KEYS, round);
        }
        return from + ROUNDS_PER_PHASE;
    }

    /** Each shard's checkpointed sequence number in the lease table (shards not checkpointed yet are left out). */
    private static Map<String, BigInteger> checkpoints(DynamoDbClient ddb, String application) {
        Map<String, BigInteger> checkpoints = new HashMap<>();
        for (Map<String, AttributeValue> lease : ddb.scanPaginator(b -> b.tableName(application).consistentRead(true))
                .items()) {
            if (KclWorkers.SHARD_LEASE.test(lease) && lease.get("checkpoint").s().matches("\\d+")) {
                checkpoints.put(lease.get("leaseKey").s(), new BigInteger(lease.get("checkpoint").s()));
            }
        }
        return checkpoints;
    }

    /** Nothing processed in {@code resumed} is at or before its shard's checkpoint (shards in {@code checkpoints}). */
    private static void assertResumedAfterCheckpoints(List<ProcessedRecord> resumed, Map<String, BigInteger> checkpoints,
            String when) {
        assertThat(checkpoints).as("shards checkpointed").isNotEmpty();
        for (ProcessedRecord record : resumed) {
            BigInteger checkpoint = checkpoints.get(record.shardId());
            if (checkpoint != null) {
                assertThat(record.sequenceNumber()).as("%s: record of %s processed by %s %s, checkpoint %s",
                        record.partitionKey() + "/" + record.data(), record.shardId(), record.worker(), when,
                        checkpoint).isGreaterThan(checkpoint);
            }
        }
    }

    private static long count(Map<String, String> owners, String worker) {
        return owners.values().stream().filter(worker::equals).count();
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
