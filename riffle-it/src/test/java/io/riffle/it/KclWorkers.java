package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * KCL worker JVMs ({@link KclWorker}) for one test: starts them on the test's class path, kills them
 * (gracefully or with kill -9), reads what they processed and what their lease table says; also runs other
 * programs of the test's class path the same way ({@link #launch}). A worker's output is
 * {@code <outputs>/<workerId>-<run>.out}, its log {@code <logs>/<workerId>-<run>.log} (riffle-it's log directory,
 * kept after the run, when there is one). A test registers it as an extension on its server
 * ({@code @RegisterExtension final KclWorkers workers = new KclWorkers(riffle);}); after each test it stops every
 * JVM left.
 */
final class KclWorkers implements AfterEachCallback {
    static final Duration DEADLINE = Duration.ofSeconds(120);
    /** A shard's lease in the lease table (the table also holds the KCL's migration and leader rows). */
    static final Predicate<Map<String, AttributeValue>> SHARD_LEASE = item -> item.containsKey("checkpoint");

    private final RiffleServerExtension riffle;
    private final Path outputs;
    private final Path logs;
    private final List<Worker> workers = new ArrayList<>();

    /**
     * One run of a JVM: a KCL worker (its {@code output} holds what it processed) or another program ({@code output}
     * null); {@code isExpectedToEnd} once the test killed it on purpose or waits for its end.
     */
    static final class Worker {
        final String id;
        final Process process;
        final Path output;
        final Path log;
        volatile boolean isExpectedToEnd;

        Worker(String id, Process process, Path output, Path log) {
            this.id = id;
            this.process = process;
            this.output = output;
            this.log = log;
        }

        List<ProcessedRecord> processed() {
            return output == null ? List.of() : ProcessedRecord.read(id, output);
        }
    }

