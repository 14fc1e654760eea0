package io.riffle.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.dynamodb.DynamoDbException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute values and items as DynamoDB's JSON protocol carries them
 * ({@code {"S":"a"}}, {@code {"N":"1"}}, {@code {"B":"<base64>"}}, {@code {"M":{...}}}, ...), with
 * DynamoDB's refusals: a value naming no type or two, an empty or duplicated set, NULL false,
 * a bad number or base64. Also an item's size as DynamoDB counts it.
 */
public final class AttributeJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** DynamoDB nests documents at most 32 levels deep. */
    private static final int MAX_DEPTH = 32;

    private AttributeJson() {
    }

    /** An item (a map of attribute name to value); null for a missing node. */
    public static Map<String, AttributeValue> readItem(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), read(field.getValue()));
        }
        return item;
    }

    public static AttributeValue read(JsonNode node) {
        return read(node, 0);
    }

    private static AttributeValue read(JsonNode node, int depth) {
        if (node == null || !node.isObject()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        if (depth > MAX_DEPTH) {
            throw DynamoDbException.validation("Nesting Levels have exceeded supported limits");
        }
        int types = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isNull()) {
                types++;
            }
        }
        if (types == 0) {
            throw DynamoDbException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (types > 1) {
            throw DynamoDbException.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> field = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> candidate = it.next();
            if (!candidate.getValue().isNull()) {
                field = candidate;
            }
        }
        JsonNode v = field.getValue();
        return switch (field.getKey()) {
            case "S" -> new AttributeValue.S(text(v));
            case "N" -> new AttributeValue.N(DynamoNumber.parse(text(v)));
            case "B" -> new AttributeValue.B(bytes(v));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload");
                }
                yield new AttributeValue.Bool(v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload");
                }
                if (!v.booleanValue()) {
                    throw DynamoDbException.validation(
                            "One or more parameter values were invalid: Null attribute value types must have the value of true");
                }
                yield new AttributeValue.Null();
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw DynamoDbException.serialization("Unexpected value type in payload");
                }
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    map.put(member.getKey(), read(member.getValue(), depth + 1));
                }
                yield new AttributeValue.M(map);
            }
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : array(v)) {
                    list.add(read(element, depth + 1));
                }
                yield new AttributeValue.L(list);
            }
            case "SS" -> {
                List<String> values = new ArrayList<>();
                for (JsonNode element : array(v)) {
                    values.add(text(element));
                }
                yield new AttributeValue.SS(set(values, "An string set  may not be empty"));
            }
            case "NS" -> {
                List<BigDecimal> values = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                for (JsonNode element : array(v)) {
                    texts.add(text(element));
                    values.add(DynamoNumber.parse(text(element)));
                }
                if (new LinkedHashSet<>(values).size() != values.size()) {
                    throw duplicates(texts);
                }
                yield new AttributeValue.NS(set(values, "An number set  may not be empty"));
            }
            case "BS" -> {
                List<AttributeValue.Bytes> values = new ArrayList<>();
                for (JsonNode element : array(v)) {
                    values.add(bytes(element));
                }
                yield new AttributeValue.BS(set(values, "Binary sets should not be empty"));
            }
            default -> throw DynamoDbException.serialization("Unexpected field type");
        };
    }

    private static <T> Set<T> set(List<T> values, String emptyMessage) {
        if (values.isEmpty()) {
            throw DynamoDbException.validation("One or more parameter values were invalid: " + emptyMessage);
        }
        Set<T> set = new LinkedHashSet<>(values);
        if (set.size() != values.size()) {
            throw duplicates(values);
        }
        return set;
    }

    private static DynamoDbException duplicates(List<?> values) {
        return DynamoDbException.validation("One or more parameter values were invalid: Input collection " + values
                + " contains duplicates.");
    }

    private static String text(JsonNode v) {
        if (!v.isTextual()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return v.textValue();
    }

    private static ArrayNode array(JsonNode v) {
        if (!v.isArray()) {
            throw DynamoDbException.serialization("Unexpected value type in payload");
        }
        return (ArrayNode) v;
    }

    private static AttributeValue.Bytes bytes(JsonNode v) {
        try {
            return new AttributeValue.Bytes(Base64.getDecoder().decode(text(v)));
        } catch (IllegalArgumentException e) {
            throw DynamoDbException.serialization("Base64 encoded length is expected a multiple of 4 bytes but found: "
                    + text(v).length());
        }
    }

    public static ObjectNode writeItem(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, write(value)));
        return node;
    }

    public static ObjectNode write(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value) {
            case AttributeValue.S s -> node.put("S", s.value());
            case AttributeValue.N n -> node.put("N", DynamoNumber.format(n.value()));
            case AttributeValue.B b -> node.put("B", b.value().base64());
            case AttributeValue.Bool b -> node.put("BOOL", b.value());
            case AttributeValue.Null ignored -> node.put("NULL", true);
            case AttributeValue.M m -> node.set("M", writeItem(m.value()));
            case AttributeValue.L l -> {
                ArrayNode array = node.putArray("L");
                l.value().forEach(v -> array.add(write(v)));
            }
            case AttributeValue.SS ss -> {
                ArrayNode array = node.putArray("SS");
                ss.value().forEach(array::add);
            }
            case AttributeValue.NS ns -> {
                ArrayNode array = node.putArray("NS");
                ns.value().forEach(v -> array.add(DynamoNumber.format(v)));
            }
            case AttributeValue.BS bs -> {
                ArrayNode array = node.putArray("BS");
                bs.value().forEach(v -> array.add(v.base64()));
            }
        }
        return node;
    }

    /** An item's size as DynamoDB counts it toward the 400 KB limit: names plus values. */
    public static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + size(e.getValue());
        }
        return size;
    }

    static long size(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> utf8Length(s.value());
            case AttributeValue.N n -> numberSize(n.value());
            case AttributeValue.B b -> b.value().length();
            case AttributeValue.Bool ignored -> 1;
            case AttributeValue.Null ignored -> 1;
            case AttributeValue.M m -> 3 + m.value().entrySet().stream()
                    .mapToLong(e -> 1 + utf8Length(e.getKey()) + size(e.getValue())).sum();
            case AttributeValue.L l -> 3 + l.value().stream().mapToLong(v -> 1 + size(v)).sum();
            case AttributeValue.SS ss -> ss.value().stream().mapToLong(AttributeJson::utf8Length).sum();
            case AttributeValue.NS ns -> ns.value().stream().mapToLong(AttributeJson::numberSize).sum();
            case AttributeValue.BS bs -> bs.value().stream().mapToLong(AttributeValue.Bytes::length).sum();
        };
    }

    private static long numberSize(BigDecimal n) {
        // About one byte per two significant digits, plus one (DynamoDB's documented estimate).
        return (n.precision() + 1) / 2 + 1;
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
