package io.riffle.dynamodb.table;

import java.util.List;

/**
 * A global secondary index: its key (range may be null), projection (ALL, KEYS_ONLY, INCLUDE with
 * its non-key attributes), status and provisioned throughput (0 for on-demand tables).
 * Riffle answers Query on an index from the table's items, so an index has nothing to backfill.
 */
public record Index(String name, KeyAttribute hash, KeyAttribute range, String projectionType,
                    List<String> nonKeyAttributes, String status, long readCapacity, long writeCapacity) {
    public Index {
        nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
    }

    public Index withStatus(String newStatus) {
        return new Index(name, hash, range, projectionType, nonKeyAttributes, newStatus, readCapacity, writeCapacity);
    }
}
