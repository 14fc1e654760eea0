package io.riffle.bench.kinesis;

import io.riffle.bench.common.ChildServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The KCL's lease renewal against Riffle's DynamoDB: {@code --threads} renewers, each owning its
 * leases, send the conditional UpdateItem the KCL sends (Expected leaseCounter = the last value,
 * AttributeUpdates ADD 1, ReturnValues ALL_NEW) back to back for {@code --seconds} after a warm-up;
 * prints the latency percentiles and the rate. Starts its own server (the shaded riffle.jar,
 * default durability fsync) unless {@code --endpoint} is given.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.kinesis.LeaseTableBench [--threads 8] [--seconds 20]
 * </pre>
 */
public final class LeaseTableBench {
    private LeaseTableBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 8;
        int seconds = 20;
        int warmupSeconds = 5;
        String endpoint = null;
        Path jar = Path.of("riffle-cli/target/riffle.jar");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[i + 1]);
                case "--endpoint" -> endpoint = args[i + 1];
                case "--server-jar" -> jar = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--threads N --seconds N --warmup-seconds N --endpoint URL --server-jar PATH)");
            }
        }
        ChildServer child = endpoint == null ? ChildServer.start(jar, List.of(), Map.of(), Path.of("target", "bench"))
                : null;
        try {
            run(endpoint == null ? child.endpoint() : URI.create(endpoint), threads, seconds, warmupSeconds);
        } finally {
            if (child != null) {
                child.close();
            }
        }
    }

    private static void run(URI endpoint, int threads, int seconds, int warmupSeconds) throws Exception {
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(threads * 2)).build()) {
            ddb.createTable(b -> b.tableName("bench-leases").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("leaseKey").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("leaseKey")
                            .attributeType(ScalarAttributeType.S).build()));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<Histogram>> renewers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String lease = "shardId-" + t;
                renewers.add(pool.submit(() -> renew(ddb, lease, warmupEnd, end)));
            }
            Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
            for (Future<Histogram> renewer : renewers) {
                all.add(renewer.get());
            }
            pool.shutdown();
            System.out.printf("conditional UpdateItem (lease renewal), %d threads, %d s: %d renewals, %.0f/s, "
                            + "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", threads, seconds,
                    all.getTotalCount(), all.getTotalCount() / (double) seconds,
                    all.getValueAtPercentile(50) / 1000.0, all.getValueAtPercentile(99) / 1000.0,
                    all.getValueAtPercentile(99.9) / 1000.0, all.getMaxValue() / 1000.0);
        }
    }

    private static Histogram renew(DynamoDbClient ddb, String lease, long warmupEnd, long end) {
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        ddb.putItem(b -> b.tableName("bench-leases").item(Map.of("leaseKey", AttributeValue.fromS(lease),
                "leaseCounter", AttributeValue.fromN("0"), "leaseOwner", AttributeValue.fromS("bench"))));
        long counter = 0;
        while (true) {
            long started = System.nanoTime();
            if (started >= end) {
                return latencies;
            }
            String expected = Long.toString(counter);
            var answer = ddb.updateItem(b -> b.tableName("bench-leases")
                    .key(Map.of("leaseKey", AttributeValue.fromS(lease)))
                    .expected(Map.of("leaseCounter", ExpectedAttributeValue.builder()
                            .value(AttributeValue.fromN(expected)).build()))
                    .attributeUpdates(Map.of("leaseCounter", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                            .value(AttributeValue.fromN("1")).build()))
                    .returnValues(ReturnValue.ALL_NEW));
            counter = Long.parseLong(answer.attributes().get("leaseCounter").n());
            if (started >= warmupEnd) {
                latencies.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started),
                        TimeUnit.SECONDS.toMicros(10)));
            }
        }
    }
}
