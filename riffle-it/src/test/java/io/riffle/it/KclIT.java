package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Kinesis Client Library 3.x, unchanged, against Riffle alone: two workers in their own JVMs
 * ({@link KclWorkers}) consume a 4-shard stream while records flow, with their leases in Riffle's
 * DynamoDB; both retrieval modes (polling, and enhanced fan-out with the consumer registered by
 * the KCL). Every record is processed, and per partition key in order; both workers hold leases.
 * The KCL's MultiLangDaemon, unchanged, with a Python record processor speaking its protocol
 * ({@code src/test/python/kcl_multilang_processor.py}); and the KCL 2.x (riffle-it-kcl2's worker). The server
 * verifies SigV4 ({@code auth=sigv4}) and every KCL signs with the root's keys: each KCL's Kinesis, DynamoDB and
 * SubscribeToShard calls pass the same checks as any other client's.
 */
class KclIT {
    private static final int KEYS = 40;
    private static final int PER_KEY = 100;

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

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

    /**
     * The KCL's other runtimes, side by side on two streams (their start-up waits overlap): the MultiLangDaemon (the
     * KCL in a JVM, the record processing in child processes it talks to over stdin/stdout JSON: how amazon_kclpy, the
     * Node, Ruby and .NET KCLs run) with our Python processor, and the last KCL 2.x (2.7.2), unchanged, in a JVM on
     * riffle-it-kcl2's class path (the 2.x and 3.x share package names). Each: every record processed, per key in
     * order, and each shard's lease checkpointed at its last record (both processors checkpoint each batch's last).
     */
    @Test
    void theMultiLangDaemonAndTheKcl2ProcessEveryRecord(@TempDir Path tmp) throws Exception {
        long started = System.nanoTime();
        KclWorkers.Worker multiLang = startMultiLangDaemon("kcl-multilang", "kcl-app-multilang", tmp);
        KclWorkers.Worker kcl2 = startKcl2Worker("kcl2", "kcl2-app", tmp);
        checkProcessedAndCheckpointed(multiLang, "kcl-app-multilang");
        System.out.printf("KCL MultiLangDaemon: %d records processed and checkpointed %.1f s after the start%n",
                OTHER_KEYS * OTHER_ROUNDS, (System.nanoTime() - started) / 1e9);
        checkProcessedAndCheckpointed(kcl2, "kcl2-app");
        System.out.printf("KCL 2.x: %d records processed and checkpointed %.1f s after the start%n",
                OTHER_KEYS * OTHER_ROUNDS, (System.nanoTime() - started) / 1e9);
    }

    private static final int OTHER_KEYS = 10;
    private static final int OTHER_ROUNDS = 20;

    private static void createStreamWithRounds(String stream) {
        riffle.kinesis().createStream(b -> b.streamName(stream).shardCount(2));
        SdkClients.fastWaiter(riffle.kinesis(), 100, 100).waitUntilStreamExists(b -> b.streamName(stream));
        for (int round = 0; round < OTHER_ROUNDS; round++) {
            KeyRounds.send(riffle.kinesis(), stream, OTHER_KEYS, round);
        }
    }

    /** The daemon JVM from a properties file pointing at Riffle, running src/test/python/kcl_multilang_processor.py. */
    private KclWorkers.Worker startMultiLangDaemon(String stream, String application, Path tmp) throws Exception {
        createStreamWithRounds(stream);
        Path output = tmp.resolve("multilang.out");
        Path processor = Path.of(System.getProperty("riffle.it.python", "src/test/python"))
                .resolve("kcl_multilang_processor.py").toAbsolutePath();
        Path properties = tmp.resolve("multilang.properties");
        Files.writeString(properties, String.join("\n",
                "executableName = python3 " + processor + " " + output,
                "processingLanguage = python/3",
                "streamName = " + stream,
                "applicationName = " + application,
                "workerId = multilang-w1",
                "regionName = " + SdkClients.REGION.id(),
                "kinesisEndpoint = " + riffle.endpoint(),
                "dynamoDBEndpoint = " + riffle.endpoint(),
                "AwsCredentialsProvider = SystemPropertyCredentialsProvider",
                "initialPositionInStream = TRIM_HORIZON",
                "retrievalMode = POLLING",
                "idleTimeBetweenReadsInMillis = 250",
                "metricsLevel = NONE",
                "disableWorkerMetrics = true",
                // failover tuned as KclWorker's, so a fresh application's first leases come in seconds
                "failoverTimeMillis = " + KclWorker.FAILOVER_MS,
                "leaseAssignmentIntervalMillis = " + KclWorker.ASSIGNMENT_MS,
                "workerMetricsReporterFreqInMillis = " + KclWorker.WORKER_REPORT_MS,
                "shardSyncIntervalMillis = 5000",
                "parentShardPollIntervalMillis = 1000",
                ""), StandardCharsets.UTF_8);
        // the credentials the properties name; the CloudWatch client (never called: metrics are NONE) points at Riffle
        List<String> jvmProperties = List.of("aws.accessKeyId=" + SdkClients.ACCESS_KEY,
                "aws.secretAccessKey=" + SdkClients.SECRET_KEY, "aws.endpointUrl=" + riffle.endpoint());
        return workers.launch("multilang-w1", output, jvmProperties, "software.amazon.kinesis.multilang.MultiLangDaemon",
                List.of("--properties-file", properties.toString()));
    }

    /** riffle-it-kcl2's Kcl2Worker (polling) on the class path that module wrote. */
    private KclWorkers.Worker startKcl2Worker(String stream, String application, Path tmp) throws Exception {
        createStreamWithRounds(stream);
        String classPath = System.getProperty("riffle.it.kcl2.jar") + java.io.File.pathSeparator
                + Files.readString(Path.of(System.getProperty("riffle.it.kcl2.classpath"))).strip();
        Path output = tmp.resolve("kcl2.out");
        return workers.launch("kcl2-w1", output, List.of(), classPath, "io.riffle.itkcl2.Kcl2Worker",
                List.of(riffle.endpoint().toString(), stream, application, "kcl2-w1", output.toString()));
    }

    /** {@code worker} processed every record sent, per key in order, and each shard's lease holds its last record. */
    private void checkProcessedAndCheckpointed(KclWorkers.Worker worker, String application) {
        Set<String> expected = KeyRounds.expected(OTHER_KEYS, OTHER_ROUNDS);
        workers.awaitWhileAlive(worker.id + " to process all " + expected.size() + " records",
                () -> ProcessedRecord.distinct(worker.processed()).size() >= expected.size());
        List<ProcessedRecord> processed = worker.processed();
        assertThat(ProcessedRecord.distinct(processed)).isEqualTo(expected);
        for (Map.Entry<String, List<Integer>> key : ProcessedRecord.firstSeenByKey(processed).entrySet()) {
            assertThat(key.getValue()).as("records of %s in the order first processed", key.getKey()).isSorted();
        }
        Map<String, BigInteger> lastPerShard = new HashMap<>();
        processed.forEach(r -> lastPerShard.merge(r.shardId(), r.sequenceNumber(), BigInteger::max));
        Map<String, String> expectedCheckpoints = new HashMap<>();
        lastPerShard.forEach((shard, sequenceNumber) -> expectedCheckpoints.put(shard, sequenceNumber.toString()));
        try (DynamoDbClient ddb = SdkClients.dynamoDb(riffle.endpoint())) {
            workers.awaitWhileAlive("every shard checkpointed at its last record", () -> {
                Map<String, String> checkpoints = new HashMap<>(); // TRIM_HORIZON until the first checkpoint
                for (Map<String, AttributeValue> lease : ddb.scanPaginator(b -> b.tableName(application)
                        .consistentRead(true)).items()) {
                    if (KclWorkers.SHARD_LEASE.test(lease)) {
                        checkpoints.put(lease.get("leaseKey").s(), lease.get("checkpoint").s());
                    }
                }
                return checkpoints.equals(expectedCheckpoints);
            });
        }
    }
}
