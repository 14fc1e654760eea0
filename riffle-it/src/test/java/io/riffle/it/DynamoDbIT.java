package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The DynamoDB subset through the AWS SDK for Java v2 against a real server process: tables, items
 * with expressions and the legacy forms the KCL sends, Query and Scan paging, errors as the SDK's
 * exception classes, conditional writes racing from 8 threads (exactly one winner each time),
 * acknowledged writes surviving kill -9, reserved words, TransactWriteItems, GSI updates and deletes, TTL settings.
 */
class DynamoDbIT {

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    private static DynamoDbClient ddb;

    @BeforeAll
    static void client() {
        ddb = SdkClients.dynamoDb(riffle.endpoint());
    }

    @AfterAll
    static void close() {
        ddb.close();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static void createTable(String name, String hash, String range) {
        List<KeySchemaElement> key = new ArrayList<>(List.of(KeySchemaElement.builder().attributeName(hash)
                .keyType(KeyType.HASH).build()));
        List<AttributeDefinition> definitions = new ArrayList<>(List.of(AttributeDefinition.builder()
                .attributeName(hash).attributeType(ScalarAttributeType.S).build()));
        if (range != null) {
            key.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
            definitions.add(AttributeDefinition.builder().attributeName(range).attributeType(ScalarAttributeType.N).build());
        }
        ddb.createTable(CreateTableRequest.builder().tableName(name).keySchema(key).attributeDefinitions(definitions)
                .billingMode(BillingMode.PAY_PER_REQUEST).deletionProtectionEnabled(false).build());
    }

    @Test
    void tablesAndTheirErrors() {
        createTable("lifecycle", "leaseKey", null);
        var table = ddb.describeTable(b -> b.tableName("lifecycle")).table();
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.tableSizeBytes()).isZero();
        assertThat(table.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/lifecycle");
        assertThat(ddb.listTables().tableNames()).contains("lifecycle");
        assertThatThrownBy(() -> createTable("lifecycle", "leaseKey", null))
                .isInstanceOf(ResourceInUseException.class).hasMessageContaining("Table already exists: lifecycle");
        assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName("nothing-here")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found: Table: nothing-here not found");

        // The KCL adds its lease-owner index with UpdateTable and needs it in the answer.
        var updated = ddb.updateTable(b -> b.tableName("lifecycle")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("leaseOwner")
                        .attributeType(ScalarAttributeType.S).build(), AttributeDefinition.builder()
                        .attributeName("leaseKey").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c
                        .indexName("LeaseOwnerToLeaseKeyIndex")
                        .keySchema(KeySchemaElement.builder().attributeName("leaseOwner").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("leaseKey").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))).build()));
        assertThat(updated.tableDescription().globalSecondaryIndexes()).singleElement()
                .satisfies(i -> assertThat(i.indexName()).isEqualTo("LeaseOwnerToLeaseKeyIndex"));
        ddb.putItem(b -> b.tableName("lifecycle").item(Map.of("leaseKey", s("shard-1"), "leaseOwner", s("w1"),
                "checkpoint", s("TRIM_HORIZON"))));
        ddb.putItem(b -> b.tableName("lifecycle").item(Map.of("leaseKey", s("shard-0"), "leaseOwner", s("w1"))));
        ddb.putItem(b -> b.tableName("lifecycle").item(Map.of("leaseKey", s("shard-2"), "leaseOwner", s("w2"))));
        QueryResponse owned = ddb.query(b -> b.tableName("lifecycle").indexName("LeaseOwnerToLeaseKeyIndex")
                .keyConditionExpression("leaseOwner = :leaseOwner")
                .expressionAttributeValues(Map.of(":leaseOwner", s("w1"))));
        assertThat(owned.items()).containsExactly(Map.of("leaseKey", s("shard-0"), "leaseOwner", s("w1")),
                Map.of("leaseKey", s("shard-1"), "leaseOwner", s("w1")));

        ddb.deleteTable(b -> b.tableName("lifecycle"));
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName("lifecycle").key(Map.of("leaseKey", s("shard-1")))))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Requested resource not found");
        // the server logs each change of the table once it is applied
        Kit.await(Duration.ofSeconds(10), "the server's log line of the deletion",
                () -> riffle.server().stderr().contains("table lifecycle deleted"));
        assertThat(riffle.server().stderr()).contains("table lifecycle created (PAY_PER_REQUEST)",
                "table lifecycle updated (PAY_PER_REQUEST, secondary indexes [LeaseOwnerToLeaseKeyIndex])");
    }

    @Test
    void itemsWithExpressionsAndTheLegacyForms() {
        createTable("items", "leaseKey", null);
        // The KCL's lease creation: Expected Exists=false.
        ddb.putItem(b -> b.tableName("items").item(Map.of("leaseKey", s("shard-0"), "leaseCounter", n("0"),
                        "checkpoint", s("TRIM_HORIZON")))
                .expected(Map.of("leaseKey", ExpectedAttributeValue.builder().exists(false).build())));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("leaseKey", s("shard-0")))
                .expected(Map.of("leaseKey", ExpectedAttributeValue.builder().exists(false).build()))))
                .isInstanceOf(ConditionalCheckFailedException.class).hasMessageContaining("The conditional request failed");

        // Its renewal: Expected value AND-ed, AttributeUpdates ADD 1, ReturnValues ALL_NEW.
        var renewed = ddb.updateItem(b -> b.tableName("items").key(Map.of("leaseKey", s("shard-0")))
                .expected(Map.of("leaseCounter", ExpectedAttributeValue.builder().value(n("0")).build(),
                        "checkpoint", ExpectedAttributeValue.builder().exists(true).value(s("TRIM_HORIZON")).build()))
                .attributeUpdates(Map.of("leaseCounter", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                                .value(n("1")).build(),
                        "leaseOwner", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(s("w1")).build(),
                        "pendingCheckpoint", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build()))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(renewed.attributes()).isEqualTo(Map.of("leaseKey", s("shard-0"), "leaseCounter", n("1"),
                "checkpoint", s("TRIM_HORIZON"), "leaseOwner", s("w1")));

        // A stale counter fails, and the SDK shows the item as it is (ReturnValuesOnConditionCheckFailure).
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("items").key(Map.of("leaseKey", s("shard-0")))
                .conditionExpression("leaseCounter = :c").expressionAttributeValues(Map.of(":c", n("0"), ":o", s("w2")))
                .updateExpression("SET leaseOwner = :o")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).containsEntry("leaseCounter", n("1")));

        // Expressions: the lock client's update, UPDATED_OLD / UPDATED_NEW, numbers and binary.
        var lock = ddb.updateItem(b -> b.tableName("items").key(Map.of("leaseKey", s("shard-0")))
                .conditionExpression("attribute_exists(#pk) AND #on = :on")
                .updateExpression("SET #ld = :ld, #rvn = :newRvn ADD leaseCounter :one")
                .expressionAttributeNames(Map.of("#pk", "leaseKey", "#on", "leaseOwner", "#ld", "leaseDuration",
                        "#rvn", "recordVersionNumber"))
                .expressionAttributeValues(Map.of(":on", s("w1"), ":ld", n("10000.0"), ":newRvn", s("v2"),
                        ":one", n("1")))
                .returnValues(ReturnValue.UPDATED_NEW));
        assertThat(lock.attributes()).isEqualTo(Map.of("leaseDuration", n("10000"), "recordVersionNumber", s("v2"),
                "leaseCounter", n("2")));
        ddb.putItem(b -> b.tableName("items").item(Map.of("leaseKey", s("all-types"), "b", AttributeValue.fromB(
                        SdkBytes.fromUtf8String("bytes")), "bool", AttributeValue.fromBool(true),
                "nul", AttributeValue.fromNul(true), "m", AttributeValue.fromM(Map.of("x", n("1"))),
                "l", AttributeValue.fromL(List.of(s("a"), n("2"))), "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2.50")), "bs", AttributeValue.fromBs(List.of(
                        SdkBytes.fromUtf8String("x"))), "big", n("12345678901234567890123456789012345678"))));
        var all = ddb.getItem(b -> b.tableName("items").key(Map.of("leaseKey", s("all-types"))).consistentRead(true))
                .item();
        assertThat(all.get("ns").ns()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(all.get("b").b().asUtf8String()).isEqualTo("bytes");
        assertThat(all.get("big").n()).isEqualTo("12345678901234567890123456789012345678");
        assertThat(ddb.getItem(b -> b.tableName("items").key(Map.of("leaseKey", s("all-types")))
                .projectionExpression("m.x, l[1]")).item())
                .isEqualTo(Map.of("m", AttributeValue.fromM(Map.of("x", n("1"))), "l", AttributeValue.fromL(List.of(n("2")))));

        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("leaseKey", s("x"),
                "n", n("1234567890123456789012345678901234567890")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Attempting to store more than 38 significant digits in a Number");
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("items").item(Map.of("other", s("x")))))
                .hasMessageContaining("One or more parameter values were invalid: Missing the key leaseKey in the item");
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName("items").key(Map.of("leaseKey", n("1")))))
                .hasMessageContaining("The provided key element does not match the schema");
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("items").key(Map.of("leaseKey", s("shard-0")))
                .updateExpression("SET a = :a").expected(Map.of("a", ExpectedAttributeValue.builder().exists(false)
                        .build())).expressionAttributeValues(Map.of(":a", n("1")))))
                .hasMessageContaining("Can not use both expression and non-expression parameters in the same request");

        var deleted = ddb.deleteItem(b -> b.tableName("items").key(Map.of("leaseKey", s("shard-0")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(deleted.attributes()).containsEntry("leaseOwner", s("w1"));
        assertThat(ddb.getItem(b -> b.tableName("items").key(Map.of("leaseKey", s("shard-0")))).hasItem()).isFalse();
    }

    @Test
    void queryAndScanPageThroughEverything() {
        createTable("paged", "stream", "seq");
        for (int i = 0; i < 30; i++) {
            int seq = i;
            ddb.putItem(b -> b.tableName("paged").item(Map.of("stream", s(seq % 2 == 0 ? "even" : "odd"), "seq",
                    n(Integer.toString(seq)), "entityType", s(seq % 3 == 0 ? "LEASE" : "OTHER"))));
        }
        List<String> evens = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = ddb.query(b -> b.tableName("paged").keyConditionExpression("#s = :s AND seq >= :min")
                    .expressionAttributeNames(Map.of("#s", "stream"))
                    .expressionAttributeValues(Map.of(":s", s("even"), ":min", n("4"))).limit(4)
                    .scanIndexForward(false).exclusiveStartKey(from));
            page.items().forEach(item -> evens.add(item.get("seq").n()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(evens).containsExactly("28", "26", "24", "22", "20", "18", "16", "14", "12", "10", "8", "6", "4");
        assertThat(pages).isEqualTo(4);

        // The KCL scans with a filter, paged, in parallel segments.
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            int seg = segment;
            Map<String, AttributeValue> from = null;
            do {
                Map<String, AttributeValue> f = from;
                ScanResponse page = ddb.scan(b -> b.tableName("paged").filterExpression("entityType = :entityType")
                        .expressionAttributeValues(Map.of(":entityType", s("LEASE"))).limit(3).segment(seg)
                        .totalSegments(3).exclusiveStartKey(f));
                for (Map<String, AttributeValue> item : page.items()) {
                    seen.add(item.get("stream").s() + "/" + item.get("seq").n());
                    total++;
                }
                from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (from != null);
        }
        assertThat(total).isEqualTo(10);
        assertThat(seen).hasSize(10);
    }

    @Test
    void conditionalWritesRacingFromEightThreadsHaveExactlyOneWinner() throws Exception {
        createTable("race", "leaseKey", null);
        int threads = 8;
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                String key = "lease-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String owner = "worker-" + t;
                    attempts.add(pool.submit(() -> {
                        go.await();
                        try {
                            ddb.putItem(b -> b.tableName("race").item(Map.of("leaseKey", s(key), "leaseOwner", s(owner)))
                                    .conditionExpression("attribute_not_exists(leaseKey)"));
                            return true;
                        } catch (ConditionalCheckFailedException e) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> attempt : attempts) {
                    winners += attempt.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("winners of round %d", round).isEqualTo(1);
            }
            // Compare-and-set counters: every successful increment counts exactly once.
            ddb.putItem(b -> b.tableName("race").item(Map.of("leaseKey", s("counter"), "leaseCounter", n("0"))));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    int won = 0;
                    for (int i = 0; i < 25; i++) {
                        String seen = ddb.getItem(b -> b.tableName("race").key(Map.of("leaseKey", s("counter")))
                                .consistentRead(true)).item().get("leaseCounter").n();
                        try {
                            ddb.updateItem(b -> b.tableName("race").key(Map.of("leaseKey", s("counter")))
                                    .expected(Map.of("leaseCounter", ExpectedAttributeValue.builder().value(n(seen))
                                            .build()))
                                    .attributeUpdates(Map.of("leaseCounter", AttributeValueUpdate.builder()
                                            .action(AttributeAction.ADD).value(n("1")).build())));
                            won++;
                        } catch (ConditionalCheckFailedException e) {
                            // another worker got there first
                        }
                    }
                    return won;
                }));
            }
            go.countDown();
            int successes = 0;
            for (Future<Integer> worker : workers) {
                successes += worker.get(120, TimeUnit.SECONDS);
            }
            String counter = ddb.getItem(b -> b.tableName("race").key(Map.of("leaseKey", s("counter")))
                    .consistentRead(true)).item().get("leaseCounter").n();
            assertThat(Integer.parseInt(counter)).isEqualTo(successes).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acknowledgedWritesSurviveKillNine() {
        createTable("durable", "leaseKey", null);
        for (int i = 0; i < 200; i++) {
            int n = i;
            ddb.updateItem(b -> b.tableName("durable").key(Map.of("leaseKey", s("k" + (n % 20))))
                    .updateExpression("ADD leaseCounter :one SET lastWriter = :w")
                    .expressionAttributeValues(Map.of(":one", n("1"), ":w", n(Integer.toString(n)))));
        }
        ddb.deleteItem(b -> b.tableName("durable").key(Map.of("leaseKey", s("k0"))));
        riffle.kill9AndStart();
        ddb.close();
        ddb = SdkClients.dynamoDb(riffle.endpoint());
        ScanResponse all = ddb.scan(b -> b.tableName("durable"));
        assertThat(all.count()).isEqualTo(19);
        for (Map<String, AttributeValue> item : all.items()) {
            int k = Integer.parseInt(item.get("leaseKey").s().substring(1));
            assertThat(item.get("leaseCounter").n()).isEqualTo("10");
            assertThat(item.get("lastWriter").n()).isEqualTo(Integer.toString(180 + k));
        }
        assertThat(ddb.describeTable(b -> b.tableName("durable")).table().itemCount()).isEqualTo(19);
    }

    private static HttpResponse<String> raw(String target, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(riffle.endpoint() + "/"))
                    .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", target)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void theWireAnswersCarryDynamoDbsTypesAndACrc() throws Exception {
        HttpResponse<String> unknownMember = raw("DynamoDB_20120810.ListTables", "{\"Limit\": 5, \"Bogus\": 1}");
        assertThat(unknownMember.statusCode()).isEqualTo(400);
        assertThat(unknownMember.body()).contains("\"__type\":\"com.amazon.coral.validate#ValidationException\"")
                .contains("Bogus");
        HttpResponse<String> listed = raw("DynamoDB_20120810.ListTables", "{}");
        assertThat(listed.statusCode()).isEqualTo(200);
        CRC32 crc = new CRC32();
        crc.update(listed.body().getBytes(StandardCharsets.UTF_8));
        assertThat(listed.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc.getValue()));
        HttpResponse<String> notServed = raw("DynamoDB_20120810.DescribeBackup", "{\"BackupArn\": \"x\"}");
        assertThat(notServed.body()).contains("ValidationException").contains("DescribeBackup");
        HttpResponse<String> unknown = raw("DynamoDB_20120810.Frobnicate", "{}");
        assertThat(unknown.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}");
        HttpResponse<String> notFound = raw("DynamoDB_20120810.GetItem",
                "{\"TableName\": \"missing\", \"Key\": {\"k\": {\"S\": \"x\"}}}");
        assertThat(notFound.body()).isEqualTo("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                + "\"message\":\"Requested resource not found\"}");
    }

    private static DynamoDbException validationError(Throwable e) {
        assertThat(e).isInstanceOf(DynamoDbException.class);
        assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        return (DynamoDbException) e;
    }

    @Test
    void reservedWordsAreRefusedAsBareNamesAndServedThroughPlaceholders() {
        createTable("reserved", "leaseKey", null);
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("reserved").key(Map.of("leaseKey", s("k")))
                .updateExpression("SET status = :s").expressionAttributeValues(Map.of(":s", s("up")))))
                .satisfies(e -> assertThat(validationError(e).awsErrorDetails().errorMessage()).isEqualTo(
                        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"));
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName("reserved").filterExpression("Data.ttl > :z")
                .expressionAttributeValues(Map.of(":z", n("0")))))
                .satisfies(e -> assertThat(validationError(e).awsErrorDetails().errorMessage()).isEqualTo(
                        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: Data"));
        ddb.updateItem(b -> b.tableName("reserved").key(Map.of("leaseKey", s("k"))).updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("up"))));
        assertThat(ddb.getItem(b -> b.tableName("reserved").key(Map.of("leaseKey", s("k")))).item())
                .containsEntry("status", s("up"));
    }

    private static TransactWriteItem update(String table, String key, String expression, String condition,
                                            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("leaseKey", s(key)))
                .updateExpression(expression).conditionExpression(condition).expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
    }

    @Test
    void transactWriteItemsIsAllOrNothing() {
        createTable("accounts", "leaseKey", null);
        ddb.putItem(b -> b.tableName("accounts").item(Map.of("leaseKey", s("a"), "balance", n("10"))));
        ddb.putItem(b -> b.tableName("accounts").item(Map.of("leaseKey", s("gone"), "balance", n("0"))));
        List<TransactWriteItem> transfer = List.of(
                update("accounts", "a", "SET balance = balance - :ten", "balance >= :ten", Map.of(":ten", n("10"))),
                update("accounts", "b", "ADD balance :ten", null, Map.of(":ten", n("10"))),
                TransactWriteItem.builder().put(p -> p.tableName("accounts").item(Map.of("leaseKey", s("log-1"),
                        "amount", n("10")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("accounts").key(Map.of("leaseKey", s("x")))
                        .conditionExpression("attribute_not_exists(leaseKey)")).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("accounts").key(Map.of("leaseKey", s("gone"))))
                        .build());
        ddb.transactWriteItems(b -> b.transactItems(transfer));
        Map<String, String> balances = new java.util.TreeMap<>();
        ddb.scan(b -> b.tableName("accounts").consistentRead(true)).items().forEach(item -> balances.put(
                item.get("leaseKey").s(), item.containsKey("balance") ? item.get("balance").n() : "-"));
        assertThat(balances).isEqualTo(Map.of("a", "0", "b", "10", "log-1", "-"));

        // the same transfer again: a's condition fails, so nothing is written, and the reasons say which failed
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(transfer)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Transaction cancelled, please refer "
                            + "cancellation reasons for specific reasons [ConditionalCheckFailed, None, None, None, None]");
                    assertThat(e.cancellationReasons()).hasSize(5);
                    assertThat(e.cancellationReasons().get(0).code()).isEqualTo("ConditionalCheckFailed");
                    assertThat(e.cancellationReasons().get(0).message()).isEqualTo("The conditional request failed");
                    assertThat(e.cancellationReasons().get(0).item()).containsEntry("balance", n("0"));
                    assertThat(e.cancellationReasons().get(1).code()).isEqualTo("None");
                });
        assertThat(ddb.getItem(b -> b.tableName("accounts").key(Map.of("leaseKey", s("b")))).item())
                .containsEntry("balance", n("10"));

        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                update("accounts", "a", "ADD balance :one", null, Map.of(":one", n("1"))),
                TransactWriteItem.builder().delete(d -> d.tableName("accounts").key(Map.of("leaseKey", s("a"))))
                        .build())))
                .satisfies(e -> assertThat(validationError(e).awsErrorDetails().errorMessage())
                        .isEqualTo("Transaction request cannot include multiple operations on one item"));
        List<TransactWriteItem> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(update("accounts", "k" + i, "ADD balance :one", null, Map.of(":one", n("1"))));
        }
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(tooMany)))
                .satisfies(e -> assertThat(validationError(e).awsErrorDetails().errorMessage())
                        .endsWith("failed to satisfy constraint: Member must have length less than or equal to 100"));
        ddb.transactWriteItems(b -> b.transactItems(tooMany.subList(0, 100)));
        assertThat(ddb.getItem(b -> b.tableName("accounts").key(Map.of("leaseKey", s("k99")))).item())
                .containsEntry("balance", n("1"));

        // a ClientRequestToken: the same request again is done once; another request with it is refused
        TransactWriteItem deposit = update("accounts", "b", "ADD balance :five", null, Map.of(":five", n("5")));
        ddb.transactWriteItems(b -> b.transactItems(deposit).clientRequestToken("deposit-1"));
        ddb.transactWriteItems(b -> b.transactItems(deposit).clientRequestToken("deposit-1"));
        assertThat(ddb.getItem(b -> b.tableName("accounts").key(Map.of("leaseKey", s("b")))).item())
                .containsEntry("balance", n("15"));
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                update("accounts", "b", "ADD balance :six", null, Map.of(":six", n("6")))).clientRequestToken("deposit-1")))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }

    @Test
    void indexesAreUpdatedAndDeletedAndTimeToLiveIsKept() {
        ddb.createTable(b -> b.tableName("indexed").billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L))
                .keySchema(KeySchemaElement.builder().attributeName("leaseKey").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("leaseKey")
                        .attributeType(ScalarAttributeType.S).build(), AttributeDefinition.builder()
                        .attributeName("leaseOwner").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byOwner")
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))
                        .keySchema(KeySchemaElement.builder().attributeName("leaseOwner").keyType(KeyType.HASH).build())
                        .build()));
        ddb.updateTable(b -> b.tableName("indexed").globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                .update(u -> u.indexName("byOwner").provisionedThroughput(t -> t.readCapacityUnits(7L)
                        .writeCapacityUnits(3L))).build()));
        var index = ddb.describeTable(b -> b.tableName("indexed")).table().globalSecondaryIndexes().get(0);
        assertThat(index.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
        assertThat(index.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
        ddb.updateTable(b -> b.tableName("indexed").globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                .delete(d -> d.indexName("byOwner")).build()));
        var table = ddb.describeTable(b -> b.tableName("indexed")).table();
        assertThat(table.globalSecondaryIndexes()).isEmpty();
        assertThat(table.attributeDefinitions()).singleElement()
                .satisfies(d -> assertThat(d.attributeName()).isEqualTo("leaseKey"));
        assertThatThrownBy(() -> ddb.updateTable(b -> b.tableName("indexed").globalSecondaryIndexUpdates(
                GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName("byOwner")).build())))
                .isInstanceOf(ResourceNotFoundException.class);

        assertThat(ddb.describeTimeToLive(b -> b.tableName("indexed")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        var enabled = ddb.updateTimeToLive(b -> b.tableName("indexed")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        assertThat(enabled.timeToLiveSpecification().attributeName()).isEqualTo("expiresAt");
        var described = ddb.describeTimeToLive(b -> b.tableName("indexed")).timeToLiveDescription();
        assertThat(described.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(described.attributeName()).isEqualTo("expiresAt");
        assertThatThrownBy(() -> ddb.updateTimeToLive(b -> b.tableName("indexed")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt"))))
                .satisfies(e -> assertThat(validationError(e).awsErrorDetails().errorMessage())
                        .isEqualTo("TimeToLive is already enabled"));
        ddb.updateTimeToLive(b -> b.tableName("indexed").timeToLiveSpecification(t -> t.enabled(false)
                .attributeName("expiresAt")));
        assertThat(ddb.describeTimeToLive(b -> b.tableName("indexed")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
    }
}
