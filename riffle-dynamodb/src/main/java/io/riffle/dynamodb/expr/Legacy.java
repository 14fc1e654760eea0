package io.riffle.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.dynamodb.DynamoDbException;
import io.riffle.dynamodb.item.AttributeJson;
import io.riffle.dynamodb.item.AttributeValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy (pre-expression) parameters, turned into the same trees the expressions parse to:
 * {@code Expected} (Exists/Value or ComparisonOperator/AttributeValueList per attribute, joined by
 * ConditionalOperator), {@code QueryFilter}/{@code ScanFilter}/{@code KeyConditions} (the latter
 * forms only), and {@code AttributeUpdates} (PUT, DELETE, ADD per attribute). The KCL's lease
 * manager writes its leases with Expected and AttributeUpdates.
 */
public final class Legacy {
    private Legacy() {
    }

    /** Expected as a condition; null when it is empty. */
    public static Ast.Condition expected(JsonNode expected, String conditionalOperator) {
        List<Ast.Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode spec = entry.getValue();
            JsonNode exists = spec.get("Exists");
            JsonNode value = spec.get("Value");
            boolean hasOperator = spec.hasNonNull("ComparisonOperator");
            if (hasOperator) {
                if (value != null && !value.isNull() || exists != null && !exists.isNull()) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: "
                            + "Value or Exists cannot be used with ComparisonOperator for Attribute: " + name);
                }
                conditions.add(comparison(name, spec, "Expected"));
            } else if (exists != null && !exists.isNull() && !exists.booleanValue()) {
                if (value != null && !value.isNull()) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: "
                            + "Cannot expect an attribute to have a specified value while expecting it to not exist");
                }
                conditions.add(function("attribute_not_exists", name));
            } else if (value == null || value.isNull()) {
                throw DynamoDbException.validation("One or more parameter values were invalid: "
                        + "Exists is set to TRUE for attribute (" + name + "), Value must also be set");
            } else {
                conditions.add(new Ast.Compare(Ast.Comparator.EQ, path(name), value(AttributeJson.read(value))));
            }
        }
        return join(conditions, conditionalOperator, "Expected");
    }

    /** QueryFilter, ScanFilter or KeyConditions as a condition; null when empty. */
    public static Ast.Condition conditions(JsonNode filter, String conditionalOperator, String parameter) {
        List<Ast.Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            conditions.add(comparison(entry.getKey(), entry.getValue(), parameter));
        }
        return join(conditions, conditionalOperator, parameter);
    }

    private static Ast.Condition join(List<Ast.Condition> conditions, String conditionalOperator, String parameter) {
        if (conditionalOperator != null && !conditionalOperator.equals("AND") && !conditionalOperator.equals("OR")) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + conditionalOperator
                    + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [AND, OR]");
        }
        if (conditions.isEmpty()) {
            return null;
        }
        if (conditionalOperator != null && conditions.size() == 1 && !parameter.equals("Expected")) {
            // DynamoDB accepts a ConditionalOperator with one condition.
            return conditions.get(0);
        }
        Ast.Condition joined = conditions.get(0);
        for (Ast.Condition next : conditions.subList(1, conditions.size())) {
            joined = "OR".equals(conditionalOperator) ? new Ast.Or(joined, next) : new Ast.And(joined, next);
        }
        return joined;
    }

    private static Ast.Condition comparison(String name, JsonNode spec, String parameter) {
        String operator = spec.path("ComparisonOperator").asText(null);
        if (operator == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ComparisonOperator must be "
                    + "specified in " + parameter + " for attribute: " + name);
        }
        List<AttributeValue> values = new ArrayList<>();
        JsonNode list = spec.get("AttributeValueList");
        if (list != null && list.isArray()) {
            list.forEach(v -> values.add(AttributeJson.read(v)));
        }
        int expected = switch (operator) {
            case "NULL", "NOT_NULL" -> 0;
            case "BETWEEN" -> 2;
            case "IN" -> -1;
            case "EQ", "NE", "LE", "LT", "GE", "GT", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH" -> 1;
            default -> throw DynamoDbException.validation("1 validation error detected: Value '" + operator
                    + "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        };
        if (expected >= 0 ? values.size() != expected : values.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Invalid number of argument(s) "
                    + "for the " + operator + " ComparisonOperator");
        }
        Ast.Operand path = path(name);
        return switch (operator) {
            case "NULL" -> function("attribute_not_exists", name);
            case "NOT_NULL" -> function("attribute_exists", name);
            case "BETWEEN" -> new Ast.Between(path, value(values.get(0)), value(values.get(1)));
            case "IN" -> new Ast.In(path, values.stream().<Ast.Operand>map(Legacy::value).toList());
            case "CONTAINS" -> new Ast.Function("contains", List.of(path, value(values.get(0))));
            case "NOT_CONTAINS" -> new Ast.And(function("attribute_exists", name),
                    new Ast.Not(new Ast.Function("contains", List.of(path, value(values.get(0))))));
            case "BEGINS_WITH" -> new Ast.Function("begins_with", List.of(path, value(values.get(0))));
            default -> new Ast.Compare(Ast.Comparator.valueOf(operator), path, value(values.get(0)));
        };
    }

    private static Ast.Condition function(String name, String attribute) {
        return new Ast.Function(name, List.of(path(attribute)));
    }

    private static Ast.PathOperand path(String name) {
        return new Ast.PathOperand(Path.of(name));
    }

    private static Ast.ValueOperand value(AttributeValue v) {
        return new Ast.ValueOperand("", v);
    }

    /** Applies AttributeUpdates to a copy of {@code item} (which holds at least the key). */
    public static Map<String, AttributeValue> attributeUpdates(Map<String, AttributeValue> item, JsonNode updates) {
        Map<String, AttributeValue> result = new LinkedHashMap<>(item);
        for (Iterator<Map.Entry<String, JsonNode>> it = updates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String action = entry.getValue().path("Action").asText("PUT");
            JsonNode valueNode = entry.getValue().get("Value");
            AttributeValue value = valueNode == null || valueNode.isNull() ? null : AttributeJson.read(valueNode);
            AttributeValue current = result.get(name);
            switch (action) {
                case "PUT" -> {
                    if (value == null) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: "
                                + "Only DELETE action is allowed when no attribute value is specified");
                    }
                    result.put(name, value);
                }
                case "DELETE" -> {
                    if (value == null) {
                        result.remove(name);
                    } else {
                        if (!value.isSet()) {
                            throw DynamoDbException.validation("One or more parameter values were invalid: "
                                    + "DELETE action with value is not supported for the type " + value.type());
                        }
                        AttributeValue rest = Evaluator.deleteFrom(current, value);
                        if (rest == null) {
                            result.remove(name);
                        } else {
                            result.put(name, rest);
                        }
                    }
                }
                case "ADD" -> {
                    if (value == null) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: "
                                + "Only DELETE action is allowed when no attribute value is specified");
                    }
                    if (value instanceof AttributeValue.L l) {
                        if (current == null) {
                            result.put(name, l);
                        } else if (current instanceof AttributeValue.L c) {
                            List<AttributeValue> joined = new ArrayList<>(c.value());
                            joined.addAll(l.value());
                            result.put(name, new AttributeValue.L(joined));
                        } else {
                            throw DynamoDbException.validation("Type mismatch for attribute to update");
                        }
                    } else if (value instanceof AttributeValue.N || value.isSet()) {
                        if (current != null && current.getClass() != value.getClass()) {
                            throw DynamoDbException.validation("Type mismatch for attribute to update");
                        }
                        result.put(name, Evaluator.add(current, value));
                    } else {
                        throw DynamoDbException.validation("One or more parameter values were invalid: "
                                + "ADD action is not supported for the type " + value.type());
                    }
                }
                default -> throw DynamoDbException.validation("1 validation error detected: Value '" + action
                        + "' at 'attributeUpdates." + name + ".member.action' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [ADD, PUT, DELETE]");
            }
        }
        return result;
    }
}