    KclWorkers(RiffleServerExtension riffle) {
        this.riffle = riffle;
        try {
            this.outputs = Files.createTempDirectory("riffle-kcl");
            String itLogs = System.getProperty("riffle.it.logs");
            this.logs = itLogs == null ? outputs : Path.of(itLogs, "kcl", outputs.getFileName().toString());
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a worker JVM; {@code properties} are {@code name=value} system properties it reads
     * ({@code riffle.kcl.checkpointEvery}, {@code riffle.kcl.failoverMs}).
     */
    Worker start(String stream, String application, String workerId, String mode, String... properties)
            throws IOException {
        Path output = outputs.resolve(workerId + "-" + (runs(workerId) + 1) + ".out");
        return launch(workerId, output, List.of(properties), KclWorker.class.getName(),
                List.of(riffle.endpoint().toString(), stream, application, workerId, mode, output.toString()));
    }

    /**
     * Starts {@code mainClass} of the test's class path in a JVM of its own, as a worker is started (its log beside
     * theirs, stopped with them); {@code properties} are {@code name=value} system properties.
     */
    Worker launch(String id, Path output, List<String> properties, String mainClass, List<String> args)
            throws IOException {
        return launch(id, output, properties, System.getProperty("java.class.path"), mainClass, args);
    }

    /** {@link #launch(String, Path, List, String, List)} on another class path (the KCL 2.x worker's). */
    Worker launch(String id, Path output, List<String> properties, String classPath, String mainClass,
                  List<String> args) throws IOException {
        Path log = logs.resolve(id + "-" + (runs(id) + 1) + ".log");
        List<String> command = new ArrayList<>(List.of(RiffleServerProcess.javaBinary(), "-Xmx256m",
                "-Daws.disableEc2Metadata=true"));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().remove("AWS_PROFILE");
        Worker worker = new Worker(id, pb.start(), output, log);
        workers.add(worker);
        return worker;
    }

    private long runs(String id) {
        return workers.stream().filter(w -> w.id.equals(id)).count();
    }

    /** kill -9: the worker's JVM ends at once, its leases stay as they were in the table. */
    void kill9(Worker worker) throws InterruptedException {
        worker.isExpectedToEnd = true;
        worker.process.destroyForcibly();
        assertThat(worker.process.waitFor(30, TimeUnit.SECONDS)).as("%s killed", worker.id).isTrue();
    }

    /** Every record processed so far by every worker run, in file order per run. */
    List<ProcessedRecord> processed() {
        List<ProcessedRecord> all = new ArrayList<>();
        for (Worker worker : workers) {
            all.addAll(worker.processed());
        }
        return all;
    }

    /** Waits until the workers have processed {@code expected} distinct records (key/data); fails with their logs. */
    List<ProcessedRecord> awaitProcessed(int expected) {
        AtomicReference<List<ProcessedRecord>> last = new AtomicReference<>(List.of());
        awaitWhileAlive("all " + expected + " records processed", () -> {
            last.set(processed());
            return ProcessedRecord.distinct(last.get()).size() >= expected;
        });
        return last.get();
    }

    /**
     * Waits until the first worker has written the KCL's migration state: a fresh 3.5.x application finds no
     * {@code <app>-CoordinatorState} table and keeps it in the lease table, as the item {@code Migration3.0}.
     * Two fresh KCL 3.5.1 workers starting at the same instant race to create it; the loser's conditional put fails
     * (rightly) and its Scheduler retries initialization into a broken state ("AssignmentMode is not initialized"),
     * a KCL bug that real DynamoDB shows as well. Tests start the others once this row exists, as a rolling
     * deployment would.
     */
    void awaitMigrationState(DynamoDbClient ddb, String application) {
        awaitWhileAlive("the first worker to initialize", () -> {
            try {
                return ddb.getItem(b -> b.tableName(application)
                        .key(Map.of("leaseKey", AttributeValue.fromS("Migration3.0"))).consistentRead(true)).hasItem();
            } catch (ResourceNotFoundException e) {
                return false; // not created yet
            }
        });
    }

    /** The shard leases of {@code application}: lease key -> owner ("" when none). */
    static Map<String, String> leaseOwners(DynamoDbClient ddb, String application) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Map<String, AttributeValue> lease : ddb.scanPaginator(b -> b.tableName(application).consistentRead(true))
                .items()) {
            if (SHARD_LEASE.test(lease)) {
                AttributeValue owner = lease.get("leaseOwner");
                owners.put(lease.get("leaseKey").s(), owner == null ? "" : owner.s());
            }
        }
        return owners;
    }

    /**
     * {@link Kit#await} that also fails at once, with the workers' logs, when a worker the test did not kill has died.
     */
    void awaitWhileAlive(String what, BooleanSupplier condition) {
        try {
            Kit.await(DEADLINE, what, () -> {
                for (Worker worker : workers) {
                    if (!worker.isExpectedToEnd && !worker.process.isAlive()) {
                        throw new AssertionError("worker " + worker.id + " died while waiting for " + what
                                + "; worker logs:\n" + logs());
                    }
                }
                return condition.getAsBoolean();
            });
        } catch (AssertionError e) {
            if (e.getMessage().startsWith("timed out")) {
                throw new AssertionError(e.getMessage() + "; worker logs:\n" + logs(), e);
            }
            throw e;
        }
    }

    /** The last lines of every worker's log. */
    String logs() {
        StringBuilder all = new StringBuilder();
        for (Worker worker : workers) {
            all.append("---- ").append(worker.log.getFileName()).append('\n');
            try {
                all.append(RiffleServerProcess.tail(Files.readString(worker.log, StandardCharsets.UTF_8), 40));
            } catch (IOException e) {
                all.append(e).append('\n');
            }
        }
        return all.toString();
    }

    /**
     * Stops every JVM still running: SIGTERM (the KCL shuts down gracefully), kill -9 after 30 s; deletes the
     * outputs.
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (Worker worker : workers) {
            worker.process.destroy();
        }
        for (Worker worker : workers) {
            if (!worker.process.waitFor(30, TimeUnit.SECONDS)) {
                worker.process.destroyForcibly().waitFor();
            }
        }
        workers.clear();
        try (Stream<Path> files = Files.walk(outputs)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.startsWith(logs)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
