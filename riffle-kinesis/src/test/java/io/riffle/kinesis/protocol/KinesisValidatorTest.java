package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.OperationSpec;
import io.riffle.aws.wire.Violations;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireShape;
import io.riffle.kinesis.api.KinesisOperations;
import io.riffle.kinesis.api.KinesisValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated validator ({@code io.riffle.kinesis.api.KinesisValidator}) words messages as Kinesis does; the expected texts come from kinesalite's tests (run against
 * Kinesis), adapted to today's model where it changed (e.g. ShardCount and StreamName are no longer
 * required where StreamARN may be given instead, Data may reach 10 MiB).
 */
class KinesisValidatorTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PATTERN = "Member must satisfy regular expression pattern: ";
    private static final String STREAM_NAME_PATTERN = PATTERN + "[a-zA-Z0-9_.-]+";

    private static final WireCodec CODEC = WireCodec.standard();

    private static OperationSpec<?, ?> spec(String operation) {
        return KinesisOperations.SERVICE.operation(operation).orElseThrow();
    }

    private static Violations check(String operation, String json) {
        Object request = CODEC.decode(json.getBytes(StandardCharsets.UTF_8), io.riffle.aws.wire.WireFormat.JSON,
                spec(operation).inputReader());
        return KinesisValidator.validateAny((WireShape) request);
    }

    private static Violations check(String operation, ObjectNode request) {
        return KinesisValidator.validateAny((WireShape) TreeCalls.read(request, spec(operation).inputReader()));
    }

    private List<String> violations(String operation, String json) {
        return check(operation, json).messages();
    }

    private List<String> violations(String operation, ObjectNode request) {
        return check(operation, request).messages();
    }

    private static String at(String value, String path, String constraint) {
        return "Value " + (value == null ? "null" : "'" + value + "'") + " at '" + path
                + "' failed to satisfy constraint: " + constraint;
    }

    private static String repeat(char c, int n) {
        return String.join("", Collections.nCopies(n, String.valueOf(c)));
    }

    @Test
    void theMessageCountsAndJoinsViolations() {
        assertThat(check("CreateStream", "{\"StreamName\":\"a b\",\"ShardCount\":0}").message()).isEqualTo(
                "2 validation errors detected: " + at("a b", "streamName", STREAM_NAME_PATTERN) + "; "
                        + at("0", "shardCount", "Member must have value greater than or equal to 1"));
    }

    @Test
    void createStreamPatternFromTheBrief() {
        Violations violations = check("CreateStream", "{\"StreamName\":\"a b\",\"ShardCount\":1}");
        assertThatThrownBy(violations::throwIfAny)
                .isInstanceOf(AwsServiceException.class)
                .hasMessage("1 validation error detected: Value 'a b' at 'streamName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
                .extracting(e -> ((AwsServiceException) e).type()).isEqualTo("ValidationException");
    }

    @Test
    void createStream() {
        assertThat(violations("CreateStream", "{}"))
                .containsExactly(at(null, "streamName", "Member must not be null"));
        assertThat(violations("CreateStream", "{\"StreamName\":\"\",\"ShardCount\":0}")).containsExactly(
                at("", "streamName", STREAM_NAME_PATTERN),
                at("", "streamName", "Member must have length greater than or equal to 1"),
                at("0", "shardCount", "Member must have value greater than or equal to 1"));
        String name = repeat('a', 129);
        assertThat(violations("CreateStream", "{\"StreamName\":\"" + name + "\",\"ShardCount\":100000000000}"))
                .containsExactly(at(name, "streamName", "Member must have length less than or equal to 128"));
        assertThat(violations("CreateStream", "{\"StreamName\":\"ok\",\"ShardCount\":1}")).isEmpty();
    }

    @Test
    void nestedStructuresAreDottedPaths() {
        assertThat(violations("CreateStream", "{\"StreamName\":\"s\",\"StreamModeDetails\":{}}"))
                .containsExactly(at(null, "streamModeDetails.streamMode", "Member must not be null"));
        assertThat(violations("CreateStream", "{\"StreamName\":\"s\",\"StreamModeDetails\":{\"StreamMode\":\"FAST\"}}"))
                .containsExactly(at("FAST", "streamModeDetails.streamMode",
                        "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]"));
    }

    @Test
    void putRecord() {
        assertThat(violations("PutRecord", "{}")).containsExactly(
                at(null, "data", "Member must not be null"),
                at(null, "partitionKey", "Member must not be null"));
        assertThat(violations("PutRecord", "{\"StreamName\":\"\",\"PartitionKey\":\"\",\"Data\":\"\","
                + "\"ExplicitHashKey\":\"\",\"SequenceNumberForOrdering\":\"\"}")).containsExactly(
                at("", "streamName", STREAM_NAME_PATTERN),
                at("", "streamName", "Member must have length greater than or equal to 1"),
                at("", "partitionKey", "Member must have length greater than or equal to 1"),
                at("", "explicitHashKey", PATTERN + "0|([1-9]\\d{0,38})"),
                at("", "sequenceNumberForOrdering", PATTERN + "0|([1-9]\\d{0,128})"));
    }

    @Test
    void blobsShowAsJavaByteBuffersAndTheirMaxIsALength() {
        ObjectNode request = NODES.objectNode().put("PartitionKey", repeat('k', 257));
        request.put("Data", new byte[10 * 1024 * 1024 + 1]);
        assertThat(violations("PutRecord", request)).containsExactly(
                at("java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]", "data",
                        "Member must have length less than or equal to 10485760"),
                at(repeat('k', 257), "partitionKey", "Member must have length less than or equal to 256"));
    }

    @Test
    void putRecordsItemsAreNumberedMembers() {
        assertThat(violations("PutRecords", "{}")).containsExactly(at(null, "records", "Member must not be null"));
        assertThat(violations("PutRecords", "{\"StreamName\":\"\",\"Records\":[]}")).containsExactly(
                at("[]", "records", "Member must have length greater than or equal to 1"),
                at("", "streamName", STREAM_NAME_PATTERN),
                at("", "streamName", "Member must have length greater than or equal to 1"));
        assertThat(violations("PutRecords", "{\"StreamName\":\"s\",\"Records\":[{\"PartitionKey\":\"a\",\"Data\":\"\"},"
                + "{\"PartitionKey\":\"\",\"Data\":\"\",\"ExplicitHashKey\":\"\"},{\"Data\":\"AAAA\"}]}")).containsExactly(
                at("", "records.2.member.explicitHashKey", PATTERN + "0|([1-9]\\d{0,38})"),
                at("", "records.2.member.partitionKey", "Member must have length greater than or equal to 1"),
                at(null, "records.3.member.partitionKey", "Member must not be null"));
        assertThat(violations("PutRecords", "{\"Records\":[null]}"))
                .containsExactly(at(null, "records.1.member", "Member must not be null"));
    }

    @Test
    void atMostTenViolationsAndListsShowTheirItems() {
        ObjectNode request = NODES.objectNode().put("StreamName", "");
        ArrayNode records = request.putArray("Records");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            records.addObject().put("PartitionKey", "").put("Data", new byte[0]);
            items.add("com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@c965e310");
        }
        List<String> expected = new ArrayList<>();
        expected.add(at("[" + String.join(", ", items) + "]", "records",
                "Member must have length less than or equal to 500"));
        for (int i = 1; i <= 9; i++) {
            expected.add(at("", "records." + i + ".member.partitionKey",
                    "Member must have length greater than or equal to 1"));
        }
        List<String> violations = violations("PutRecords", request);
        assertThat(violations).containsExactlyElementsOf(expected);
        assertThat(check("PutRecords", request).message()).startsWith("10 validation errors detected: ");
    }

    @Test
    void getShardIteratorEnumIsListedInKinesisOrder() {
        assertThat(violations("GetShardIterator", "{}")).containsExactly(
                at(null, "shardId", "Member must not be null"),
                at(null, "shardIteratorType", "Member must not be null"));
        assertThat(violations("GetShardIterator", "{\"StreamName\":\"s\",\"ShardId\":\"\",\"ShardIteratorType\":\"\","
                + "\"StartingSequenceNumber\":\"\"}")).containsExactly(
                at("", "shardId", PATTERN + "[a-zA-Z0-9_.-]+"),
                at("", "shardId", "Member must have length greater than or equal to 1"),
                at("", "shardIteratorType", "Member must satisfy enum value set: "
                        + "[AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"),
                at("", "startingSequenceNumber", PATTERN + "0|([1-9]\\d{0,128})"));
        assertThat(violations("GetShardIterator", "{\"ShardId\":\"shardId-0\",\"ShardIteratorType\":\"LATEST\"}")).isEmpty();
    }

    @Test
    void listShardsMaxResultsRange() {
        assertThat(violations("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":0}"))
                .containsExactly(at("0", "maxResults", "Member must have value greater than or equal to 1"));
        assertThat(violations("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":100000}"))
                .containsExactly(at("100000", "maxResults", "Member must have value less than or equal to 10000"));
        assertThat(violations("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":10000}")).isEmpty();
        assertThat(violations("ListShards", "{\"NextToken\":\"\",\"ExclusiveStartShardId\":\"\"}")).containsExactly(
                at("", "nextToken", "Member must have length greater than or equal to 1"),
                at("", "exclusiveStartShardId", PATTERN + "[a-zA-Z0-9_.-]+"),
                at("", "exclusiveStartShardId", "Member must have length greater than or equal to 1"));
        assertThat(violations("ListShards", "{\"ShardFilter\":{}}"))
                .containsExactly(at(null, "shardFilter.type", "Member must not be null"));
    }

    @Test
    void scalarListItemsAreCheckedOnTheList() {
        String name = repeat('a', 129);
        assertThat(violations("RemoveTagsFromStream", "{\"StreamName\":\"s\",\"TagKeys\":[\"a\",\"" + name + "\",\"b\"]}"))
                .containsExactly(at("[a, " + name + ", b]", "tagKeys", "Member must satisfy constraint: "
                        + "[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]"));
    }

    @Test
    void mapKeysAndValuesAreCheckedOnTheMap() {
        String key = repeat('k', 129);
        assertThat(violations("AddTagsToStream", "{\"StreamName\":\"s\",\"Tags\":{\"a\":\"1\",\"" + key + "\":\"3\"}}"))
                .containsExactly(at("{a=1, " + key + "=3}", "tags", "Map keys must satisfy constraint: "
                        + "[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]"));
        String value = repeat('v', 257);
        assertThat(violations("AddTagsToStream", "{\"StreamName\":\"s\",\"Tags\":{\"c\":\"" + value + "\"}}"))
                .containsExactly(at("{c=" + value + "}", "tags", "Map value must satisfy constraint: "
                        + "[Member must have length less than or equal to 256, Member must have length greater than or equal to 0]"));
        assertThat(violations("AddTagsToStream", "{\"Tags\":{}}"))
                .containsExactly(at("{}", "tags", "Member must have length greater than or equal to 1"));
    }
}
