package io.riffle.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.riffle.aws.AccessNeeded;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.ServiceRoute;
import io.riffle.aws.SigningRules;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DynamoDB subset the Kinesis Client Library's lease tables need, on the front door: the JSON
 * 1.0 protocol ({@code X-Amz-Target: DynamoDB_20120810.<Operation>}), errors with DynamoDB's
 * {@code __type} and messages, and every answer with {@code x-amz-crc32} (the CRC32 of the body,
 * which the SDKs check when present).
 *
 * <p>Served: CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables, UpdateTimeToLive,
 * DescribeTimeToLive, GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem,
 * TransactWriteItems. Another operation of the
 * model answers ValidationException naming it; a name outside the model UnknownOperationException.
 * A member of the request Riffle does not serve is refused by name, never ignored.
 *
 * <p>Operations decide on the {@link DynamoDbEngine}'s thread; {@link #serve} only parses and
 * validates on the event loop and never blocks.
 */
public final class DynamoDbService implements AwsService, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DynamoDbService.class);
    public static final String TARGET_PREFIX = "DynamoDB_20120810.";
    /** The storage log (and, with generations {@code _dynamodb.<g>}, its snapshots) holding every table. */
    public static final String LOG_NAME = DynamoDbEngine.LOG_NAME;
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build()).build());

    private record Operation(Set<String> served, Function<Input, CompletableFuture<ObjectNode>> handler) {
    }

    private final String region;
    private final String accountId;
    private final ModelMembers model = ModelMembers.load();
    private volatile Map<String, Operation> operations;
    private volatile DynamoDbEngine engine;

    public DynamoDbService(String region, String accountId) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    /**
     * Opens (or recovers) the tables kept in {@code store}; requests before this are answered as an
     * internal error.
     *
     * @param activationDelayMs how long a new table or index stays CREATING (0: ACTIVE at once)
     */
    public void start(LogStore store, long activationDelayMs, SnapshotPolicy snapshots, InstantSource clock)
            throws IOException {
        DynamoDbEngine opened = DynamoDbEngine.open(store, activationDelayMs, snapshots, clock);
        TableOperations tables = new TableOperations(opened, region, accountId);
        ItemOperations items = new ItemOperations(opened);
        ReadOperations reads = new ReadOperations(opened);
        TransactionOperations transactions = new TransactionOperations(opened);
        Set<String> withExpressions = Set.of("ExpressionAttributeNames", "ExpressionAttributeValues");
        this.operations = Map.ofEntries(
                Map.entry("CreateTable", new Operation(Set.of("TableName", "KeySchema", "AttributeDefinitions",
                        "BillingMode", "ProvisionedThroughput", "GlobalSecondaryIndexes", "DeletionProtectionEnabled",
                        "Tags"), tables::createTable)),
                Map.entry("DescribeTable", new Operation(Set.of("TableName"), tables::describeTable)),
                Map.entry("UpdateTable", new Operation(Set.of("TableName", "AttributeDefinitions", "BillingMode",
                        "ProvisionedThroughput", "GlobalSecondaryIndexUpdates", "DeletionProtectionEnabled"),
                        tables::updateTable)),
                Map.entry("DeleteTable", new Operation(Set.of("TableName"), tables::deleteTable)),
                Map.entry("UpdateTimeToLive", new Operation(Set.of("TableName", "TimeToLiveSpecification"),
                        tables::updateTimeToLive)),
                Map.entry("DescribeTimeToLive", new Operation(Set.of("TableName"), tables::describeTimeToLive)),
                Map.entry("ListTables", new Operation(Set.of("ExclusiveStartTableName", "Limit"), tables::listTables)),
                Map.entry("GetItem", new Operation(union(Set.of("TableName", "Key", "ConsistentRead",
                        "ProjectionExpression", "AttributesToGet", "ReturnConsumedCapacity"), withExpressions),
                        items::getItem)),
                Map.entry("PutItem", new Operation(union(Set.of("TableName", "Item", "ConditionExpression", "Expected",
                        "ConditionalOperator", "ReturnValues", "ReturnValuesOnConditionCheckFailure",
                        "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"), withExpressions), items::putItem)),
                Map.entry("UpdateItem", new Operation(union(Set.of("TableName", "Key", "UpdateExpression",
                        "AttributeUpdates", "ConditionExpression", "Expected", "ConditionalOperator", "ReturnValues",
                        "ReturnValuesOnConditionCheckFailure", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"),
                        withExpressions), items::updateItem)),
                Map.entry("DeleteItem", new Operation(union(Set.of("TableName", "Key", "ConditionExpression", "Expected",
                        "ConditionalOperator", "ReturnValues", "ReturnValuesOnConditionCheckFailure",
                        "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"), withExpressions), items::deleteItem)),
                Map.entry("Query", new Operation(union(Set.of("TableName", "IndexName", "KeyConditionExpression",
                        "KeyConditions", "FilterExpression", "QueryFilter", "ConditionalOperator", "ProjectionExpression",
                        "AttributesToGet", "Select", "Limit", "ExclusiveStartKey", "ScanIndexForward", "ConsistentRead",
                        "ReturnConsumedCapacity"), withExpressions), reads::query)),
                Map.entry("Scan", new Operation(union(Set.of("TableName", "IndexName", "FilterExpression", "ScanFilter",
                        "ConditionalOperator", "ProjectionExpression", "AttributesToGet", "Select", "Limit",
                        "ExclusiveStartKey", "Segment", "TotalSegments", "ConsistentRead", "ReturnConsumedCapacity"),
                        withExpressions), reads::scan)),
                Map.entry("BatchGetItem", new Operation(Set.of("RequestItems", "ReturnConsumedCapacity"),
                        items::batchGetItem)),
                Map.entry("BatchWriteItem", new Operation(Set.of("RequestItems", "ReturnConsumedCapacity",
                        "ReturnItemCollectionMetrics"), items::batchWriteItem)),
                Map.entry("TransactWriteItems", new Operation(Set.of("TransactItems", "ClientRequestToken",
                        "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"), transactions::transactWriteItems)));
        this.engine = opened;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    /**
     * DynamoDB's SigV4 rules: 15 minutes of clock skew, authentication errors with Coral's namespace
     * ({@code com.amazon.coral.service#UnrecognizedClientException}, 400).
     */
    @Override
    public SigningRules signingRules() {
        return SigningRules.DYNAMODB_15_MINUTES;
    }

    /** Item reads and writes are CloudTrail data events; table operations are management events. */
    @Override
    public boolean isDataEvent(String operation) {
        return Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
                "BatchWriteItem", "TransactWriteItems").contains(operation);
    }

    @Override
    public java.util.List<ServiceRoute> routes() {
        return java.util.List.of(new ServiceRoute.ByTarget(TARGET_PREFIX));
    }

    @Override
    public CompletableFuture<AwsAnswer> serve(AwsRequest request) {
        String target = request.header(AwsRequest.TARGET_HEADER);
        String operationName = target == null ? "" : target.substring(Math.min(target.length(), TARGET_PREFIX.length()));
        try {
            Map<String, Operation> served = operations;
            if (served == null) {
                throw DynamoDbException.internal("Internal server error (DynamoDB is not started)");
            }
            Operation operation = served.get(operationName);
            if (operation == null) {
                if (model.isOperation(operationName)) {
                    throw DynamoDbException.validation("Riffle does not support the DynamoDB operation " + operationName
                            + " yet");
                }
                throw DynamoDbException.unknownOperation();
            }
            JsonNode body = parse(request);
            Input input = Input.of(operationName, body, operation.served(), model.members(operationName));
            return operation.handler().apply(input).handle((answer, failure) -> failure == null
                    ? answer(200, answer)
                    : error(unwrap(failure), operationName));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(error(e, operationName));
        }
    }

    private static JsonNode parse(AwsRequest request) {
        if (request.body().readableBytes() == 0) {
            throw DynamoDbException.serialization("Start of structure or map found where not expected");
        }
        try {
            JsonNode node = JSON.readTree(request.bodyBytes());
            if (node == null || !node.isObject()) {
                throw DynamoDbException.serialization("Start of structure or map found where not expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw DynamoDbException.serialization("Could not parse the request body as JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DynamoDbException.serialization("Could not read the request body");
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private AwsAnswer error(Throwable failure, String operation) {
        ObjectNode body = JSON.createObjectNode();
        int status;
        if (failure instanceof AwsServiceException e) {
            body.put("__type", e.type());
            if (e.getMessage() != null) {
                body.put(e.messageKey(), e.getMessage());
            }
            if (e instanceof DynamoDbException d && d.extra() != null) {
                body.setAll(d.extra());
            }
            status = e.status();
        } else {
            log.error("DynamoDB {} failed", operation, failure);
            body.put("__type", DynamoDbException.NAMESPACE + "InternalServerError");
            body.put("message", "Internal server error");
            status = 500;
        }
        return answer(status, body);
    }

    private static AwsAnswer answer(int status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        AwsAnswer answer = AwsAnswer.of(status, CONTENT_TYPE, bytes);
        answer.headers().set("x-amz-crc32", Long.toString(crc.getValue()));
        answer.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        return answer;
    }

    /** What opening the tables' log found: the snapshot it started from and the events replayed after it. */
    public io.riffle.metadata.OpenReport openReport() {
        return engine.openReport();
    }

    /** Takes a snapshot of every table now (tests and benchmarks). */
    public CompletableFuture<Void> snapshotNow() {
        return engine.snapshotNow();
    }

    @Override
    public void close() {
        DynamoDbEngine opened = engine;
        if (opened != null) {
            opened.close();
        }
    }

    /** {@code dynamodb:<Operation>} on the table the request names ({@code *} for ListTables), checked by the front door. */
    @Override
    public java.util.Optional<AccessNeeded> accessNeeded(AwsRequest request) {
        String operation = AccessNeeded.targetOperation(request);
        if (operation == null) {
            return java.util.Optional.empty(); // answered as an unknown operation
        }
        String table = AccessNeeded.jsonMember(request, "TableName");
        return java.util.Optional.of(new AccessNeeded("dynamodb:" + operation, table == null ? "*"
                : "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table));
    }
}
