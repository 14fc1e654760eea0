package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.dynamodb.expr.Ast;
import io.riffle.dynamodb.expr.Evaluator;
import io.riffle.dynamodb.expr.ExpressionAttributes;
import io.riffle.dynamodb.expr.ExpressionParser;
import io.riffle.dynamodb.expr.Legacy;
import io.riffle.dynamodb.expr.Path;
import io.riffle.dynamodb.item.AttributeJson;
import io.riffle.dynamodb.item.AttributeValue;
import io.riffle.dynamodb.table.Index;
import io.riffle.dynamodb.table.ItemKey;
import io.riffle.dynamodb.table.KeyAttribute;
import io.riffle.dynamodb.table.Table;
import io.riffle.dynamodb.table.TableDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Query and Scan, on a table or a global secondary index. Both read a page: items in key order
 * (an index: by its hash and range key, then the table's key) after ExclusiveStartKey, until Limit
 * items are read or 1 MB, then apply the filter (which does not count toward Limit, as in
 * DynamoDB) and the projection. An index is answered from the table's items (those that have the
 * index's key attributes), so it is always consistent with the table.
 */
final class ReadOperations {
    private static final long MAX_PAGE_BYTES = 1024 * 1024;
    private static final List<String> SELECT =
            List.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

    private final DynamoDbEngine engine;

    ReadOperations(DynamoDbEngine engine) {
        this.engine = engine;
    }

    /** The parameters Query and Scan share, checked before the state is read. */
    private record Common(String table, String indexName, Ast.Condition filter, List<Path> projection, String select,
                          Integer limit, Map<String, AttributeValue> startKey, boolean isConsistent) {
    }

    private static Common common(Input in, ExpressionAttributes attributes, String legacyFilter) {
        String table = in.tableName();
        String indexName = in.string("IndexName");
        Ast.Condition filter;
        String filterExpression = in.string("FilterExpression");
        if (filterExpression != null) {
            filter = ExpressionParser.condition(filterExpression, "FilterExpression", attributes);
        } else if (in.has(legacyFilter)) {
            filter = Legacy.conditions(in.node(legacyFilter), in.string("ConditionalOperator"), legacyFilter);
        } else {
            if (in.has("ConditionalOperator")) {
                throw DynamoDbException.validation("ConditionalOperator can only be used when Expected or QueryFilter or "
                        + "ScanFilter is present");
            }
            filter = null;
        }
        List<Path> projection = ItemOperations.projection(in, attributes);
        String select = in.enumValue("Select", "select", SELECT);
        if (select != null && select.equals("SPECIFIC_ATTRIBUTES") && projection == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES "
                    + "requires either ProjectionExpression or AttributesToGet");
        }
        if (select != null && !select.equals("SPECIFIC_ATTRIBUTES") && projection != null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Cannot specify the "
                    + (in.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet")
                    + " when choosing to get " + select);
        }
        if (select != null && select.equals("ALL_PROJECTED_ATTRIBUTES") && indexName == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Select type "
                    + "ALL_PROJECTED_ATTRIBUTES is only valid for index queries");
        }
        Integer limit = in.integer("Limit");
        if (limit != null && limit < 1) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                    + "satisfy constraint: Member must have value greater than or equal to 1");
        }
        boolean isConsistent = Boolean.TRUE.equals(in.bool("ConsistentRead"));
        if (isConsistent && indexName != null) {
            throw DynamoDbException.validation("Consistent reads are not supported on global secondary indexes");
        }
        in.enumValue("ReturnConsumedCapacity", "returnConsumedCapacity", List.of("INDEXES", "TOTAL", "NONE"));
        return new Common(table, indexName, filter, projection, select, limit, in.item("ExclusiveStartKey"), isConsistent);
    }

    /** The key attributes items are ordered by in what is read: the table's, or the index's then the table's. */
    private record Source(TableDef def, Index index) {
        KeyAttribute hash() {
            return index == null ? def.hash() : index.hash();
        }

        KeyAttribute range() {
            return index == null ? def.range() : index.range();
        }

        boolean holds(Map<String, AttributeValue> item) {
            return index == null || item.containsKey(index.hash().name())
                    && (index.range() == null || item.containsKey(index.range().name()));
        }

        /** The item as the index projects it (KEYS_ONLY, INCLUDE) or whole. */
        Map<String, AttributeValue> projected(Map<String, AttributeValue> item) {
            if (index == null || index.projectionType().equals("ALL")) {
                return item;
            }
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
                String name = e.getKey();
                boolean isKey = name.equals(def.hash().name()) || def.range() != null && name.equals(def.range().name())
                        || name.equals(index.hash().name()) || index.range() != null && name.equals(index.range().name())
                        || index.nonKeyAttributes().contains(name);
                if (isKey) {
                    out.put(name, e.getValue());
                }
            }
            return out;
        }

        /** LastEvaluatedKey of an item: the table's key, plus the index's. */
        Map<String, AttributeValue> lastKey(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> key = ItemOperations.keyOf(def, item);
            if (index != null) {
                key.put(index.hash().name(), item.get(index.hash().name()));
                if (index.range() != null) {
                    key.put(index.range().name(), item.get(index.range().name()));
                }
            }
            return key;
        }

        Comparator<Map<String, AttributeValue>> order() {
            Comparator<Map<String, AttributeValue>> byTable = Comparator.comparing(item -> Table.keyOf(def, item));
            if (index == null) {
                return byTable;
            }
            return Comparator.<Map<String, AttributeValue>, ItemKey>comparing(item -> new ItemKey(
                    item.get(index.hash().name()), index.range() == null ? null : item.get(index.range().name())))
                    .thenComparing(byTable);
        }

        void checkStartKey(Map<String, AttributeValue> start) {
            List<KeyAttribute> expected = new ArrayList<>(ItemOperations.keyAttributes(def));
            if (index != null) {
                expected.add(index.hash());
                if (index.range() != null) {
                    expected.add(index.range());
                }
            }
            long distinct = expected.stream().map(KeyAttribute::name).distinct().count();
            boolean isValid = start.size() == distinct;
            for (KeyAttribute attribute : expected) {
                AttributeValue v = start.get(attribute.name());
                isValid &= v != null && v.type().equals(attribute.type());
            }
            if (!isValid) {
                throw DynamoDbException.validation("The provided starting key is invalid: The provided key element does not "
                        + "match the schema");
            }
        }
    }

    private static Source source(Table table, String indexName) {
        if (indexName == null) {
            return new Source(table.def(), null);
        }
        Index index = table.def().index(indexName);
        if (index == null) {
            throw DynamoDbException.validation("The table does not have the specified index: " + indexName);
        }
        if (!index.status().equals("ACTIVE")) {
            throw DynamoDbException.validation("Cannot read from backfilling global secondary index: " + indexName);
        }
        return new Source(table.def(), index);
    }

    /** Reads a page of {@code candidates} (already in order) and answers it. */
    private static ObjectNode page(Input in, Common common, Source source, List<Map<String, AttributeValue>> candidates,
                                   boolean isBackward) {
        String select = common.select();
        int start = 0;
        if (common.startKey() != null) {
            source.checkStartKey(common.startKey());
            Comparator<Map<String, AttributeValue>> order = isBackward ? source.order().reversed() : source.order();
            while (start < candidates.size() && order.compare(candidates.get(start), common.startKey()) <= 0) {
                start++;
            }
        }
        ObjectNode answer = ItemOperations.NODES.objectNode();
        ArrayNode items = "COUNT".equals(select) ? null : answer.putArray("Items");
        int scanned = 0;
        int count = 0;
        long bytes = 0;
        Map<String, AttributeValue> last = null;
        int i = start;
        for (; i < candidates.size(); i++) {
            if (common.limit() != null && scanned == common.limit() || bytes >= MAX_PAGE_BYTES) {
                break;
            }
            Map<String, AttributeValue> item = source.projected(candidates.get(i));
            scanned++;
            bytes += AttributeJson.itemSize(item);
            last = candidates.get(i);
            if (common.filter() != null && !Evaluator.matches(common.filter(), item)) {
                continue;
            }
            count++;
            if (items != null) {
                items.add(AttributeJson.writeItem(common.projection() == null ? item
                        : Evaluator.project(item, common.projection())));
            }
        }
        answer.put("Count", count);
        answer.put("ScannedCount", scanned);
        if (last != null && i < candidates.size()) {
            answer.set("LastEvaluatedKey", AttributeJson.writeItem(source.lastKey(last)));
        } else if (last != null && common.limit() != null && scanned == common.limit()) {
            // DynamoDB answers a key when the page ended at Limit, even if nothing follows.
            answer.set("LastEvaluatedKey", AttributeJson.writeItem(source.lastKey(last)));
        }
        ObjectNode capacity = ItemOperations.consumed(in, common.table(),
                ItemOperations.readUnits(bytes, common.isConsistent()));
        if (capacity != null) {
            answer.set("ConsumedCapacity", capacity);
        }
        return answer;
    }

    // ---- Query

    CompletableFuture<ObjectNode> query(Input in) {
        in.checkNotMixed(List.of("KeyConditions", "QueryFilter", "ConditionalOperator", "AttributesToGet"),
                List.of("KeyConditionExpression", "FilterExpression", "ProjectionExpression"));
        boolean hasExpression = in.has("KeyConditionExpression") || in.has("FilterExpression")
                || in.has("ProjectionExpression");
        ExpressionAttributes attributes = in.expressionAttributes(hasExpression);
        Ast.Condition keyCondition;
        String keyExpression = in.string("KeyConditionExpression");
        if (keyExpression != null) {
            keyCondition = ExpressionParser.condition(keyExpression, "KeyConditionExpression", attributes);
        } else if (in.has("KeyConditions")) {
            keyCondition = Legacy.conditions(in.node("KeyConditions"), null, "KeyConditions");
        } else {
            throw DynamoDbException.validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                    + "specified in the request.");
        }
        Common common = common(in, attributes, "QueryFilter");
        attributes.checkAllUsed();
        Boolean forward = in.bool("ScanIndexForward");
        return engine.read(state -> {
            Table table = ItemOperations.activeTable(state, common.table());
            Source source = source(table, common.indexName());
            KeyConditions keys = KeyConditions.of(keyCondition, source.hash(), source.range(),
                    keyExpression != null ? "KeyConditionExpression" : "KeyConditions");
            List<Map<String, AttributeValue>> candidates = new ArrayList<>();
            if (source.index() == null) {
                for (Map.Entry<ItemKey, Map<String, AttributeValue>> e
                        : table.items().tailMap(new ItemKey(keys.hashValue(), null), true).entrySet()) {
                    if (!e.getKey().hash().equals(keys.hashValue())) {
                        break;
                    }
                    candidates.add(e.getValue());
                }
            } else {
                for (Map<String, AttributeValue> item : table.items().values()) {
                    if (source.holds(item) && keys.hashValue().equals(item.get(source.hash().name()))) {
                        candidates.add(item);
                    }
                }
                candidates.sort(source.order());
            }
            candidates.removeIf(item -> !keys.matchesRange(item));
            if (Boolean.FALSE.equals(forward)) {
                java.util.Collections.reverse(candidates);
            }
            return page(in, common, source, candidates, Boolean.FALSE.equals(forward));
        });
    }

    // ---- Scan

    CompletableFuture<ObjectNode> scan(Input in) {
        in.checkNotMixed(List.of("ScanFilter", "ConditionalOperator", "AttributesToGet"),
                List.of("FilterExpression", "ProjectionExpression"));
        boolean hasExpression = in.has("FilterExpression") || in.has("ProjectionExpression");
        ExpressionAttributes attributes = in.expressionAttributes(hasExpression);
        Common common = common(in, attributes, "ScanFilter");
        attributes.checkAllUsed();
        Integer segment = in.integer("Segment");
        Integer totalSegments = in.integer("TotalSegments");
        if (segment != null && totalSegments == null) {
            throw DynamoDbException.validation("The TotalSegments parameter is required but was not present in the request "
                    + "when Segment parameter is present");
        }
        if (totalSegments != null && segment == null) {
            throw DynamoDbException.validation("The Segment parameter is required but was not present in the request when "
                    + "parameter TotalSegments is present");
        }
        if (totalSegments != null && (totalSegments < 1 || totalSegments > 1_000_000)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + totalSegments + "' at "
                    + "'totalSegments' failed to satisfy constraint: Member must have value "
                    + (totalSegments < 1 ? "greater than or equal to 1" : "less than or equal to 1000000"));
        }
        if (segment != null && (segment < 0 || segment >= totalSegments)) {
            throw DynamoDbException.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        return engine.read(state -> {
            Table table = ItemOperations.activeTable(state, common.table());
            Source source = source(table, common.indexName());
            List<Map<String, AttributeValue>> candidates = new ArrayList<>();
            for (Map.Entry<ItemKey, Map<String, AttributeValue>> e : table.items().entrySet()) {
                if (source.holds(e.getValue()) && (segment == null
                        || Math.floorMod(e.getKey().hash().hashCode(), totalSegments) == segment)) {
                    candidates.add(e.getValue());
                }
            }
            if (source.index() != null) {
                candidates.sort(source.order());
            }
            return page(in, common, source, candidates, false);
        });
    }

    /** A Query's key condition, taken apart: the hash key's value and the range key's condition (may be null). */
    private record KeyConditions(AttributeValue hashValue, Ast.Condition range) {
        boolean matchesRange(Map<String, AttributeValue> item) {
            return range == null || Evaluator.matches(range, item);
        }

        static KeyConditions of(Ast.Condition condition, KeyAttribute hash, KeyAttribute range, String kind) {
            List<Ast.Condition> parts = new ArrayList<>();
            flatten(condition, parts, kind);
            AttributeValue hashValue = null;
            Ast.Condition rangeCondition = null;
            for (Ast.Condition part : parts) {
                String attribute = attributeOf(part, kind);
                if (attribute.equals(hash.name()) && hashValue == null) {
                    if (!(part instanceof Ast.Compare compare) || compare.comparator() != Ast.Comparator.EQ) {
                        throw DynamoDbException.validation("Query key condition not supported");
                    }
                    hashValue = valueOf(compare);
                    if (!hashValue.type().equals(hash.type())) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: Condition parameter "
                                + "type does not match schema type");
                    }
                } else if (range != null && attribute.equals(range.name()) && rangeCondition == null) {
                    if (part instanceof Ast.Compare compare && compare.comparator() == Ast.Comparator.NE) {
                        throw DynamoDbException.validation("Unsupported operator on KeyConditionExpression: operator: <>");
                    }
                    if (part instanceof Ast.In) {
                        throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: IN");
                    }
                    if (part instanceof Ast.Function f && !f.name().equals("begins_with")) {
                        throw DynamoDbException.validation("Invalid operator used in KeyConditionExpression: " + f.name());
                    }
                    rangeCondition = part;
                } else if (attribute.equals(hash.name()) || range != null && attribute.equals(range.name())) {
                    throw DynamoDbException.validation("KeyConditionExpressions must only contain one condition per key");
                } else {
                    throw DynamoDbException.validation("Query condition missed key schema element: "
                            + (hashValue == null ? hash.name() : range != null ? range.name() : hash.name()));
                }
            }
            if (hashValue == null) {
                throw DynamoDbException.validation("Query condition missed key schema element: " + hash.name());
            }
            return new KeyConditions(hashValue, rangeCondition);
        }

        private static void flatten(Ast.Condition condition, List<Ast.Condition> parts, String kind) {
            switch (condition) {
                case Ast.And and -> {
                    flatten(and.left(), parts, kind);
                    flatten(and.right(), parts, kind);
                }
                case Ast.Or ignored -> throw DynamoDbException.validation("Invalid operator used in " + kind + ": OR");
                case Ast.Not ignored -> throw DynamoDbException.validation("Invalid operator used in " + kind + ": NOT");
                default -> parts.add(condition);
            }
        }

        private static String attributeOf(Ast.Condition part, String kind) {
            Ast.Operand operand = switch (part) {
                case Ast.Compare c -> c.left() instanceof Ast.PathOperand ? c.left() : c.right();
                case Ast.Between b -> b.value();
                case Ast.In i -> i.value();
                case Ast.Function f -> f.arguments().get(0);
                default -> null;
            };
            if (!(operand instanceof Ast.PathOperand path) || !path.path().isTopLevel()) {
                throw DynamoDbException.validation("Invalid " + kind + ": Key condition is not on a top-level key attribute");
            }
            return path.path().attribute();
        }

        private static AttributeValue valueOf(Ast.Compare compare) {
            Ast.Operand value = compare.left() instanceof Ast.PathOperand ? compare.right() : compare.left();
            if (!(value instanceof Ast.ValueOperand v)) {
                throw DynamoDbException.validation("Query key condition not supported");
            }
            return v.value();
        }
    }

}
