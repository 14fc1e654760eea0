package io.riffle.dynamodb.table;

import io.riffle.dynamodb.item.AttributeValue;
import java.util.Comparator;

/**
 * An item's primary key (range null for a hash-only table), ordered as a table's items are kept:
 * by hash key value, then range key value (S by UTF-8 bytes, N numerically, B as unsigned bytes).
 * Scan pages in this order, so ExclusiveStartKey continues where the last page stopped.
 */
public record ItemKey(AttributeValue hash, AttributeValue range) implements Comparable<ItemKey> {
    private static final Comparator<AttributeValue> VALUES = Comparator.nullsFirst(AttributeValue::compare);

    @Override
    public int compareTo(ItemKey o) {
        int c = VALUES.compare(hash, o.hash);
        return c != 0 ? c : VALUES.compare(range, o.range);
    }
}
