package io.riffle.dynamodb.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a table is, apart from its items: the definition CreateTable and UpdateTable give it and
 * its status. {@code tableId} tells incarnations of one name apart (events of a deleted table are
 * never applied to a new one). {@code timeToLiveAttribute} is the attribute UpdateTimeToLive named (null: TTL
 * disabled; events stored before TTL existed read as null). Immutable; a change is a new value in an event.
 */
public record TableDef(String name, String tableId, long createdMs, String status, KeyAttribute hash, KeyAttribute range,
                       Map<String, String> attributeDefinitions, String billingMode, long readCapacity,
                       long writeCapacity, List<Index> indexes, boolean deletionProtectionEnabled, long billingModeChangedMs,
                       String timeToLiveAttribute) {
    public static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";
    public static final String PROVISIONED = "PROVISIONED";

    public TableDef {
        attributeDefinitions = Map.copyOf(attributeDefinitions);
        indexes = List.copyOf(indexes);
    }

    public Index index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst().orElse(null);
    }

    public TableDef withStatus(String newStatus) {
        return new TableDef(name, tableId, createdMs, newStatus, hash, range, attributeDefinitions, billingMode,
                readCapacity, writeCapacity, indexes, deletionProtectionEnabled, billingModeChangedMs, timeToLiveAttribute);
    }

    /** Without that index, and without the attribute definitions only its key used (as DynamoDB drops them). */
    public TableDef withTimeToLive(String attribute) {
        return new TableDef(name, tableId, createdMs, status, hash, range, attributeDefinitions, billingMode,
                readCapacity, writeCapacity, indexes, deletionProtectionEnabled, billingModeChangedMs, attribute);
    }

    public TableDef withoutIndex(String indexName) {
        List<Index> kept = indexes.stream().filter(i -> !i.name().equals(indexName)).toList();
        Map<String, String> definitions = new java.util.LinkedHashMap<>();
        attributeDefinitions.forEach((attribute, type) -> {
            boolean isUsed = attribute.equals(hash.name()) || range != null && attribute.equals(range.name())
                    || kept.stream().anyMatch(i -> attribute.equals(i.hash().name())
                    || i.range() != null && attribute.equals(i.range().name()));
            if (isUsed) {
                definitions.put(attribute, type);
            }
        });
        return new TableDef(name, tableId, createdMs, status, hash, range, definitions, billingMode,
                readCapacity, writeCapacity, kept, deletionProtectionEnabled, billingModeChangedMs, timeToLiveAttribute);
    }

    public TableDef withIndex(Index index) {
        List<Index> updated = new ArrayList<>();
        boolean replaced = false;
        for (Index i : indexes) {
            if (i.name().equals(index.name())) {
                updated.add(index);
                replaced = true;
            } else {
                updated.add(i);
            }
        }
        if (!replaced) {
            updated.add(index);
        }
        return new TableDef(name, tableId, createdMs, status, hash, range, attributeDefinitions, billingMode,
                readCapacity, writeCapacity, updated, deletionProtectionEnabled, billingModeChangedMs, timeToLiveAttribute);
    }
}
