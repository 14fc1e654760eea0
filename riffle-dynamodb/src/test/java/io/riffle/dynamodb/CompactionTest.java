package io.riffle.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.metadata.OpenReport;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases are renewed forever: the tables' log is compacted by snapshots, so a restart replays only
 * the events after the last one and finds exactly the live items.
 */
class CompactionTest {

    @TempDir
    Path dir;

    private static AwsAnswer call(DynamoDbService service, String operation, String body) throws Exception {
        return service.serve(AwsRequest.of("POST", "/", Map.of("X-Amz-Target", "DynamoDB_20120810." + operation,
                "Content-Type", "application/x-amz-json-1.0"), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .get();
    }

    @Test
    void aRestartReplaysOnlyWhatFollowsTheLastSnapshot() throws Exception {
        SnapshotPolicy every500 = new SnapshotPolicy(500, 0);
        try (LogStore store = LogStore.open(StoreConfig.at(dir).validate())) {
            DynamoDbService service = new DynamoDbService("us-east-1", "000000000000");
            service.start(store, 0, every500, InstantSource.system());
            assertThat(call(service, "CreateTable", "{\"TableName\":\"leases\",\"BillingMode\":\"PAY_PER_REQUEST\","
                    + "\"KeySchema\":[{\"AttributeName\":\"leaseKey\",\"KeyType\":\"HASH\"}],"
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"leaseKey\",\"AttributeType\":\"S\"}]}").status())
                    .isEqualTo(200);
            for (int i = 0; i < 2_000; i++) {
                AwsAnswer renewed = call(service, "UpdateItem", "{\"TableName\":\"leases\",\"Key\":{\"leaseKey\":{\"S\":\"k"
                        + (i % 10) + "\"}},\"UpdateExpression\":\"ADD leaseCounter :one\","
                        + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}");
                assertThat(renewed.status()).as(renewed.bodyText()).isEqualTo(200);
            }
            service.close();
        }
        try (LogStore store = LogStore.open(StoreConfig.at(dir).validate())) {
            DynamoDbService service = new DynamoDbService("us-east-1", "000000000000");
            service.start(store, 0, every500, InstantSource.system());
            OpenReport report = service.openReport();
            assertThat(report.fromSnapshot()).isTrue();
            assertThat(report.eventsReplayed()).isLessThan(500);
            String scan = call(service, "Scan", "{\"TableName\":\"leases\"}").bodyText();
            assertThat(scan).contains("\"Count\":10");
            for (int k = 0; k < 10; k++) {
                assertThat(scan).contains("{\"leaseKey\":{\"S\":\"k" + k + "\"},\"leaseCounter\":{\"N\":\"200\"}}");
            }
            service.close();
        }
    }
}
