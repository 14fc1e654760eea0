package io.riffle.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.dynamodb.item.AttributeJson;
import io.riffle.dynamodb.item.AttributeValue;
import io.riffle.metadata.EventContext;
import io.riffle.metadata.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every table and its items: the state machine over {@link DynamoDbEvent}s. A snapshot holds the
 * live tables and items, so a restart replays only what came after the last snapshot, and disk
 * use is bounded by the live items, however often leases are renewed. Owned by the event log's
 * thread.
 */
public final class DynamoDbState implements StateMachine<DynamoDbState.Snapshot, DynamoDbEvent> {

    public record TableSnapshot(TableDef table, List<JsonNode> items) {
    }

    /** {@code tokens} is null in snapshots taken before transactions existed. */
    public record Snapshot(List<TableSnapshot> tables, List<DynamoDbEvent.TransactionTokenUsed> tokens) {
    }

    /** How long a TransactWriteItems ClientRequestToken is remembered, as DynamoDB documents. */
    public static final long TOKEN_LIFETIME_MS = 10 * 60 * 1000;

    private final Map<String, Table> tables = new TreeMap<>();
    private final long activationDelayMs;
    private final Map<String, DynamoDbEvent.TransactionTokenUsed> tokens = new java.util.HashMap<>();

    /** @param activationDelayMs how long a new table or index stays CREATING (0: ACTIVE at once) */
    public DynamoDbState(long activationDelayMs) {
        this.activationDelayMs = activationDelayMs;
    }

    public long activationDelayMs() {
        return activationDelayMs;
    }

    /** The table of that name, or null. */
    public Table table(String name) {
        return tables.get(name);
    }

    /** Table names in order. */
    public List<String> tableNames() {
        return new ArrayList<>(tables.keySet());
    }

    /** The transaction that used {@code token} less than {@link #TOKEN_LIFETIME_MS} before {@code nowMs}, or null. */
    public DynamoDbEvent.TransactionTokenUsed tokenUse(String token, long nowMs) {
        DynamoDbEvent.TransactionTokenUsed use = tokens.get(token);
        return use != null && nowMs - use.atMs() < TOKEN_LIFETIME_MS ? use : null;
    }

    @Override
    public void apply(DynamoDbEvent event, EventContext<DynamoDbEvent> context) {
        if (!context.isReplay()) {
            TableChangeLog.applied(event);
        }
        switch (event) {
            case DynamoDbEvent.TableCreated created -> {
                TableDef def = created.table();
                tables.put(def.name(), new Table(def));
                if (def.status().equals("CREATING")) {
                    context.schedule("activate:" + def.name(), def.createdMs() + activationDelayMs,
                            new DynamoDbEvent.Activated(def.name(), def.tableId(), null));
                }
            }
            case DynamoDbEvent.TableUpdated updated -> {
                Table table = current(updated.table().name(), updated.table().tableId());
                if (table != null) {
                    table.def(updated.table());
                    for (Index index : updated.table().indexes()) {
                        if (index.status().equals("CREATING")) {
                            context.schedule("activate:" + updated.table().name() + "/" + index.name(),
                                    context.timestampMs() + activationDelayMs,
                                    new DynamoDbEvent.Activated(updated.table().name(), updated.table().tableId(),
                                            index.name()));
                        }
                    }
                }
            }
            case DynamoDbEvent.Activated activated -> {
                Table table = current(activated.table(), activated.tableId());
                if (table != null) {
                    if (activated.index() == null) {
                        table.def(table.def().withStatus("ACTIVE"));
                    } else if (table.def().index(activated.index()) != null) {
                        table.def(table.def().withIndex(table.def().index(activated.index()).withStatus("ACTIVE")));
                    }
                }
            }
            case DynamoDbEvent.TableDeleted deleted -> {
                if (current(deleted.table(), deleted.tableId()) != null) {
                    tables.remove(deleted.table());
                    context.cancel("activate:" + deleted.table());
                }
            }
            case DynamoDbEvent.ItemPut put -> {
                Table table = current(put.table(), put.tableId());
                if (table != null) {
                    table.put(AttributeJson.readItem(put.item()));
                }
            }
            case DynamoDbEvent.TransactionTokenUsed used -> {
                tokens.values().removeIf(old -> used.atMs() - old.atMs() >= TOKEN_LIFETIME_MS);
                tokens.put(used.token(), used);
            }
            case DynamoDbEvent.ItemDeleted deleted -> {
                Table table = current(deleted.table(), deleted.tableId());
                if (table != null) {
                    Map<String, AttributeValue> key = AttributeJson.readItem(deleted.key());
                    table.delete(Table.keyOf(table.def(), key));
                }
            }
        }
    }

    private Table current(String name, String tableId) {
        Table table = tables.get(name);
        return table != null && table.def().tableId().equals(tableId) ? table : null;
    }

    @Override
    public Snapshot snapshot() {
        List<TableSnapshot> out = new ArrayList<>();
        for (Table table : tables.values()) {
            List<JsonNode> items = new ArrayList<>();
            table.items().values().forEach(item -> items.add(AttributeJson.writeItem(item)));
            out.add(new TableSnapshot(table.def(), items));
        }
        return new Snapshot(out, List.copyOf(tokens.values()));
    }

    @Override
    public void restore(Snapshot snapshot) {
        tables.clear();
        tokens.clear();
        if (snapshot.tokens() != null) {
            snapshot.tokens().forEach(use -> tokens.put(use.token(), use));
        }
        for (TableSnapshot saved : snapshot.tables()) {
            Table table = new Table(saved.table());
            saved.items().forEach(item -> table.put(AttributeJson.readItem(item)));
            tables.put(saved.table().name(), table);
        }
    }

    @Override
    public Class<Snapshot> snapshotType() {
        return Snapshot.class;
    }
}
