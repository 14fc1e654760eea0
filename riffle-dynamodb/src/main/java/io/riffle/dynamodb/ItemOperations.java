package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.dynamodb.DynamoDbEngine.Decision;
import io.riffle.dynamodb.expr.Ast;
import io.riffle.dynamodb.expr.Evaluator;
import io.riffle.dynamodb.expr.ExpressionAttributes;
import io.riffle.dynamodb.expr.ExpressionParser;
import io.riffle.dynamodb.expr.Legacy;
import io.riffle.dynamodb.expr.Path;
import io.riffle.dynamodb.item.AttributeJson;
import io.riffle.dynamodb.item.AttributeValue;
import io.riffle.dynamodb.table.DynamoDbEvent;
import io.riffle.dynamodb.table.DynamoDbState;
import io.riffle.dynamodb.table.Index;
import io.riffle.dynamodb.table.KeyAttribute;
import io.riffle.dynamodb.table.Table;
import io.riffle.dynamodb.table.TableDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** GetItem, PutItem, UpdateItem, DeleteItem, BatchGetItem, BatchWriteItem. */
final class ItemOperations {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final long MAX_ITEM_BYTES = 400 * 1024;
    private static final List<String> CAPACITY = List.of("INDEXES", "TOTAL", "NONE");

    private final DynamoDbEngine engine;

    ItemOperations(DynamoDbEngine engine) {
        this.engine = engine;
    }

    // ---- shared checks

    static Table activeTable(DynamoDbState state, String name) {
        Table table = state.table(name);
        if (table == null || table.def().status().equals("CREATING")) {
            throw DynamoDbException.resourceNotFound("Requested resource not found");
        }
        return table;
    }

