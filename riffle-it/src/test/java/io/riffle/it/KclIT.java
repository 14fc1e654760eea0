package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Kinesis Client Library 3.x, unchanged, against Riffle alone: two workers in their own JVMs
 * ({@link KclWorkers}) consume a 4-shard stream while records flow, with their leases in Riffle's
 * DynamoDB; both retrieval modes (polling, and enhanced fan-out with the consumer registered by
 * the KCL). Every record is processed, and per partition key in order; both workers hold leases.
 */
class KclIT {
    private static final int KEYS = 40;
    private static final int PER_KEY = 100;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @RegisterExtension
    final KclWorkers workers = new KclWorkers(riffle);

    @ParameterizedTest
    @ValueSource(strings = {"polling", "fanout"})
    void twoWorkersProcessEveryRecordInOrderPerKey(String mode) throws Exception {
        // Enhanced fan-out (the KCL 3.x default) by default: two polling workers are KclReshardIT's and
        // KclFailoverIT's, so this one runs only when asked for (-Driffle.kcl.mode=polling)
        Assumptions.assumeTrue(System.getProperty("riffle.kcl.mode", "fanout").equals(mode));
        String stream = "kcl-" + mode;
        String application = "kcl-app-" + mode;
        riffle.kinesis().createStream(b -> b.streamName(stream).shardCount(4));
        SdkClients.fastWaiter(riffle.kinesis(), 100, 100).waitUntilStreamExists(b -> b.streamName(stream));
        try (DynamoDbClient ddb = SdkClients.dynamoDb(riffle.endpoint())) {
            workers.start(stream, application, mode + "-w1", mode);
            workers.awaitMigrationState(ddb, application);
            workers.start(stream, application, mode + "-w2", mode);

            long started = System.nanoTime();
            for (int round = 0; round < PER_KEY; round++) {
                KeyRounds.send(riffle.kinesis(), stream, KEYS, round);
            }

            List<ProcessedRecord> processed = workers.awaitProcessed(KEYS * PER_KEY);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("KCL %s: %d records processed by 2 workers in %.1f s%n", mode, KEYS * PER_KEY, seconds);
            for (Map.Entry<String, List<Integer>> key : ProcessedRecord.firstSeenByKey(processed).entrySet()) {
                assertThat(key.getValue()).as("records of %s in the order first processed", key.getKey()).isSorted();
            }

            // Both workers hold leases: the lease table (Riffle's DynamoDB) says so.
            Set<String> owners = new HashSet<>();
            workers.awaitWhileAlive("both workers to hold leases", () -> {
                owners.clear();
                owners.addAll(KclWorkers.leaseOwners(ddb, application).values());
                return owners.equals(Set.of(mode + "-w1", mode + "-w2"));
            });
            assertThat(owners).as("lease owners of %s", application).containsExactlyInAnyOrder(mode + "-w1", mode + "-w2");
        }
    }
}
