package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every text of the catalogue, word for word, with its error type. */
class KinesisErrorsTest {

    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";

    /** Each catalogue entry: its method, the error type (null for a plain message) and the exact text. */
    private static Map<String, Object[]> catalogue() {
        Map<String, Object[]> entries = new LinkedHashMap<>();
        entries.put("streamNotFound", entry(KinesisErrors.streamNotFound("orders", ACCOUNT),
                "ResourceNotFoundException", "Stream orders under account 000000000000 not found."));
        entries.put("streamExists", entry(KinesisErrors.streamExists("orders", ACCOUNT),
                "ResourceInUseException", "Stream orders under account 000000000000 already exists."));
        entries.put("streamNotInState", entry(KinesisErrors.streamNotInState("orders", ACCOUNT, "ACTIVE or UPDATING", "CREATING"),
                "ResourceInUseException", "Stream orders under account 000000000000 not ACTIVE or UPDATING, instead in state CREATING"));
        entries.put("invalidStreamArn", entry(KinesisErrors.invalidStreamArn("arn:aws:kinesis:eu-west-1:1:stream/x", REGION, ACCOUNT),
                "InvalidArgumentException", "Invalid StreamARN arn:aws:kinesis:eu-west-1:1:stream/x: this server is region "
                        + "us-east-1, account 000000000000."));
        entries.put("invalidResourceArn", entry(KinesisErrors.invalidResourceArn("arn:x", REGION, ACCOUNT),
                "InvalidArgumentException", "Invalid ResourceARN arn:x: only stream ARNs of account 000000000000 in "
                        + "us-east-1 can be tagged here."));
        entries.put("tooManyTags", entry(KinesisErrors.tooManyTags("orders", ACCOUNT, 50),
                "InvalidArgumentException", "Failed to add tags to stream orders under account 000000000000 because a "
                        + "given stream cannot have more than 50 tags associated with it."));
        entries.put("onDemandStreamLimit", entry(KinesisErrors.onDemandStreamLimit(50, ACCOUNT),
                "LimitExceededException", "This request would exceed the on-demand stream limit of 50 for the account "
                        + "000000000000."));
        entries.put("shardLimit", entry(KinesisErrors.shardLimit(ACCOUNT, REGION, 499, 500, 2),
                "LimitExceededException", "This request would exceed the shard limit for the account 000000000000 in "
                        + "us-east-1. Current shard count for the account: 499. Limit: 500. Number of additional shards "
                        + "that would have resulted from this request: 2. Refer to the AWS Service Limits page "
                        + "(https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and "
                        + "how to request higher limits."));
        entries.put("modeSwitchQuota", entry(KinesisErrors.modeSwitchQuota("orders", ACCOUNT, 2, 2),
                "LimitExceededException", "Stream orders under account 000000000000 has switched capacity mode 2 times "
                        + "in the last 24 hours; the limit is 2."));
        entries.put("shardDoesNotExist", entry(KinesisErrors.shardDoesNotExist("shardId-000000000009", "orders", ACCOUNT),
                "ResourceNotFoundException", "Shard shardId-000000000009 in stream orders under account 000000000000 "
                        + "does not exist"));
        entries.put("shardNotFound", entry(KinesisErrors.shardNotFound("shardId-000000000009", "orders", ACCOUNT),
                "ResourceNotFoundException", "Could not find shard shardId-000000000009 in stream orders under account "
                        + "000000000000."));
        entries.put("shardAlreadyResharded", entry(KinesisErrors.shardAlreadyResharded("shardId-000000000000", "orders", ACCOUNT),
                "ResourceInUseException", "Shard shardId-000000000000 in stream orders under account 000000000000 has "
                        + "already been merged or split, and thus is not eligible for merging or splitting."));
        entries.put("splitKeyOutOfRange", entry(KinesisErrors.splitKeyOutOfRange("0", "shardId-000000000000", "orders",
                ACCOUNT, "0", "340282366920938463463374607431768211455"),
                "InvalidArgumentException", "NewStartingHashKey 0 used in SplitShard() on shard shardId-000000000000 in "
                        + "stream orders under account 000000000000 is not both greater than one plus the shard's "
                        + "StartingHashKey 0 and less than the shard's EndingHashKey 340282366920938463463374607431768211455."));
        entries.put("notAdjacent", entry(KinesisErrors.notAdjacent("shardId-000000000000", "shardId-000000000002", "orders", ACCOUNT),
                "InvalidArgumentException", "Shards shardId-000000000000 and shardId-000000000002 in stream orders under "
                        + "account 000000000000 are not an adjacent pair of shards eligible for merging"));
        entries.put("scaleUpTooFar", entry(KinesisErrors.scaleUpTooFar("orders", ACCOUNT, 5, 2),
                "InvalidArgumentException", "UpdateShardCount of stream orders under account 000000000000: the target "
                        + "shard count 5 is more than double the current open shard count 2. Scale up in steps of at most 2x."));
        entries.put("scaleDownTooFar", entry(KinesisErrors.scaleDownTooFar("orders", ACCOUNT, 1, 4),
                "InvalidArgumentException", "UpdateShardCount of stream orders under account 000000000000: the target "
                        + "shard count 1 is below half the current open shard count 4. Scale down in steps of at most half."));
        entries.put("updateShardCountQuota", entry(KinesisErrors.updateShardCountQuota("orders", ACCOUNT, 10, 10),
                "LimitExceededException", "UpdateShardCount of stream orders under account 000000000000 was called 10 "
                        + "times in the last 24 hours; the limit is 10."));
        // recorded in a client's log of Kinesis' answer
        entries.put("expiredIterator", entry(KinesisErrors.expiredIterator(1_579_066_282_000L, 1_579_066_663_000L, 300_000),
                "ExpiredIteratorException", "Iterator expired. The iterator was created at time Wed Jan 15 05:31:22 UTC "
                        + "2020 while right now it is Wed Jan 15 05:37:43 UTC 2020 which is further in the future than "
                        + "the tolerated delay of 300000 milliseconds."));
        entries.put("invalidSequenceNumberForOrdering", entry(KinesisErrors.invalidSequenceNumberForOrdering("abc", "orders", ACCOUNT),
                "InvalidArgumentException", "ExclusiveMinimumSequenceNumber abc used in PutRecord on stream orders under "
                        + "account 000000000000 is invalid."));
        entries.put("invalidStartingSequenceNumber", entry(KinesisErrors.invalidStartingSequenceNumber("123", "GetShardIterator",
                "shardId-000000000000", "orders", ACCOUNT),
                "InvalidArgumentException", "StartingSequenceNumber 123 used in GetShardIterator on shard "
                        + "shardId-000000000000 in stream orders under account 000000000000 is invalid."));
        entries.put("writeRateExceeded", entry(KinesisErrors.writeRateExceeded("shardId-000000000000", "orders", ACCOUNT),
                null, "Rate exceeded for shard shardId-000000000000 in stream orders under account 000000000000."));
        entries.put("readRateExceeded", entry(KinesisErrors.readRateExceeded(ACCOUNT, "orders", "shardId-000000000000"),
                null, "Rate exceeded for Shard - 000000000000/orders/shardId-000000000000"));
        entries.put("consumerExists", entry(KinesisErrors.consumerExists("app", "orders", ACCOUNT),
                "ResourceInUseException", "Consumer app under stream orders and account 000000000000 already exists."));
        entries.put("consumerNotFound", entry(KinesisErrors.consumerNotFound("app", "orders", ACCOUNT),
                "ResourceNotFoundException", "Consumer app under stream orders and account 000000000000 not found."));
        entries.put("consumerArnNotFound", entry(KinesisErrors.consumerArnNotFound("arn:c", ACCOUNT),
                "ResourceNotFoundException", "Consumer arn:c under account 000000000000 not found."));
        entries.put("consumerNotActive", entry(KinesisErrors.consumerNotActive("app", "1700000000", "orders", ACCOUNT),
                "ResourceInUseException", "Consumer app with creation timestamp 1700000000 under stream: orders , "
                        + "account 000000000000 is not in ACTIVE status."));
        entries.put("invalidConsumerArn", entry(KinesisErrors.invalidConsumerArn("arn:c", REGION, ACCOUNT),
                "InvalidArgumentException", "Invalid ConsumerARN arn:c: this server is region us-east-1, account 000000000000."));
        entries.put("consumerLimit", entry(KinesisErrors.consumerLimit("orders", ACCOUNT, 20, 20),
                "LimitExceededException", "Stream orders under account 000000000000 already has 20 registered consumers; "
                        + "the limit is 20 consumers per stream."));
        entries.put("creatingConsumerLimit", entry(KinesisErrors.creatingConsumerLimit(ACCOUNT, 5),
                "LimitExceededException", "Account 000000000000 already has 5 consumers in CREATING status; only 5 "
                        + "consumers can be created at the same time."));
        return entries;
    }

    private static Object[] entry(Object made, String type, String text) {
        return new Object[] {made, type, text};
    }

    @Test
    void eachTextIsKinesisWordForWordWithItsType() {
        catalogue().forEach((name, entry) -> {
            Object made = entry[0];
            if (made instanceof KinesisException exception) {
                assertThat(exception.type()).as(name).isEqualTo(entry[1]);
                assertThat(exception.status()).as(name).isEqualTo(400);
                assertThat(exception.getMessage()).as(name).isEqualTo(entry[2]);
            } else {
                assertThat(entry[1]).as(name).isNull();
                assertThat(made).as(name).isEqualTo(entry[2]);
            }
        });
    }

    @Test
    void theTestListsEveryEntryOfTheCatalogue() {
        Set<String> methods = Arrays.stream(KinesisErrors.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toSet());
        assertThat(catalogue().keySet()).containsExactlyInAnyOrderElementsOf(methods);
    }
}
