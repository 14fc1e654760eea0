package io.riffle.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.metadata.EventCodec;

/**
 * What changes DynamoDB's durable state: table definitions and items, as events of the metadata
 * kit (one log, {@code _dynamodb}). Items travel in DynamoDB's own JSON form. Every event names the
 * table's id, so an event of a deleted incarnation is never applied to a newer one.
 */
public sealed interface DynamoDbEvent {

    record TableCreated(TableDef table) implements DynamoDbEvent {
    }

    /** The definition replaced (UpdateTable: an index added, billing mode, deletion protection). */
    record TableUpdated(TableDef table) implements DynamoDbEvent {
    }

    /** CREATING -> ACTIVE of the table, or of one index when {@code index} is set. */
    record Activated(String table, String tableId, String index) implements DynamoDbEvent {
    }

    record TableDeleted(String table, String tableId) implements DynamoDbEvent {
    }

    /** The whole item after a PutItem or UpdateItem. */
    record ItemPut(String table, String tableId, JsonNode item) implements DynamoDbEvent {
    }

    record ItemDeleted(String table, String tableId, JsonNode key) implements DynamoDbEvent {
    }

    /**
     * A TransactWriteItems with a ClientRequestToken committed (beside its items' events): the same token within
     * {@link DynamoDbState#TOKEN_LIFETIME_MS} is answered without writing again, or refused for another request.
     */
    record TransactionTokenUsed(String token, String fingerprint, long atMs) implements DynamoDbEvent {
    }

    EventCodec<DynamoDbEvent> CODEC = EventCodec.builder(DynamoDbEvent.class)
            .event(TableCreated.class)
            .event(TableUpdated.class)
            .event(Activated.class)
            .event(TableDeleted.class)
            .event(ItemPut.class)
            .event(ItemDeleted.class)
            .event(TransactionTokenUsed.class)
            .build();
}
