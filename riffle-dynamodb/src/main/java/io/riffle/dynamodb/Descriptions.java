package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.dynamodb.table.Index;
import io.riffle.dynamodb.table.KeyAttribute;
import io.riffle.dynamodb.table.Table;
import io.riffle.dynamodb.table.TableDef;
import java.util.TreeMap;

/** TableDescription as DynamoDB answers it (CreateTable, DescribeTable, UpdateTable, DeleteTable). */
final class Descriptions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Descriptions() {
    }

    static String tableArn(String region, String account, String table) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
    }

    static ObjectNode table(TableDef def, Table table, String region, String account) {
        ObjectNode out = NODES.objectNode();
        ArrayNode definitions = out.putArray("AttributeDefinitions");
        new TreeMap<>(def.attributeDefinitions()).forEach((name, type) ->
                definitions.addObject().put("AttributeName", name).put("AttributeType", type));
        out.put("TableName", def.name());
        out.set("KeySchema", keySchema(def.hash(), def.range()));
        out.put("TableStatus", def.status());
        out.put("CreationDateTime", def.createdMs() / 1000.0);
        out.set("ProvisionedThroughput", throughput(def.readCapacity(), def.writeCapacity()));
        long items = table == null ? 0 : table.items().size();
        long bytes = table == null ? 0 : table.sizeBytes();
        out.put("TableSizeBytes", bytes);
        out.put("ItemCount", items);
        String arn = tableArn(region, account, def.name());
        out.put("TableArn", arn);
        out.put("TableId", def.tableId());
        if (def.billingMode().equals(TableDef.PAY_PER_REQUEST) || def.billingModeChangedMs() > 0) {
            ObjectNode billing = out.putObject("BillingModeSummary").put("BillingMode", def.billingMode());
            if (def.billingMode().equals(TableDef.PAY_PER_REQUEST)) {
                billing.put("LastUpdateToPayPerRequestDateTime",
                        (def.billingModeChangedMs() > 0 ? def.billingModeChangedMs() : def.createdMs()) / 1000.0);
            }
        }
        if (!def.indexes().isEmpty()) {
            ArrayNode indexes = out.putArray("GlobalSecondaryIndexes");
            for (Index index : def.indexes()) {
                ObjectNode i = indexes.addObject();
                i.put("IndexName", index.name());
                i.set("KeySchema", keySchema(index.hash(), index.range()));
                ObjectNode projection = i.putObject("Projection").put("ProjectionType", index.projectionType());
                if (!index.nonKeyAttributes().isEmpty()) {
                    ArrayNode attributes = projection.putArray("NonKeyAttributes");
                    index.nonKeyAttributes().forEach(attributes::add);
                }
                i.put("IndexStatus", index.status());
                i.set("ProvisionedThroughput", throughput(index.readCapacity(), index.writeCapacity()));
                long indexed = table == null ? 0 : table.items().values().stream()
                        .filter(item -> item.containsKey(index.hash().name())
                                && (index.range() == null || item.containsKey(index.range().name())))
                        .count();
                i.put("IndexSizeBytes", indexed == 0 ? 0 : bytes * indexed / Math.max(1, items));
                i.put("ItemCount", indexed);
                i.put("IndexArn", arn + "/index/" + index.name());
            }
        }
        out.put("DeletionProtectionEnabled", def.deletionProtectionEnabled());
        return out;
    }

    private static ArrayNode keySchema(KeyAttribute hash, KeyAttribute range) {
        ArrayNode schema = NODES.arrayNode();
        schema.addObject().put("AttributeName", hash.name()).put("KeyType", "HASH");
        if (range != null) {
            schema.addObject().put("AttributeName", range.name()).put("KeyType", "RANGE");
        }
        return schema;
    }

    private static ObjectNode throughput(long read, long write) {
        return NODES.objectNode().put("NumberOfDecreasesToday", 0).put("ReadCapacityUnits", read)
                .put("WriteCapacityUnits", write);
    }

}
