package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.dynamodb.DynamoDbEngine.Decision;
import io.riffle.dynamodb.expr.Ast;
import io.riffle.dynamodb.expr.Evaluator;
import io.riffle.dynamodb.expr.ExpressionAttributes;
import io.riffle.dynamodb.expr.ExpressionParser;
import io.riffle.dynamodb.item.AttributeJson;
import io.riffle.dynamodb.item.AttributeValue;
import io.riffle.dynamodb.table.DynamoDbEvent;
import io.riffle.dynamodb.table.Table;
import io.riffle.dynamodb.table.TableDef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;

/**
 * TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions on distinct items, all or nothing.
 * Every action's condition is evaluated on the engine's thread against the current state; if any fails, nothing is
 * written and the answer is TransactionCanceledException with one reason per action. Otherwise all the items' events
 * are appended as one submission, so they become durable (and visible) together. A ClientRequestToken makes the call
 * idempotent for 10 minutes: the same request again is answered as done without writing, another request with that
 * token is IdempotentParameterMismatchException.
 */
final class TransactionOperations {
    private static final int MAX_ACTIONS = 100;
    private static final List<String> KINDS = List.of("ConditionCheck", "Put", "Delete", "Update");
    private static final Set<String> EXPRESSION_MEMBERS = Set.of("TableName", "ConditionExpression",
            "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnValuesOnConditionCheckFailure");

    /** One action, parsed and checked on the event loop; applied on the engine's thread. */
    private record Action(String kind, String table, Map<String, AttributeValue> key, Map<String, AttributeValue> item,
                          Ast.Condition condition, List<Ast.UpdateAction> updates, boolean returnOldOnFailure) {
    }

    private final DynamoDbEngine engine;

    TransactionOperations(DynamoDbEngine engine) {
        this.engine = engine;
    }

