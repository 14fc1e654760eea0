package io.riffle.triggers.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.kinesis.source.StreamSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KinesisEventFormatTest {
    private static final List<StreamSource.Record> BATCH = List.of(
            new StreamSource.Record("49590338271490256608559692538361571095921575989136588898", "k1",
                    "hello".getBytes(StandardCharsets.UTF_8), 1_545_084_650_987L, 1),
            new StreamSource.Record("49590338271490256608559692540925702759324208523137515618", "k2", new byte[] {0, -1},
                    1_545_084_651_000L, 2),
            new StreamSource.Record("49590338271490256608559692540925702759324208523137515619", "k3", new byte[0],
                    1_545_084_651_001L, 3));

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theEventHasLambdasKinesisShape() throws Exception {
        JsonNode event = new ObjectMapper().readTree(KinesisEventFormat.event(BATCH.subList(0, 2), "shardId-000000000006",
                "arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream", "us-east-2", "123456789012"));
        JsonNode first = event.path("Records").get(0);
        assertThat(event.path("Records")).hasSize(2);
        assertThat(first.path("kinesis").path("kinesisSchemaVersion").asText()).isEqualTo("1.0");
        assertThat(first.path("kinesis").path("partitionKey").asText()).isEqualTo("k1");
        assertThat(first.path("kinesis").path("sequenceNumber").asText()).isEqualTo(BATCH.get(0).sequenceNumber());
        assertThat(first.path("kinesis").path("data").asText()).isEqualTo("aGVsbG8=");
        assertThat(first.path("kinesis").path("approximateArrivalTimestamp").decimalValue())
                .isEqualByComparingTo("1545084650.987");
        assertThat(first.path("eventSource").asText()).isEqualTo("aws:kinesis");
        assertThat(first.path("eventVersion").asText()).isEqualTo("1.0");
        assertThat(first.path("eventID").asText()).isEqualTo("shardId-000000000006:" + BATCH.get(0).sequenceNumber());
        assertThat(first.path("eventName").asText()).isEqualTo("aws:kinesis:record");
        assertThat(first.path("invokeIdentityArn").asText()).isEqualTo("arn:aws:iam::123456789012:root");
        assertThat(first.path("awsRegion").asText()).isEqualTo("us-east-2");
        assertThat(first.path("eventSourceARN").asText()).isEqualTo("arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream");
        assertThat(event.path("Records").get(1).path("kinesis").path("data").asText()).isEqualTo("AP8=");
    }

    @Test
    void noFailuresListedIsSuccess() {
        for (String response : new String[] {"", "{}", "null", "{\"batchItemFailures\":[]}", "{\"batchItemFailures\":null}"}) {
            assertThat(KinesisEventFormat.itemFailures(utf8(response), BATCH)).as(response)
                    .isInstanceOf(KinesisEventFormat.ItemFailures.None.class);
        }
    }

    @Test
    void theBatchIsRetriedFromTheFirstFailedRecordInBatchOrder() {
        String response = "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + BATCH.get(2).sequenceNumber() + "\"},"
                + "{\"itemIdentifier\":\"" + BATCH.get(1).sequenceNumber() + "\"}]}";
        assertThat(KinesisEventFormat.itemFailures(utf8(response), BATCH))
                .isEqualTo(new KinesisEventFormat.ItemFailures.From(1));
    }

    @Test
    void anUnreadableResponseFailsTheWholeBatch() {
        for (String response : new String[] {"not json", "{\"batchItemFailures\":{}}",
                "{\"batchItemFailures\":[{}]}", "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"123\"}]}"}) {
            assertThat(KinesisEventFormat.itemFailures(utf8(response), BATCH)).as(response)
                    .isInstanceOf(KinesisEventFormat.ItemFailures.Invalid.class);
        }
    }
}
