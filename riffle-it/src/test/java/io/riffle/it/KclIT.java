package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The Kinesis Client Library 3.x, unchanged, against Riffle alone: two workers in their own JVMs
 * ({@link KclWorker}) consume a 4-shard stream while records flow, with their leases in Riffle's
 * DynamoDB; both retrieval modes (polling, and enhanced fan-out with the consumer registered by
 * the KCL). Every record is processed, and per partition key in order; both workers hold leases.
 */
class KclIT {
    private static final int KEYS = 40;
    private static final int PER_KEY = 100;
    private static final long DEADLINE_MS = 180_000;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @TempDir
    Path tmp;

    private final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws Exception {
        for (Process worker : workers) {
            worker.destroy();
        }
        for (Process worker : workers) {
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly().waitFor();
            }
        }
    }

    private Process startWorker(String stream, String application, String workerId, String mode, Path output)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(RiffleServerProcess.javaBinary(), "-Xmx256m",
                "-Daws.disableEc2Metadata=true", "-cp", System.getProperty("java.class.path"), KclWorker.class.getName(),
                riffle.endpoint().toString(), stream, application, workerId, mode, output.toString())
                .redirectErrorStream(true).redirectOutput(logDirectory().resolve(workerId + ".log").toFile());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().remove("AWS_PROFILE");
        Process process = pb.start();
        workers.add(process);
        return process;
    }

    /** Where worker logs go: riffle-it's log directory (kept after the run), else the test's temporary directory. */
    private Path logDirectory() throws IOException {
        String logs = System.getProperty("riffle.it.logs");
        Path directory = logs == null ? tmp : Path.of(logs, "kcl");
        Files.createDirectories(directory);
        return directory;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "fanout"})
    void twoWorkersProcessEveryRecordInOrderPerKey(String mode) throws Exception {
        // -Driffle.kcl.mode=fanout runs one mode only
        Assumptions.assumeTrue(System.getProperty("riffle.kcl.mode", mode).equals(mode));
        String stream = "kcl-" + mode;
        String application = "kcl-app-" + mode;
        riffle.kinesis().createStream(b -> b.streamName(stream).shardCount(4));
        SdkClients.fastWaiter(riffle.kinesis(), 100, 100).waitUntilStreamExists(b -> b.streamName(stream));
        Path[] outputs = {tmp.resolve(mode + "-w1.out"), tmp.resolve(mode + "-w2.out")};
        startWorker(stream, application, mode + "-w1", mode, outputs[0]);
        // Two fresh KCL 3.5.1 workers starting at the same instant race to create the migration state; the loser's
        // conditional put fails (rightly) and its Scheduler retries initialization into a broken state
        // ("AssignmentMode is not initialized"), a KCL bug that real DynamoDB shows as well. The second worker starts
        // once the first has written that state, as a rolling deployment would.
        awaitMigrationState(application);
        startWorker(stream, application, mode + "-w2", mode, outputs[1]);

        long started = System.nanoTime();
        for (int seq = 0; seq < PER_KEY; seq++) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int key = 0; key < KEYS; key++) {
                batch.add(PutRecordsRequestEntry.builder().partitionKey("player-" + key)
                        .data(SdkBytes.fromString(Integer.toString(seq), StandardCharsets.UTF_8)).build());
            }
            var answer = riffle.kinesis().putRecords(b -> b.streamName(stream).records(batch));
            assertThat(answer.failedRecordCount()).isZero();
        }

        Map<String, List<Integer>> seen = awaitAll(outputs);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("KCL %s: %d records processed by 2 workers in %.1f s%n", mode, KEYS * PER_KEY, seconds);
        for (Map.Entry<String, List<Integer>> key : seen.entrySet()) {
            List<Integer> firstSeen = new ArrayList<>(new LinkedHashSet<>(key.getValue()));
            assertThat(firstSeen).as("records of %s in the order first processed", key.getKey()).isSorted();
        }

        // Both workers hold leases: the lease table (Riffle's DynamoDB) says so.
        try (DynamoDbClient ddb = SdkClients.dynamoDb(riffle.endpoint())) {
            Set<String> owners = new HashSet<>();
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (owners.size() < 2 && System.currentTimeMillis() < deadline) {
                owners.clear();
                for (Map<String, AttributeValue> lease : ddb.scan(b -> b.tableName(application)).items()) {
                    if (lease.containsKey("leaseOwner")) {
                        owners.add(lease.get("leaseOwner").s());
                    }
                }
                Thread.sleep(250);
            }
            assertThat(owners).as("lease owners of %s", application).containsExactlyInAnyOrder(mode + "-w1", mode + "-w2");
        }
    }

    /**
     * Waits until the first worker has written the KCL's migration state: a fresh 3.5.x application finds no
     * {@code <app>-CoordinatorState} table and keeps it in the lease table, as the item {@code Migration3.0}.
     */
    private void awaitMigrationState(String application) throws Exception {
        try (DynamoDbClient ddb = SdkClients.dynamoDb(riffle.endpoint())) {
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (true) {
                try {
                    if (ddb.getItem(b -> b.tableName(application)
                            .key(Map.of("leaseKey", AttributeValue.fromS("Migration3.0"))).consistentRead(true)).hasItem()) {
                        return;
                    }
                } catch (ResourceNotFoundException e) {
                    // not created yet
                }
                for (Process worker : workers) {
                    assertThat(worker.isAlive()).as("worker running; its log:%n%s", logs()).isTrue();
                }
                assertThat(System.currentTimeMillis()).as("the first worker initialized in time; its log:%n%s", logs())
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /** Waits until the workers' outputs hold every record; answers each key's records in processing order per file. */
    private Map<String, List<Integer>> awaitAll(Path[] outputs) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (true) {
            Set<String> distinct = new HashSet<>();
            Map<String, List<Integer>> byKeyAndFile = new HashMap<>();
            for (Path output : outputs) {
                if (!Files.exists(output)) {
                    continue;
                }
                for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                    String[] fields = line.split("\t");
                    if (fields.length != 3) {
                        continue; // a line being written
                    }
                    distinct.add(fields[1] + "/" + fields[2]);
                    byKeyAndFile.computeIfAbsent(output.getFileName() + ":" + fields[1], k -> new ArrayList<>())
                            .add(Integer.parseInt(fields[2]));
                }
            }
            if (distinct.size() == KEYS * PER_KEY) {
                return byKeyAndFile;
            }
            for (Process worker : workers) {
                assertThat(worker.isAlive()).as("worker running; its log:%n%s", logs()).isTrue();
            }
            assertThat(System.currentTimeMillis()).as("all %d records processed in time (%d so far); worker logs:%n%s",
                    KEYS * PER_KEY, distinct.size(), logs()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(logDirectory())) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                all.append("---- ").append(log.getFileName()).append('\n')
                        .append(RiffleServerProcess.tail(Files.readString(log, StandardCharsets.UTF_8), 40));
            }
        }
        return all.toString();
    }
}
