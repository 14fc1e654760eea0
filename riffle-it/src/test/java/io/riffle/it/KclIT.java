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
 * ({@code src/test/python/kcl_multilang_processor.py}).
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

    /**
     * The MultiLangDaemon (the KCL in a JVM, the record processing in child processes it talks to over stdin/stdout
     * JSON: how amazon_kclpy, the Node, Ruby and .NET KCLs run) with our Python processor: every record processed, per
     * key in order, and each shard's lease checkpointed at its last record through the daemon.
     */
    @Test
    void multiLangDaemonRunsAPythonRecordProcessor(@TempDir Path tmp) throws Exception {
        String stream = "kcl-multilang";
        String application = "kcl-app-multilang";
        int keys = 10;
        int rounds = 20;
        riffle.kinesis().createStream(b -> b.streamName(stream).shardCount(2));
        SdkClients.fastWaiter(riffle.kinesis(), 100, 100).waitUntilStreamExists(b -> b.streamName(stream));
        for (int round = 0; round < rounds; round++) {
            KeyRounds.send(riffle.kinesis(), stream, keys, round);
        }

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
        workers.launch("multilang-w1", output, jvmProperties, "software.amazon.kinesis.multilang.MultiLangDaemon",
                List.of("--properties-file", properties.toString()));

        List<ProcessedRecord> processed = workers.awaitProcessed(keys * rounds);
        assertThat(ProcessedRecord.distinct(processed)).isEqualTo(KeyRounds.expected(keys, rounds));
        for (Map.Entry<String, List<Integer>> key : ProcessedRecord.firstSeenByKey(processed).entrySet()) {
            assertThat(key.getValue()).as("records of %s in the order first processed", key.getKey()).isSorted();
        }
        // the processor checkpointed each batch at its last record: the lease table holds each shard's last record
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
