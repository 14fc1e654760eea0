package io.riffle.dynamodb.expr;

import io.riffle.dynamodb.DynamoDbException;
import io.riffle.dynamodb.item.AttributeValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's ExpressionAttributeNames and ExpressionAttributeValues, and which of them its
 * expressions used: DynamoDB refuses a placeholder that is not defined and a definition no
 * expression uses.
 */
public final class ExpressionAttributes {
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new TreeSet<>();
    private final Set<String> usedValues = new TreeSet<>();

    /** Either map may be null (absent from the request). */
    public ExpressionAttributes(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names;
        this.values = values;
    }

    public static ExpressionAttributes none() {
        return new ExpressionAttributes(null, null);
    }

    public boolean hasNames() {
        return names != null;
    }

    public boolean hasValues() {
        return values != null;
    }

    String name(String placeholder, String expressionKind) {
        String name = names == null ? null : names.get(placeholder);
        if (name == null) {
            throw DynamoDbException.validation("Invalid " + expressionKind + ": An expression attribute name used in the "
                    + "document path is not defined; attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    AttributeValue value(String placeholder, String expressionKind) {
        AttributeValue value = values == null ? null : values.get(placeholder);
        if (value == null) {
            throw DynamoDbException.validation("Invalid " + expressionKind + ": An expression attribute value used in "
                    + "expression is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** After every expression of the request is parsed: refuses definitions none of them used. */
    public void checkAllUsed() {
        if (names != null) {
            Set<String> unused = new TreeSet<>(names.keySet());
            unused.removeAll(usedNames);
            if (!unused.isEmpty()) {
                throw DynamoDbException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                        + String.join(", ", unused) + "}");
            }
        }
        if (values != null) {
            Set<String> unused = new TreeSet<>(values.keySet());
            unused.removeAll(usedValues);
            if (!unused.isEmpty()) {
                throw DynamoDbException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                        + String.join(", ", unused) + "}");
            }
        }
    }
}