    CompletableFuture<ObjectNode> transactWriteItems(Input in) {
        JsonNode items = in.node("TransactItems");
        if (items == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        if (items.size() < 1 || items.size() > MAX_ACTIONS) {
            throw DynamoDbException.validation("1 validation error detected: Value '[...]' at 'transactItems' failed to "
                    + "satisfy constraint: Member must have length " + (items.size() < 1 ? "greater than or equal to 1"
                    : "less than or equal to " + MAX_ACTIONS));
        }
        String token = in.string("ClientRequestToken");
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + token + "' at "
                    + "'clientRequestToken' failed to satisfy constraint: Member must have length "
                    + (token.isEmpty() ? "greater than or equal to 1" : "less than or equal to 36"));
        }
        in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", List.of("INDEXES", "TOTAL", "NONE"));
        in.enumValue("ReturnItemCollectionMetrics", "returnItemCollectionMetrics", List.of("SIZE", "NONE"));
        List<Action> actions = new ArrayList<>();
        for (JsonNode entry : items) {
            actions.add(action(entry));
        }
        String fingerprint = token == null ? null : fingerprint(items);
        return engine.writeItems(state -> {
            long now = engine.nowMs();
            if (token != null) {
                DynamoDbEvent.TransactionTokenUsed use = state.tokenUse(token, now);
                if (use != null) {
                    if (!use.fingerprint().equals(fingerprint)) {
                        throw DynamoDbException.idempotentParameterMismatch();
                    }
                    return new Decision<>(List.of(), ItemOperations.NODES.objectNode());
                }
            }
            // validation first (every table, key and item), as DynamoDB refuses a malformed transaction outright
            Set<String> touched = new HashSet<>();
            List<Table> tables = new ArrayList<>();
            for (Action action : actions) {
                Table table = ItemOperations.activeTable(state, action.table());
                TableDef def = table.def();
                if (action.item() != null) {
                    ItemOperations.checkItem(def, action.item());
                } else {
                    ItemOperations.checkKey(def, action.key());
                }
                if (action.updates() != null) {
                    ItemOperations.checkKeyNotUpdated(def, action.updates().stream().map(Ast.UpdateAction::path).toList());
                }
                Map<String, AttributeValue> key = action.item() != null ? action.item() : action.key();
                if (!touched.add(action.table() + "\u0000" + Table.keyOf(def, key))) {
                    throw DynamoDbException.validation("Transaction request cannot include multiple operations on one "
                            + "item");
                }
                tables.add(table);
            }
            // then every condition, on the items as they are: all hold or nothing is written
            ArrayNode reasons = ItemOperations.NODES.arrayNode();
            boolean isCancelled = false;
            List<Map<String, AttributeValue>> olds = new ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                Action action = actions.get(i);
                Table table = tables.get(i);
                Map<String, AttributeValue> old = table.item(Table.keyOf(table.def(),
                        action.item() != null ? action.item() : action.key()));
                olds.add(old);
                ObjectNode reason = reasons.addObject();
                if (action.condition() != null && !Evaluator.matches(action.condition(), old)) {
                    isCancelled = true;
                    reason.put("Code", "ConditionalCheckFailed");
                    if (action.returnOldOnFailure() && old != null) {
                        reason.set("Item", AttributeJson.writeItem(old));
                    }
                    reason.put("Message", "The conditional request failed");
                } else {
                    reason.put("Code", "None");
                }
            }
            if (isCancelled) {
                throw DynamoDbException.transactionCanceled(reasons);
            }
            List<DynamoDbEvent> events = new ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                Action action = actions.get(i);
                TableDef def = tables.get(i).def();
                switch (action.kind()) {
                    case "Put" -> events.add(new DynamoDbEvent.ItemPut(action.table(), def.tableId(),
                            AttributeJson.writeItem(action.item())));
                    case "Update" -> {
                        Map<String, AttributeValue> base = olds.get(i) != null ? olds.get(i)
                                : new LinkedHashMap<>(action.key());
                        Map<String, AttributeValue> updated = Evaluator.update(base, action.updates());
                        ItemOperations.checkItem(def, updated);
                        events.add(new DynamoDbEvent.ItemPut(action.table(), def.tableId(),
                                AttributeJson.writeItem(updated)));
                    }
                    case "Delete" -> {
                        if (olds.get(i) != null) {
                            events.add(new DynamoDbEvent.ItemDeleted(action.table(), def.tableId(),
                                    AttributeJson.writeItem(action.key())));
                        }
                    }
                    default -> {
                        // ConditionCheck writes nothing
                    }
                }
            }
            if (token != null) {
                events.add(new DynamoDbEvent.TransactionTokenUsed(token, fingerprint, now));
            }
            return new Decision<>(events, ItemOperations.NODES.objectNode());
        });
    }

    /** One TransactItems entry: exactly one of its four kinds, with that kind's members only. */
    private static Action action(JsonNode entry) {
        List<String> present = KINDS.stream().filter(entry::hasNonNull).toList();
        if (present.size() != 1 || entry.size() != 1) {
            throw DynamoDbException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String kind = present.get(0);
        Set<String> members = new HashSet<>(EXPRESSION_MEMBERS);
        members.add(kind.equals("Put") ? "Item" : "Key");
        if (kind.equals("Update")) {
            members.add("UpdateExpression");
        }
        Input in = Input.of("TransactWriteItems", entry.get(kind), members, members);
        String table = in.tableName();
        boolean isUpdate = kind.equals("Update");
        if (kind.equals("ConditionCheck") && !in.has("ConditionExpression")) {
            throw DynamoDbException.validation("1 validation error detected: Value null at "
                    + "'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member "
                    + "must not be null");
        }
        if (isUpdate && !in.has("UpdateExpression")) {
            throw DynamoDbException.validation("1 validation error detected: Value null at "
                    + "'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be "
                    + "null");
        }
        ExpressionAttributes attributes = in.expressionAttributes(in.has("ConditionExpression") || isUpdate);
        String conditionExpression = in.string("ConditionExpression");
        Ast.Condition condition = conditionExpression == null ? null
                : ExpressionParser.condition(conditionExpression, "ConditionExpression", attributes);
        List<Ast.UpdateAction> updates = isUpdate ? ExpressionParser.update(in.string("UpdateExpression"), attributes)
                : null;
        attributes.checkAllUsed();
        boolean returnOld = "ALL_OLD".equals(in.enumValue("ReturnValuesOnConditionCheckFailure",
                "returnValuesOnConditionCheckFailure", List.of("ALL_OLD", "NONE")));
        Map<String, AttributeValue> item = kind.equals("Put") ? in.item("Item") : null;
        Map<String, AttributeValue> key = kind.equals("Put") ? null : in.item("Key");
        if (item == null && key == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.1.member."
                    + Character.toLowerCase(kind.charAt(0)) + kind.substring(1) + "." + (kind.equals("Put") ? "item"
                    : "key") + "' failed to satisfy constraint: Member must not be null");
        }
        return new Action(kind, table, key, item, condition, updates, returnOld);
    }

    /** What identifies a request for its token: the SHA-256 of its TransactItems as sent. */
    private static String fingerprint(JsonNode items) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(items.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
