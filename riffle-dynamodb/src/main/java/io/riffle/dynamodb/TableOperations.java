package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.dynamodb.DynamoDbEngine.Decision;
import io.riffle.dynamodb.table.DynamoDbEvent;
import io.riffle.dynamodb.table.DynamoDbState;
import io.riffle.dynamodb.table.Index;
import io.riffle.dynamodb.table.KeyAttribute;
import io.riffle.dynamodb.table.Table;
import io.riffle.dynamodb.table.TableDef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables. */
final class TableOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_INDEXES = 20;

    private final DynamoDbEngine engine;
    private final String region;
    private final String account;

    TableOperations(DynamoDbEngine engine, String region, String account) {
        this.engine = engine;
        this.region = region;
        this.account = account;
    }

    private static DynamoDbException tableNotFound(String name) {
        return DynamoDbException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
    }

    CompletableFuture<ObjectNode> createTable(Input in) {
        String name = in.tableName();
        Map<String, String> definitions = attributeDefinitions(in.node("AttributeDefinitions"), true);
        KeyAttribute[] key = keySchema(in.node("KeySchema"), definitions, "keySchema");
        String billing = billingMode(in);
        long[] capacity = capacity(in.node("ProvisionedThroughput"), billing, "");
        List<Index> indexes = new ArrayList<>();
        JsonNode gsis = in.node("GlobalSecondaryIndexes");
        String initialStatus = engine.activationDelayMs() > 0 ? "CREATING" : "ACTIVE";
        if (gsis != null) {
            if (gsis.isEmpty()) {
                throw DynamoDbException.validation("One or more parameter values were invalid: List of "
                        + "GlobalSecondaryIndexes is empty");
            }
            if (gsis.size() > MAX_INDEXES) {
                throw DynamoDbException.validation("One or more parameter values were invalid: GlobalSecondaryIndex "
                        + "count exceeds the per-table limit of " + MAX_INDEXES);
            }
            Set<String> names = new TreeSet<>();
            for (JsonNode gsi : gsis) {
                Index index = index(gsi, definitions, billing, initialStatus);
                if (!names.add(index.name())) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Duplicate index name: "
                            + index.name());
                }
                indexes.add(index);
            }
        }
        checkDefinitionsUsed(definitions, key, indexes);
        Boolean protection = in.bool("DeletionProtectionEnabled");
        checkTags(in);
        return engine.write(state -> {
            if (state.table(name) != null) {
                throw DynamoDbException.resourceInUse("Table already exists: " + name);
            }
            TableDef def = new TableDef(name, UUID.randomUUID().toString(), engine.nowMs(), initialStatus, key[0], key[1],
                    definitions, billing, capacity[0], capacity[1], indexes, protection != null && protection, 0, null);
            ObjectNode answer = NODES.objectNode();
            answer.set("TableDescription", Descriptions.table(def, null, region, account));
            return new Decision<>(List.of(new DynamoDbEvent.TableCreated(def)), answer);
        });
    }

    private static void checkTags(Input in) {
        JsonNode tags = in.node("Tags");
        if (tags != null && !tags.isEmpty()) {
            throw DynamoDbException.validation("Riffle does not support these CreateTable parameters yet: Tags");
        }
    }

    private static String billingMode(Input in) {
        String billing = in.enumValue("BillingMode", "billingMode", List.of(TableDef.PROVISIONED, TableDef.PAY_PER_REQUEST));
        return billing == null ? TableDef.PROVISIONED : billing;
    }

    /** [read, write]; {@code what} is "" for the table or " for index X" in messages. */
    private static long[] capacity(JsonNode throughput, String billing, String what) {
        if (billing.equals(TableDef.PAY_PER_REQUEST)) {
            if (throughput != null) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
                        + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return new long[] {0, 0};
        }
        if (throughput == null || !throughput.hasNonNull("ReadCapacityUnits")
                || !throughput.hasNonNull("WriteCapacityUnits")) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                    + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        long read = throughput.get("ReadCapacityUnits").asLong();
        long write = throughput.get("WriteCapacityUnits").asLong();
        if (read < 1 || write < 1) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + Math.min(read, write) + "' at '"
                    + (read < 1 ? "provisionedThroughput.readCapacityUnits" : "provisionedThroughput.writeCapacityUnits")
                    + "' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return new long[] {read, write};
    }

    private static Map<String, String> attributeDefinitions(JsonNode node, boolean required) {
        Map<String, String> definitions = new LinkedHashMap<>();
        if (node == null) {
            if (required) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'attributeDefinitions' "
                        + "failed to satisfy constraint: Member must not be null");
            }
            return definitions;
        }
        for (JsonNode d : node) {
            String name = d.path("AttributeName").asText(null);
            String type = d.path("AttributeType").asText(null);
            if (name == null || type == null) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'attributeDefinitions."
                        + "member." + (name == null ? "attributeName" : "attributeType")
                        + "' failed to satisfy constraint: Member must not be null");
            }
            if (!List.of("S", "N", "B").contains(type)) {
                throw DynamoDbException.validation("1 validation error detected: Value '" + type + "' at "
                        + "'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy "
                        + "enum value set: [B, N, S]");
            }
            if (definitions.put(name, type) != null) {
                throw DynamoDbException.validation("Cannot have two attributes with the same name. Attribute name: "
                        + name);
            }
        }
        return definitions;
    }

    private static KeyAttribute[] keySchema(JsonNode node, Map<String, String> definitions, String wireName) {
        if (node == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at '" + wireName
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (node.size() < 1 || node.size() > 2) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + node + "' at '" + wireName
                    + "' failed to satisfy constraint: Member must have length " + (node.size() < 1
                    ? "greater than or equal to 1" : "less than or equal to 2"));
        }
        KeyAttribute[] key = new KeyAttribute[2];
        for (int i = 0; i < node.size(); i++) {
            String name = node.get(i).path("AttributeName").asText(null);
            String type = node.get(i).path("KeyType").asText(null);
            String expected = i == 0 ? "HASH" : "RANGE";
            if (name == null || !expected.equals(type)) {
                throw DynamoDbException.validation(i == 0
                        ? "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
                        : "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            String definedType = definitions.get(name);
            if (definedType == null) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Some index key attributes "
                        + "are not defined in AttributeDefinitions. Keys: [" + name + "], AttributeDefinitions: "
                        + definitions.keySet());
            }
            key[i] = new KeyAttribute(name, definedType);
        }
        if (key[1] != null && key[0].name().equals(key[1].name())) {
            throw DynamoDbException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same "
                    + "name");
        }
        return key;
    }

    private static Index index(JsonNode gsi, Map<String, String> definitions, String billing, String status) {
        String name = gsi.path("IndexName").asText(null);
        if (name == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at "
                    + "'globalSecondaryIndexes.member.indexName' failed to satisfy constraint: Member must not be null");
        }
        Input.checkTableName(name, "globalSecondaryIndexes.member.indexName");
        KeyAttribute[] key = keySchema(gsi.get("KeySchema"), definitions, "globalSecondaryIndexes.member.keySchema");
        JsonNode projection = gsi.get("Projection");
        String type = projection == null ? null : projection.path("ProjectionType").asText(null);
        if (type == null) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Unknown ProjectionType: null");
        }
        if (!List.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + type + "' at "
                    + "'globalSecondaryIndexes.member.projection.projectionType' failed to satisfy constraint: Member must "
                    + "satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
        }
        List<String> nonKey = new ArrayList<>();
        if (projection.has("NonKeyAttributes")) {
            projection.get("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
            if (!type.equals("INCLUDE")) {
                throw DynamoDbException.validation("One or more parameter values were invalid: ProjectionType is " + type
                        + ", but NonKeyAttributes is specified");
            }
        }
        for (String member : List.of("OnDemandThroughput", "WarmThroughput")) {
            if (gsi.hasNonNull(member)) {
                throw DynamoDbException.validation("Riffle does not support these GlobalSecondaryIndex parameters yet: "
                        + member);
            }
        }
        long[] capacity = capacity(gsi.get("ProvisionedThroughput"), billing, " for index " + name);
        return new Index(name, key[0], key[1], type, nonKey, status, capacity[0], capacity[1]);
    }

    private static void checkDefinitionsUsed(Map<String, String> definitions, KeyAttribute[] key, List<Index> indexes) {
        Set<String> used = new TreeSet<>();
        used.add(key[0].name());
        if (key[1] != null) {
            used.add(key[1].name());
        }
        for (Index index : indexes) {
            used.add(index.hash().name());
            if (index.range() != null) {
                used.add(index.range().name());
            }
        }
        if (!used.containsAll(definitions.keySet())) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Some AttributeDefinitions are "
                    + "not used. AttributeDefinitions: " + new TreeSet<>(definitions.keySet()) + ", keys used: " + used);
        }
    }

    /** The table of that name, whatever its status; ResourceNotFoundException naming it when there is none. */
    private static Table existingTable(DynamoDbState state, String name) {
        Table table = state.table(name);
        if (table == null) {
            throw tableNotFound(name);
        }
        return table;
    }

    CompletableFuture<ObjectNode> describeTable(Input in) {
        String name = in.tableName();
        return engine.read(state -> {
            Table table = existingTable(state, name);
            ObjectNode answer = NODES.objectNode();
            answer.set("Table", Descriptions.table(table.def(), table, region, account));
            return answer;
        });
    }

    CompletableFuture<ObjectNode> updateTable(Input in) {
        String name = in.tableName();
        Map<String, String> newDefinitions = attributeDefinitions(in.node("AttributeDefinitions"), false);
        String billingRequested = in.enumValue("BillingMode", "billingMode",
                List.of(TableDef.PROVISIONED, TableDef.PAY_PER_REQUEST));
        JsonNode throughput = in.node("ProvisionedThroughput");
        JsonNode updates = in.node("GlobalSecondaryIndexUpdates");
        Boolean protection = in.bool("DeletionProtectionEnabled");
        if (billingRequested == null && throughput == null && updates == null && protection == null) {
            throw DynamoDbException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                    + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }
        return engine.write(state -> {
            Table table = existingTable(state, name);
            TableDef def = table.def();
            if (!def.status().equals("ACTIVE")) {
                throw DynamoDbException.resourceInUse("Attempt to change a resource which is still in use: Table is being "
                        + "updated: " + name);
            }
            String billing = billingRequested != null ? billingRequested : def.billingMode();
            long readCapacity = def.readCapacity();
            long writeCapacity = def.writeCapacity();
            if (throughput != null || billingRequested != null && !billingRequested.equals(def.billingMode())) {
                long[] capacity = capacity(throughput, billing, "");
                readCapacity = capacity[0];
                writeCapacity = capacity[1];
            }
            Map<String, String> definitions = new LinkedHashMap<>(def.attributeDefinitions());
            for (Map.Entry<String, String> d : newDefinitions.entrySet()) {
                String existing = definitions.putIfAbsent(d.getKey(), d.getValue());
                if (existing != null && !existing.equals(d.getValue())) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Cannot change the type "
                            + "of attribute " + d.getKey());
                }
            }
            TableDef updated = new TableDef(def.name(), def.tableId(), def.createdMs(), def.status(), def.hash(),
                    def.range(), definitions, billing, readCapacity, writeCapacity, def.indexes(),
                    protection != null ? protection : def.deletionProtectionEnabled(),
                    billing.equals(def.billingMode()) ? def.billingModeChangedMs() : engine.nowMs(), def.timeToLiveAttribute());
            if (updates != null) {
                if (updates.size() != 1) {
                    throw DynamoDbException.validation("One or more parameter values were invalid: Only one global "
                            + "secondary index update per index is allowed simultaneously");
                }
                updated = applyIndexUpdate(updates.get(0), updated, definitions, billing);
            }
            checkDefinitionsUsed(updated.attributeDefinitions(), new KeyAttribute[] {def.hash(), def.range()},
                    updated.indexes());
            ObjectNode answer = NODES.objectNode();
            answer.set("TableDescription", Descriptions.table(updated, table, region, account));
            return new Decision<>(List.of(new DynamoDbEvent.TableUpdated(updated)), answer);
        });
    }

    /**
     * One GlobalSecondaryIndexUpdates entry: Create (the index listed at once, CREATING for the activation delay),
     * Update (its provisioned throughput; a PAY_PER_REQUEST table has none to change) or Delete (gone at once: Query
     * reads the table's items, so an index has nothing to drop).
     */
    private TableDef applyIndexUpdate(JsonNode update, TableDef def, Map<String, String> definitions, String billing) {
        int actions = (update.hasNonNull("Create") ? 1 : 0) + (update.hasNonNull("Update") ? 1 : 0)
                + (update.hasNonNull("Delete") ? 1 : 0);
        if (actions != 1) {
            throw DynamoDbException.validation("One or more parameter values were invalid: One of Create, Update "
                    + "or Delete must be specified in GlobalSecondaryIndexUpdates");
        }
        if (update.hasNonNull("Create")) {
            Index index = index(update.get("Create"), definitions, billing,
                    engine.activationDelayMs() > 0 ? "CREATING" : "ACTIVE");
            if (def.index(index.name()) != null) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Index with name: "
                        + index.name() + " already exists");
            }
            if (def.indexes().size() >= MAX_INDEXES) {
                throw DynamoDbException.limitExceeded("Subscriber limit exceeded: The table already has the maximum "
                        + "number of global secondary indexes");
            }
            return def.withIndex(index);
        }
        JsonNode action = update.hasNonNull("Update") ? update.get("Update") : update.get("Delete");
        for (Iterator<String> it = action.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (!Set.of("IndexName", "ProvisionedThroughput").contains(member) || update.hasNonNull("Delete")
                    && member.equals("ProvisionedThroughput")) {
                throw DynamoDbException.validation("Riffle does not support these GlobalSecondaryIndexUpdates "
                        + "parameters yet: " + member);
            }
        }
        String indexName = action.path("IndexName").asText(null);
        if (indexName == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at "
                    + "'globalSecondaryIndexUpdates.1.member.indexName' failed to satisfy constraint: Member must not be null");
        }
        Index index = def.index(indexName);
        if (index == null) {
            // DynamoDB's own text for a missing index in UpdateTable is not published; this is its Query wording
            throw DynamoDbException.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
        }
        if (!index.status().equals("ACTIVE")) {
            throw DynamoDbException.resourceInUse("Attempt to change a resource which is still in use: Index is being "
                    + "created: " + indexName);
        }
        if (update.hasNonNull("Delete")) {
            return def.withoutIndex(indexName);
        }
        if (billing.equals(TableDef.PAY_PER_REQUEST)) {
            throw DynamoDbException.validation("One or more parameter values were invalid: ProvisionedThroughput cannot "
                    + "be specified for index " + indexName + " when BillingMode is PAY_PER_REQUEST");
        }
        long[] capacity = capacity(action.get("ProvisionedThroughput"), billing, " for index " + indexName);
        return def.withIndex(new Index(index.name(), index.hash(), index.range(), index.projectionType(),
                index.nonKeyAttributes(), index.status(), capacity[0], capacity[1]));
    }

    /**
     * UpdateTimeToLive: the attribute is stored (in the table's definition, so it survives restarts and snapshots) and
     * reported by DescribeTimeToLive. Riffle does not delete expired items (DynamoDB does so in the background, within
     * days, so readers filter on the attribute anyway).
     */
    CompletableFuture<ObjectNode> updateTimeToLive(Input in) {
        String name = in.tableName();
        JsonNode specification = in.node("TimeToLiveSpecification");
        if (specification == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'timeToLiveSpecification' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        JsonNode enabledNode = specification.get("Enabled");
        JsonNode attributeNode = specification.get("AttributeName");
        if (enabledNode == null || enabledNode.isNull() || attributeNode == null || attributeNode.isNull()) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'timeToLiveSpecification."
                    + (enabledNode == null || enabledNode.isNull() ? "enabled" : "attributeName")
                    + "' failed to satisfy constraint: Member must not be null");
        }
        boolean isEnabling = enabledNode.asBoolean();
        String attribute = attributeNode.asText();
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + attribute + "' at "
                    + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length "
                    + (attribute.isEmpty() ? "greater than or equal to 1" : "less than or equal to 255"));
        }
        return engine.write(state -> {
            Table table = ItemOperations.activeTable(state, name);
            TableDef def = table.def();
            String current = def.timeToLiveAttribute();
            if (isEnabling && current != null) {
                throw DynamoDbException.validation("TimeToLive is already enabled");
            }
            if (!isEnabling && current == null) {
                throw DynamoDbException.validation("TimeToLive is already disabled");
            }
            if (!isEnabling && !current.equals(attribute)) {
                throw DynamoDbException.validation("TimeToLive is active on a different AttributeName: current "
                        + "AttributeName is " + current);
            }
            ObjectNode answer = NODES.objectNode();
            answer.putObject("TimeToLiveSpecification").put("Enabled", isEnabling).put("AttributeName", attribute);
            return new Decision<>(List.of(new DynamoDbEvent.TableUpdated(def.withTimeToLive(isEnabling ? attribute
                    : null))), answer);
        });
    }

    CompletableFuture<ObjectNode> describeTimeToLive(Input in) {
        String name = in.tableName();
        return engine.read(state -> {
            Table table = existingTable(state, name);
            ObjectNode answer = NODES.objectNode();
            ObjectNode description = answer.putObject("TimeToLiveDescription");
            String attribute = table.def().timeToLiveAttribute();
            description.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
            if (attribute != null) {
                description.put("AttributeName", attribute);
            }
            return answer;
        });
    }

    CompletableFuture<ObjectNode> deleteTable(Input in) {
        String name = in.tableName();
        return engine.write(state -> {
            Table table = existingTable(state, name);
            if (table.def().deletionProtectionEnabled()) {
                throw DynamoDbException.validation("Resource cannot be deleted as it is currently protected against "
                        + "deletion. Disable deletion protection first.");
            }
            ObjectNode description = Descriptions.table(table.def().withStatus("DELETING"), table, region, account);
            ObjectNode answer = NODES.objectNode();
            answer.set("TableDescription", description);
            return new Decision<>(List.of(new DynamoDbEvent.TableDeleted(name, table.def().tableId())), answer);
        });
    }

    CompletableFuture<ObjectNode> listTables(Input in) {
        String start = in.string("ExclusiveStartTableName");
        Integer limit = in.integer("Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                    + "satisfy constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                    : "less than or equal to 100"));
        }
        int max = limit == null ? 100 : limit;
        return engine.read(state -> {
            ObjectNode answer = NODES.objectNode();
            ArrayNode names = answer.putArray("TableNames");
            List<String> all = state.tableNames();
            String last = null;
            for (String name : all) {
                if (start != null && name.compareTo(start) <= 0) {
                    continue;
                }
                if (names.size() == max) {
                    answer.put("LastEvaluatedTableName", last);
                    break;
                }
                names.add(name);
                last = name;
            }
            return answer;
        });
    }
}
