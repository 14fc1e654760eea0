package io.riffle.dynamodb.table;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per table change once it is durable and applied (not at replay), with the table as the {@code table}
 * key-value (a field with {@code log-format=json}). Item writes are not logged: a KCL application renews its leases
 * many times a second.
 */
final class TableChangeLog {
    private static final Logger log = LoggerFactory.getLogger("io.riffle.dynamodb");

    private TableChangeLog() {
    }

    static void applied(DynamoDbEvent event) {
        switch (event) {
            case DynamoDbEvent.TableCreated e -> log.atInfo().addKeyValue("table", e.table().name())
                    .log("table {} created ({})", e.table().name(), e.table().billingMode());
            case DynamoDbEvent.TableUpdated e -> log.atInfo().addKeyValue("table", e.table().name())
                    .log("table {} updated ({}, secondary indexes {})", e.table().name(), e.table().billingMode(),
                            e.table().indexes().stream().map(Index::name).toList());
            case DynamoDbEvent.Activated e -> {
                if (e.index() == null) {
                    log.atInfo().addKeyValue("table", e.table()).log("table {} is ACTIVE", e.table());
                } else {
                    log.atInfo().addKeyValue("table", e.table()).log("table {}: index {} is ACTIVE", e.table(), e.index());
                }
            }
            case DynamoDbEvent.TableDeleted e -> log.atInfo().addKeyValue("table", e.table())
                    .log("table {} deleted", e.table());
            case DynamoDbEvent.ItemPut e -> {
                // items: not logged (see above)
            }
            case DynamoDbEvent.ItemDeleted e -> {
                // items: not logged
            }
            case DynamoDbEvent.TransactionTokenUsed e -> {
                // a transaction's idempotency token: nothing an operator needs
            }
        }
    }
}