    /** A Key parameter: exactly the table's key attributes, of their types, not empty. */
    static void checkKey(TableDef def, Map<String, AttributeValue> key) {
        if (key == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'key' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        int expected = def.range() == null ? 1 : 2;
        if (key.size() != expected || !matches(def.hash(), key) || def.range() != null && !matches(def.range(), key)) {
            throw DynamoDbException.validation("The provided key element does not match the schema");
        }
        checkNotEmpty(def.hash(), key);
        if (def.range() != null) {
            checkNotEmpty(def.range(), key);
        }
    }

    private static boolean matches(KeyAttribute attribute, Map<String, AttributeValue> key) {
        AttributeValue v = key.get(attribute.name());
        return v != null && v.type().equals(attribute.type());
    }

    private static void checkNotEmpty(KeyAttribute attribute, Map<String, AttributeValue> item) {
        AttributeValue v = item.get(attribute.name());
        if (v instanceof AttributeValue.S s && s.value().isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty string value. Key: " + attribute.name());
        }
        if (v instanceof AttributeValue.B b && b.value().length() == 0) {
            throw DynamoDbException.validation("One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty binary value. Key: " + attribute.name());
        }
    }

    /** A whole item (PutItem, or UpdateItem's result): its key attributes and the indexes' keys have their types. */
    static void checkItem(TableDef def, Map<String, AttributeValue> item) {
        for (KeyAttribute attribute : keyAttributes(def)) {
            AttributeValue v = item.get(attribute.name());
            if (v == null) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Missing the key "
                        + attribute.name() + " in the item");
            }
            if (!v.type().equals(attribute.type())) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for key "
                        + attribute.name() + " expected: " + attribute.type() + " actual: " + v.type());
            }
            checkNotEmpty(attribute, item);
        }
        for (Index index : def.indexes()) {
            for (KeyAttribute attribute : index.range() == null ? List.of(index.hash())
                    : List.of(index.hash(), index.range())) {
                AttributeValue v = item.get(attribute.name());
                if (v != null && !v.type().equals(attribute.type())) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for Index "
                            + "Key " + attribute.name() + " Expected: " + attribute.type() + " Actual: " + v.type()
                            + " IndexName: " + index.name());
                }
                if (v instanceof AttributeValue.S s && s.value().isEmpty()) {
                    throw DynamoDbException.validation("One or more parameter values are not valid. A value specified for "
                            + "a secondary index key is not supported. The AttributeValue for a key attribute cannot "
                            + "contain an empty string value. IndexName: " + index.name() + ", IndexKey: "
                            + attribute.name());
                }
            }
        }
        if (AttributeJson.itemSize(item) > MAX_ITEM_BYTES) {
            throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    /** An update may not touch the table's key attributes. */
    static void checkKeyNotUpdated(TableDef def, List<Path> updatedPaths) {
        for (Path path : updatedPaths) {
            if (def.hash().name().equals(path.attribute())
                    || def.range() != null && def.range().name().equals(path.attribute())) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Cannot update "
                        + "attribute " + path.attribute() + ". This attribute is part of the key");
            }
        }
    }

    static List<KeyAttribute> keyAttributes(TableDef def) {
        return def.range() == null ? List.of(def.hash()) : List.of(def.hash(), def.range());
    }

    static Map<String, AttributeValue> keyOf(TableDef def, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (KeyAttribute attribute : keyAttributes(def)) {
            key.put(attribute.name(), item.get(attribute.name()));
        }
        return key;
    }

    /** The write's condition from ConditionExpression or Expected (null: none). */
    private static Ast.Condition condition(Input in, ExpressionAttributes attributes) {
        String expression = in.string("ConditionExpression");
        if (expression != null) {
            return ExpressionParser.condition(expression, "ConditionExpression", attributes);
        }
        JsonNode expected = in.node("Expected");
        String operator = in.string("ConditionalOperator");
        if (expected == null) {
            if (operator != null) {
                throw DynamoDbException.validation("ConditionalOperator can only be used when Expected or QueryFilter or "
                        + "ScanFilter is present");
            }
            return null;
        }
        return Legacy.expected(expected, operator);
    }

    private static void checkCondition(Ast.Condition condition, Map<String, AttributeValue> old, boolean returnOldOnFailure) {
        if (condition != null && !Evaluator.matches(condition, old)) {
            throw DynamoDbException.conditionalCheckFailed(returnOldOnFailure && old != null ? AttributeJson.writeItem(old)
                    : null);
        }
    }

    private static String returnValues(Input in, List<String> allowed, String operation) {
        String value = in.enumValue("ReturnValues", "returnValues",
                List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        if (value != null && !allowed.contains(value)) {
            throw DynamoDbException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        return value == null ? "NONE" : value;
    }

    private static boolean returnOldOnFailure(Input in) {
        return "ALL_OLD".equals(in.enumValue("ReturnValuesOnConditionCheckFailure",
                "returnValuesOnConditionCheckFailure", List.of("ALL_OLD", "NONE")));
    }

    /** ReturnConsumedCapacity's answer (null: none asked); DynamoDB's unit rules: 1 KB per write unit, 4 KB per read unit. */
    static ObjectNode consumed(Input in, String table, double units) {
        String mode = in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY);
        if (mode == null || mode.equals("NONE")) {
            return null;
        }
        ObjectNode node = NODES.objectNode().put("TableName", table).put("CapacityUnits", units);
        if (mode.equals("INDEXES")) {
            node.putObject("Table").put("CapacityUnits", units);
        }
        return node;
    }

    private static double writeUnits(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        long size = Math.max(a == null ? 0 : AttributeJson.itemSize(a), b == null ? 0 : AttributeJson.itemSize(b));
        return Math.max(1, (size + 1023) / 1024);
    }

    static double readUnits(long bytes, boolean isConsistent) {
        double units = Math.max(1, (bytes + 4095) / 4096);
        return isConsistent ? units : units / 2;
    }

    private static void checkItemCollectionMetrics(Input in) {
        // Only local secondary indexes have item collections; Riffle has none, so SIZE returns nothing, as DynamoDB does.
        in.enumValue("ReturnItemCollectionMetrics", "returnItemCollectionMetrics", List.of("SIZE", "NONE"));
    }

    // ---- GetItem

    CompletableFuture<ObjectNode> getItem(Input in) {
        String name = in.tableName();
        Map<String, AttributeValue> key = in.item("Key");
        in.checkNotMixed(List.of("AttributesToGet"), List.of("ProjectionExpression"));
        ExpressionAttributes attributes = in.expressionAttributes(in.has("ProjectionExpression"));
        List<Path> projection = projection(in, attributes);
        attributes.checkAllUsed();
        boolean isConsistent = Boolean.TRUE.equals(in.bool("ConsistentRead"));
        in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY);
        return engine.read(state -> {
            Table table = activeTable(state, name);
            checkKey(table.def(), key);
            Map<String, AttributeValue> item = table.item(Table.keyOf(table.def(), key));
            ObjectNode answer = NODES.objectNode();
            if (item != null) {
                answer.set("Item", AttributeJson.writeItem(projection == null ? item : Evaluator.project(item, projection)));
            }
            ObjectNode capacity = consumed(in, name, readUnits(item == null ? 0 : AttributeJson.itemSize(item), isConsistent));
            if (capacity != null) {
                answer.set("ConsumedCapacity", capacity);
            }
            return answer;
        });
    }

    /** ProjectionExpression or the legacy AttributesToGet (null: everything). */
    static List<Path> projection(Input in, ExpressionAttributes attributes) {
        String expression = in.string("ProjectionExpression");
        if (expression != null) {
            return ExpressionParser.projection(expression, attributes);
        }
        JsonNode attributesToGet = in.node("AttributesToGet");
        if (attributesToGet == null) {
            return null;
        }
        List<Path> paths = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode a : attributesToGet) {
            if (!seen.add(a.asText())) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Duplicate value in "
                        + "attribute name: " + a.asText());
            }
            paths.add(Path.of(a.asText()));
        }
        return paths;
    }

    // ---- PutItem

    CompletableFuture<ObjectNode> putItem(Input in) {
        String name = in.tableName();
        Map<String, AttributeValue> item = in.item("Item");
        if (item == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'item' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        in.checkNotMixed(List.of("Expected", "ConditionalOperator"), List.of("ConditionExpression"));
        ExpressionAttributes attributes = in.expressionAttributes(in.has("ConditionExpression"));
        Ast.Condition condition = condition(in, attributes);
        attributes.checkAllUsed();
        String returnValues = returnValues(in, List.of("NONE", "ALL_OLD"), "PutItem");
        boolean returnOld = returnOldOnFailure(in);
        checkItemCollectionMetrics(in);
        in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY);
        return engine.writeItems(state -> {
            Table table = activeTable(state, name);
            checkItem(table.def(), item);
            Map<String, AttributeValue> old = table.item(Table.keyOf(table.def(), item));
            checkCondition(condition, old, returnOld);
            ObjectNode answer = NODES.objectNode();
            if (returnValues.equals("ALL_OLD") && old != null) {
                answer.set("Attributes", AttributeJson.writeItem(old));
            }
            ObjectNode capacity = consumed(in, name, writeUnits(old, item));
            if (capacity != null) {
                answer.set("ConsumedCapacity", capacity);
            }
            return new Decision<>(List.of(new DynamoDbEvent.ItemPut(name, table.def().tableId(),
                    AttributeJson.writeItem(item))), answer);
        });
    }

    // ---- UpdateItem

    CompletableFuture<ObjectNode> updateItem(Input in) {
        String name = in.tableName();
        Map<String, AttributeValue> key = in.item("Key");
        in.checkNotMixed(List.of("Expected", "ConditionalOperator", "AttributeUpdates"),
                List.of("ConditionExpression", "UpdateExpression"));
        boolean hasExpression = in.has("ConditionExpression") || in.has("UpdateExpression");
        ExpressionAttributes attributes = in.expressionAttributes(hasExpression);
        Ast.Condition condition = condition(in, attributes);
        String updateExpression = in.string("UpdateExpression");
        List<Ast.UpdateAction> actions = updateExpression == null ? null
                : ExpressionParser.update(updateExpression, attributes);
        attributes.checkAllUsed();
        JsonNode attributeUpdates = in.node("AttributeUpdates");
        String returnValues = returnValues(in, List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"),
                "UpdateItem");
        boolean returnOld = returnOldOnFailure(in);
        checkItemCollectionMetrics(in);
        in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY);
        List<Path> updatedPaths = new ArrayList<>();
        if (actions != null) {
            actions.forEach(a -> updatedPaths.add(a.path()));
        } else if (attributeUpdates != null) {
            attributeUpdates.fieldNames().forEachRemaining(n -> updatedPaths.add(Path.of(n)));
        }
        return engine.writeItems(state -> {
            Table table = activeTable(state, name);
            TableDef def = table.def();
            checkKey(def, key);
            checkKeyNotUpdated(def, updatedPaths);
            Map<String, AttributeValue> old = table.item(Table.keyOf(def, key));
            checkCondition(condition, old, returnOld);
            Map<String, AttributeValue> base = old != null ? old : new LinkedHashMap<>(key);
            Map<String, AttributeValue> updated;
            if (actions != null) {
                updated = Evaluator.update(base, actions);
            } else if (attributeUpdates != null) {
                updated = Legacy.attributeUpdates(base, attributeUpdates);
            } else {
                updated = new LinkedHashMap<>(base);
            }
            checkItem(def, updated);
            ObjectNode answer = NODES.objectNode();
            Map<String, AttributeValue> returned = switch (returnValues) {
                case "ALL_OLD" -> old;
                case "ALL_NEW" -> updated;
                case "UPDATED_OLD" -> old == null ? null : Evaluator.project(old, updatedPaths);
                case "UPDATED_NEW" -> Evaluator.project(updated, updatedPaths);
                default -> null;
            };
            if (returned != null && !returned.isEmpty()) {
                answer.set("Attributes", AttributeJson.writeItem(returned));
            }
            ObjectNode capacity = consumed(in, name, writeUnits(old, updated));
            if (capacity != null) {
                answer.set("ConsumedCapacity", capacity);
            }
            return new Decision<>(List.of(new DynamoDbEvent.ItemPut(name, def.tableId(),
                    AttributeJson.writeItem(updated))), answer);
        });
    }

    // ---- DeleteItem

    CompletableFuture<ObjectNode> deleteItem(Input in) {
        String name = in.tableName();
        Map<String, AttributeValue> key = in.item("Key");
        in.checkNotMixed(List.of("Expected", "ConditionalOperator"), List.of("ConditionExpression"));
        ExpressionAttributes attributes = in.expressionAttributes(in.has("ConditionExpression"));
        Ast.Condition condition = condition(in, attributes);
        attributes.checkAllUsed();
        String returnValues = returnValues(in, List.of("NONE", "ALL_OLD"), "DeleteItem");
        boolean returnOld = returnOldOnFailure(in);
        checkItemCollectionMetrics(in);
        in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY);
        return engine.writeItems(state -> {
            Table table = activeTable(state, name);
            checkKey(table.def(), key);
            Map<String, AttributeValue> old = table.item(Table.keyOf(table.def(), key));
            checkCondition(condition, old, returnOld);
            ObjectNode answer = NODES.objectNode();
            if (returnValues.equals("ALL_OLD") && old != null) {
                answer.set("Attributes", AttributeJson.writeItem(old));
            }
            ObjectNode capacity = consumed(in, name, writeUnits(old, null));
            if (capacity != null) {
                answer.set("ConsumedCapacity", capacity);
            }
            List<DynamoDbEvent> events = old == null ? List.of()
                    : List.of(new DynamoDbEvent.ItemDeleted(name, table.def().tableId(), AttributeJson.writeItem(key)));
            return new Decision<>(events, answer);
        });
    }

    // ---- BatchGetItem, BatchWriteItem

    CompletableFuture<ObjectNode> batchGetItem(Input in) {
        JsonNode requests = in.node("RequestItems");
        if (requests == null || requests.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY);
        record TableRequest(String table, List<Map<String, AttributeValue>> keys, List<Path> projection) {
        }
        List<TableRequest> tables = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requests.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Input.checkTableName(entry.getKey(), "requestItems.key");
            Input table = Input.of("BatchGetItem", entry.getValue(), Set.of("Keys", "ProjectionExpression",
                    "ExpressionAttributeNames", "AttributesToGet", "ConsistentRead"), Set.of());
            table.checkNotMixed(List.of("AttributesToGet"), List.of("ProjectionExpression"));
            ExpressionAttributes attributes = table.expressionAttributes(table.has("ProjectionExpression"));
            List<Path> projection = projection(table, attributes);
            attributes.checkAllUsed();
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            Set<Map<String, AttributeValue>> distinct = new HashSet<>();
            for (JsonNode key : table.node("Keys") == null ? NODES.arrayNode() : table.node("Keys")) {
                Map<String, AttributeValue> k = AttributeJson.readItem(key);
                if (!distinct.add(k)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(k);
            }
            total += keys.size();
            tables.add(new TableRequest(entry.getKey(), keys, projection));
        }
        if (total > 100) {
            throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
        }
        return engine.read(state -> {
            ObjectNode answer = NODES.objectNode();
            ObjectNode responses = answer.putObject("Responses");
            for (TableRequest request : tables) {
                Table table = activeTable(state, request.table());
                ArrayNode items = responses.putArray(request.table());
                for (Map<String, AttributeValue> key : request.keys()) {
                    checkKey(table.def(), key);
                    Map<String, AttributeValue> item = table.item(Table.keyOf(table.def(), key));
                    if (item != null) {
                        items.add(AttributeJson.writeItem(request.projection() == null ? item
                                : Evaluator.project(item, request.projection())));
                    }
                }
            }
            answer.putObject("UnprocessedKeys");
            return answer;
        });
    }

    CompletableFuture<ObjectNode> batchWriteItem(Input in) {
        JsonNode requests = in.node("RequestItems");
        if (requests == null || requests.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", CAPACITY);
        checkItemCollectionMetrics(in);
        record Write(String table, Map<String, AttributeValue> item, Map<String, AttributeValue> key) {
        }
        List<Write> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requests.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Input.checkTableName(entry.getKey(), "requestItems.key");
            for (JsonNode request : entry.getValue()) {
                JsonNode put = request.get("PutRequest");
                JsonNode delete = request.get("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must "
                            + "contain exactly one of the supported datatypes");
                }
                writes.add(put != null ? new Write(entry.getKey(), AttributeJson.readItem(put.get("Item")), null)
                        : new Write(entry.getKey(), null, AttributeJson.readItem(delete.get("Key"))));
            }
        }
        if (writes.size() > 25) {
            throw DynamoDbException.validation("1 validation error detected: Value '{...}' at 'requestItems' failed to "
                    + "satisfy constraint: Map value must satisfy constraint: [Member must have length less than or "
                    + "equal to 25, Member must have length greater than or equal to 1]");
        }
        return engine.writeItems(state -> {
            List<DynamoDbEvent> events = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Write write : writes) {
                Table table = activeTable(state, write.table());
                TableDef def = table.def();
                Map<String, AttributeValue> key;
                if (write.item() != null) {
                    checkItem(def, write.item());
                    key = keyOf(def, write.item());
                    events.add(new DynamoDbEvent.ItemPut(write.table(), def.tableId(), AttributeJson.writeItem(write.item())));
                } else {
                    checkKey(def, write.key());
                    key = write.key();
                    events.add(new DynamoDbEvent.ItemDeleted(write.table(), def.tableId(), AttributeJson.writeItem(key)));
                }
                if (!seen.add(write.table() + "\u0000" + Table.keyOf(def, key))) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
            }
            ObjectNode answer = NODES.objectNode();
            answer.putObject("UnprocessedItems");
            return new Decision<>(events, answer);
        });
    }
}
