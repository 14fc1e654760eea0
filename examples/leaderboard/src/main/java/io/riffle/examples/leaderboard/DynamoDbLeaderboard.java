package io.riffle.examples.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The leaderboard in a DynamoDB table (hash key {@code player}): each event is one conditional UpdateItem that
 * adds the points and counts the event ({@code ADD}) and records its number ({@code SET}) only if the number is
 * higher than the one stored, so order and duplicates are decided by the database, atomically per player.
 */
public final class DynamoDbLeaderboard implements LeaderboardSink {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbLeaderboard(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Creates the table (on-demand billing) unless it exists, and waits until it is ACTIVE. */
    public DynamoDbLeaderboard ensureTable() {
        try {
            dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("player")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("player").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException exists) {
            // created before (or by another worker)
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));
        return this;
    }

    @Override
    public boolean apply(ScoreEvent event) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of("player", AttributeValue.fromS(event.player())))
                    .updateExpression("SET lastSeq = :seq ADD score :points, events :one")
                    .conditionExpression("attribute_not_exists(lastSeq) OR lastSeq < :seq")
                    .expressionAttributeValues(Map.of(
                            ":seq", AttributeValue.fromN(Long.toString(event.seq())),
                            ":points", AttributeValue.fromN(Integer.toString(event.points())),
                            ":one", AttributeValue.fromN("1"))));
            return true;
        } catch (ConditionalCheckFailedException notNewer) {
            return false;
        }
    }

    @Override
    public List<Standing> standings() {
        List<Standing> standings = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()) {
            standings.add(new Standing(item.get("player").s(), Long.parseLong(item.get("score").n()),
                    Long.parseLong(item.get("events").n()), Long.parseLong(item.get("lastSeq").n())));
        }
        standings.sort(Standing.RANKING);
        return standings;
    }

    @Override
    public void close() {
        dynamoDb.close();
    }
}
