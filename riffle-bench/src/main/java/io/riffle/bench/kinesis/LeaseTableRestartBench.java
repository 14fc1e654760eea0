package io.riffle.bench.kinesis;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.dynamodb.DynamoDbService;
import io.riffle.metadata.OpenReport;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Leases renewed forever, then a restart: {@code --updates} UpdateItems (ADD leaseCounter 1, SET a 100-byte owner
 * string) spread over {@code --items} items of one table, sent to Riffle's DynamoDB engine in process (the service's
 * own request path without HTTP, {@code --in-flight} at a time, durability fsync, the server's snapshot policy), then
 * the store is closed and opened again: prints the write rate, the data directory's size, how long the reopen took,
 * what it replayed, and checks every item's counter.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.LeaseTableRestartBench [--updates 1000000]
 *       [--items 100] [--in-flight 256] [--dir target/bench/lease-restart]
 * </pre>
 */
public final class LeaseTableRestartBench {
    private LeaseTableRestartBench() {
    }

    public static void main(String[] args) throws Exception {
        int updates = 1_000_000;
        int items = 100;
        int inFlight = 256;
        Path dir = Path.of("target", "bench", "lease-restart");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--updates" -> updates = Integer.parseInt(args[i + 1]);
                case "--items" -> items = Integer.parseInt(args[i + 1]);
                case "--in-flight" -> inFlight = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--updates N --items N --in-flight N --dir PATH)");
            }
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        String owner = "w".repeat(100);
        long writeStarted = System.nanoTime();
        try (LogStore store = LogStore.open(StoreConfig.at(dir).validate())) {
            DynamoDbService service = start(store);
            check(call(service, "CreateTable", "{\"TableName\":\"leases\",\"BillingMode\":\"PAY_PER_REQUEST\","
                    + "\"KeySchema\":[{\"AttributeName\":\"leaseKey\",\"KeyType\":\"HASH\"}],"
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"leaseKey\",\"AttributeType\":\"S\"}]}").join());
            Semaphore window = new Semaphore(inFlight);
            List<CompletableFuture<AwsAnswer>> last = new ArrayList<>();
            for (int i = 0; i < updates; i++) {
                window.acquire();
                CompletableFuture<AwsAnswer> answer = call(service, "UpdateItem", "{\"TableName\":\"leases\","
                        + "\"Key\":{\"leaseKey\":{\"S\":\"shardId-" + (i % items) + "\"}},"
                        + "\"UpdateExpression\":\"ADD leaseCounter :one SET leaseOwner = :owner\","
                        + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},\":owner\":{\"S\":\"" + owner + "\"}}}");
                answer.whenComplete((a, e) -> window.release());
                if (i >= updates - inFlight) {
                    last.add(answer);
                }
            }
            last.forEach(a -> check(a.join()));
            service.close();
        }
        double writeSeconds = (System.nanoTime() - writeStarted) / 1e9;
        long bytes = treeBytes(dir);
        long openStarted = System.nanoTime();
        try (LogStore store = LogStore.open(StoreConfig.at(dir).validate())) {
            DynamoDbService service = start(store);
            double openSeconds = (System.nanoTime() - openStarted) / 1e9;
            OpenReport report = service.openReport();
            String scan = new String(bodyOf(call(service, "Scan", "{\"TableName\":\"leases\"}").join()),
                    StandardCharsets.UTF_8);
            long expectedEach = updates / items;
            int matching = 0;
            for (int k = 0; k < items; k++) {
                if (scan.contains("\"leaseKey\":{\"S\":\"shardId-" + k + "\"}") && scan.contains(
                        "\"leaseCounter\":{\"N\":\"" + (expectedEach + (k < updates % items ? 1 : 0)) + "\"}")) {
                    matching++;
                }
            }
            System.out.printf("%d UpdateItems over %d items (%d in flight, fsync): %.1f s, %.0f/s; data directory "
                            + "%.1f MB; reopen %.2f s (from snapshot %s, %d events replayed); items checked %d of %d%n",
                    updates, items, inFlight, writeSeconds, updates / writeSeconds, bytes / 1e6, openSeconds,
                    report.fromSnapshot(), report.eventsReplayed(), matching, items);
            service.close();
        }
    }

    private static DynamoDbService start(LogStore store) throws IOException {
        DynamoDbService service = new DynamoDbService("us-east-1", "000000000000");
        service.start(store, 0, SnapshotPolicy.DEFAULT, InstantSource.system());
        return service;
    }

    private static CompletableFuture<AwsAnswer> call(DynamoDbService service, String operation, String body) {
        return service.serve(AwsRequest.of("POST", "/", Map.of("X-Amz-Target", "DynamoDB_20120810." + operation,
                "Content-Type", "application/x-amz-json-1.0"), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void check(AwsAnswer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("DynamoDB answered " + answer.status() + ": " + answer.bodyText());
        }
    }

    private static byte[] bodyOf(AwsAnswer answer) {
        check(answer);
        return answer.bodyText().getBytes(StandardCharsets.UTF_8);
    }

    private static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
