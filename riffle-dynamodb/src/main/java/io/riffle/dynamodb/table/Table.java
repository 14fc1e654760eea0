package io.riffle.dynamodb.table;

import io.riffle.dynamodb.item.AttributeJson;
import io.riffle.dynamodb.item.AttributeValue;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One table's state: its definition and items in key order, with their total size. Owned by the
 * DynamoDB event log's thread ({@link DynamoDbState}); never shared with another thread.
 */
public final class Table {
    private TableDef def;
    private final NavigableMap<ItemKey, Map<String, AttributeValue>> items = new TreeMap<>();
    private long sizeBytes;

    Table(TableDef def) {
        this.def = def;
    }

    public TableDef def() {
        return def;
    }

    void def(TableDef newDef) {
        this.def = newDef;
    }

    public NavigableMap<ItemKey, Map<String, AttributeValue>> items() {
        return java.util.Collections.unmodifiableNavigableMap(items);
    }

    public Map<String, AttributeValue> item(ItemKey key) {
        return items.get(key);
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    void put(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> old = items.put(keyOf(def, item), item);
        sizeBytes += AttributeJson.itemSize(item) - (old == null ? 0 : AttributeJson.itemSize(old));
    }

    void delete(ItemKey key) {
        Map<String, AttributeValue> old = items.remove(key);
        if (old != null) {
            sizeBytes -= AttributeJson.itemSize(old);
        }
    }

    /** The primary key of {@code item} (which the caller has checked holds it). */
    public static ItemKey keyOf(TableDef def, Map<String, AttributeValue> item) {
        return new ItemKey(item.get(def.hash().name()), def.range() == null ? null : item.get(def.range().name()));
    }
}
