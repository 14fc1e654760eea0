package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.dynamodb.expr.ExpressionAttributes;
import io.riffle.dynamodb.item.AttributeJson;
import io.riffle.dynamodb.item.AttributeValue;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One operation's request document, with the checks every operation shares: members Riffle does
 * not serve are refused by name (never ignored), required members are present, strings and enums
 * have the model's shape. Messages follow Coral's validation wording.
 */
final class Input {
    private final String operation;
    private final JsonNode json;

    private Input(String operation, JsonNode json) {
        this.operation = operation;
        this.json = json;
    }

    /**
     * The request of {@code operation}; {@code served} are the members Riffle implements,
     * {@code known} all the model's members of its input. A known member outside {@code served}
     * (with a value other than null) is refused as not supported; an unknown one as unknown.
     */
    static Input of(String operation, JsonNode json, Set<String> served, Set<String> known) {
        Set<String> unsupported = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (json.get(name).isNull() || served.contains(name)) {
                continue;
            }
            (known.contains(name) ? unsupported : unknown).add(name);
        }
        if (!unknown.isEmpty()) {
            throw DynamoDbException.validation("The " + operation + " request has members DynamoDB does not define: "
                    + String.join(", ", unknown));
        }
        if (!unsupported.isEmpty()) {
            throw DynamoDbException.validation("Riffle does not support these " + operation + " parameters yet: "
                    + String.join(", ", unsupported));
        }
        return new Input(operation, json);
    }

    String operation() {
        return operation;
    }

    boolean has(String member) {
        JsonNode v = json.get(member);
        return v != null && !v.isNull();
    }

    JsonNode node(String member) {
        JsonNode v = json.get(member);
        return v == null || v.isNull() ? null : v;
    }

    String string(String member) {
        JsonNode v = node(member);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v.textValue();
    }

    String requiredString(String member, String wireName) {
        String v = string(member);
        if (v == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at '" + wireName
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    String tableName() {
        String name = requiredString("TableName", "tableName");
        checkTableName(name, "tableName");
        return name;
    }

    static void checkTableName(String name, String wireName) {
        if (name.length() < 3) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + name + "' at '" + wireName
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 3");
        }
        if (name.length() > 255) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + name + "' at '" + wireName
                    + "' failed to satisfy constraint: Member must have length less than or equal to 255");
        }
        if (!name.matches("[a-zA-Z0-9_.-]+")) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + name + "' at '" + wireName
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    String enumValue(String member, String wireName, List<String> allowed) {
        String v = string(member);
        if (v != null && !allowed.contains(v)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + v + "' at '" + wireName
                    + "' failed to satisfy constraint: Member must satisfy enum value set: [" + String.join(", ", allowed)
                    + "]");
        }
        return v;
    }

    Boolean bool(String member) {
        JsonNode v = node(member);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v.booleanValue();
    }

    Integer integer(String member) {
        JsonNode v = node(member);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v.intValue();
    }

    Map<String, AttributeValue> item(String member) {
        return AttributeJson.readItem(node(member));
    }

    /** ExpressionAttributeNames and -Values; refused when present while no expression is. */
    ExpressionAttributes expressionAttributes(boolean hasExpression) {
        JsonNode names = node("ExpressionAttributeNames");
        JsonNode values = node("ExpressionAttributeValues");
        if (names != null && names.isEmpty()) {
            throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
        }
        if (values != null && values.isEmpty()) {
            throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
        }
        if (!hasExpression && names != null) {
            throw DynamoDbException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (!hasExpression && values != null) {
            throw DynamoDbException.validation("ExpressionAttributeValues can only be specified when using expressions");
        }
        Map<String, String> nameMap = null;
        if (names != null) {
            nameMap = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = names.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload");
                }
                nameMap.put(e.getKey(), e.getValue().textValue());
            }
        }
        Map<String, AttributeValue> valueMap = null;
        if (values != null) {
            valueMap = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().startsWith(":")) {
                    throw DynamoDbException.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \""
                            + e.getKey() + "\"");
                }
                valueMap.put(e.getKey(), AttributeJson.read(e.getValue()));
            }
        }
        return new ExpressionAttributes(nameMap, valueMap);
    }

    /** Refuses a request mixing legacy parameters with expression ones, as DynamoDB words it. */
    void checkNotMixed(List<String> legacy, List<String> expressions) {
        List<String> presentLegacy = legacy.stream().filter(this::has).toList();
        List<String> presentExpressions = expressions.stream().filter(this::has).toList();
        if (!presentLegacy.isEmpty() && !presentExpressions.isEmpty()) {
            throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same "
                    + "request: Non-expression parameters: {" + String.join(", ", presentLegacy)
                    + "} Expression parameters: {" + String.join(", ", presentExpressions) + "}");
        }
    }
}
