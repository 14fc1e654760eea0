package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.expectError;
import static io.riffle.it.Kit.message;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Issue 12, the operation-level points: how each operation reads its arguments, in which order it
 * checks them and in which words it refuses them, as Kinesis does. Through the SDK v2 (each run in
 * CBOR and JSON).
 *
 * <p>Sources: the texts and check orders kinesalite recorded from the service
 * (actions/getShardIterator.js, splitShard.js, mergeShards.js, addTagsToStream.js). Where kinesalite
 * answers with a limit it recorded long ago (10 tags), the message names Riffle's configured limit
 * (Kinesis' current 50) in the recorded wording.
 */
class KinesisOperationFidelityIT {

    private static final String ACCOUNT = SdkClients.ACCOUNT;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    /** A server whose streams stay CREATING and DELETING for the whole test. */
    @RegisterExtension
    static final RiffleServerExtension slow = new RiffleServerExtension(
            "stream-create-delay-ms=3600000", "stream-delete-delay-ms=3600000");

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    /** Answers and errors name the full shard id; every shard-id argument takes the short forms. */
    @Test
    void shardIdsAreReadByNumberAndNamedInFull() {
        String stream = createActive(kinesis(), name("ids"), 2);
        ResourceNotFoundException missing = expectError(ResourceNotFoundException.class, () -> kinesis()
                .getShardIterator(b -> b.streamName(stream).shardId("shard-7").shardIteratorType(ShardIteratorType.LATEST)));
        assertThat(message(missing)).isEqualTo("Shard shardId-000000000007 in stream " + stream + " under account "
                + ACCOUNT + " does not exist");
        // text that names no index is "Could not find", naming the text as given
        ResourceNotFoundException nonsense = expectError(ResourceNotFoundException.class, () -> kinesis()
                .getShardIterator(b -> b.streamName(stream).shardId("shardId-x").shardIteratorType(ShardIteratorType.LATEST)));
        assertThat(message(nonsense)).isEqualTo("Could not find shard shardId-x in stream " + stream
                + " under account " + ACCOUNT + ".");
        ResourceNotFoundException splitMissing = expectError(ResourceNotFoundException.class, () -> kinesis()
                .splitShard(b -> b.streamName(stream).shardToSplit("9").newStartingHashKey("12345")));
        assertThat(message(splitMissing)).isEqualTo("Could not find shard shardId-000000000009 in stream " + stream
                + " under account " + ACCOUNT + ".");

        assertThat(kinesis().listShards(b -> b.streamName(stream).exclusiveStartShardId("0")).shards())
                .extracting(Shard::shardId).containsExactly("shardId-000000000001");
        assertThat(kinesis().listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AFTER_SHARD_ID)
                .shardId("shard-0"))).shards()).extracting(Shard::shardId).containsExactly("shardId-000000000001");
        assertThat(kinesis().describeStream(b -> b.streamName(stream).exclusiveStartShardId("anything-0"))
                .streamDescription().shards()).extracting(Shard::shardId).containsExactly("shardId-000000000001");
    }

    /**
     * Unknown stream and a shard id: GetShardIterator names the shard (its full id) where the stream
     * is missing; SplitShard and MergeShards read the id's shape first (Could not find shard) and then
     * the stream (kinesalite's order for each).
     */
    @Test
    void anUnknownStreamWithAShardIdIsAnsweredInKinesisOrder() {
        String stream = name("never-created");
        ResourceNotFoundException iterator = expectError(ResourceNotFoundException.class, () -> kinesis()
                .getShardIterator(b -> b.streamName(stream).shardId("shard-3").shardIteratorType(ShardIteratorType.LATEST)));
        assertThat(message(iterator)).isEqualTo("Shard shardId-000000000003 in stream " + stream + " under account "
                + ACCOUNT + " does not exist");
        ResourceNotFoundException split = expectError(ResourceNotFoundException.class, () -> kinesis()
                .splitShard(b -> b.streamName(stream).shardToSplit("bogus").newStartingHashKey("12345")));
        assertThat(message(split)).isEqualTo("Could not find shard bogus in stream " + stream + " under account "
                + ACCOUNT + ".");
        ResourceNotFoundException merge = expectError(ResourceNotFoundException.class, () -> kinesis()
                .mergeShards(b -> b.streamName(stream).shardToMerge("shardId-0").adjacentShardToMerge("x-y")));
        assertThat(message(merge)).isEqualTo("Could not find shard x-y in stream " + stream + " under account "
                + ACCOUNT + ".");
        ResourceNotFoundException wellFormed = expectError(ResourceNotFoundException.class, () -> kinesis()
                .splitShard(b -> b.streamName(stream).shardToSplit("shardId-0").newStartingHashKey("12345")));
        assertThat(message(wellFormed)).isEqualTo("Stream " + stream + " under account " + ACCOUNT + " not found.");
    }

    @Test
    void getShardIteratorChecksTypeAgainstStartingSequenceNumber() {
        String stream = createActive(kinesis(), name("types"), 2);
        String onShard0 = kinesis().putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("v"))
                .explicitHashKey("0")).sequenceNumber();
        for (ShardIteratorType type : List.of(ShardIteratorType.TRIM_HORIZON, ShardIteratorType.LATEST)) {
            InvalidArgumentException e = expectError(InvalidArgumentException.class, () -> kinesis().getShardIterator(
                    b -> b.streamName(stream).shardId("shardId-000000000000").shardIteratorType(type)
                            .startingSequenceNumber(onShard0)));
            assertThat(message(e)).isEqualTo("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
                    + "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request "
                    + "specified " + type + " and also a StartingSequenceNumber.");
        }
        for (ShardIteratorType type : List.of(ShardIteratorType.AT_SEQUENCE_NUMBER, ShardIteratorType.AFTER_SEQUENCE_NUMBER)) {
            InvalidArgumentException e = expectError(InvalidArgumentException.class, () -> kinesis().getShardIterator(
                    b -> b.streamName(stream).shardId("shardId-000000000000").shardIteratorType(type)));
            assertThat(message(e)).isEqualTo("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
                    + "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request "
                    + "specified " + type + " and no StartingSequenceNumber.");
        }
        InvalidArgumentException wrongShard = expectError(InvalidArgumentException.class, () -> kinesis()
                .getShardIterator(b -> b.streamName(stream).shardId("1")
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(onShard0)));
        assertThat(message(wrongShard)).isEqualTo("Invalid StartingSequenceNumber. It encodes shardId-000000000000, "
                + "while it was used in a call to a shard with shardId-000000000001");
    }

    /** SplitShard's key must be above StartingHashKey+1 and below EndingHashKey; MergeShards takes the lower shard first. */
    @Test
    void splitAndMergeRefuseWhatKinesisRefuses() {
        String stream = createActive(kinesis(), name("bounds"), 2);
        Shard zero = Kit.shards(kinesis(), stream).getFirst();
        BigInteger start = new BigInteger(zero.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(zero.hashKeyRange().endingHashKey());
        for (BigInteger key : List.of(start.add(BigInteger.ONE), end)) {
            InvalidArgumentException e = expectError(InvalidArgumentException.class, () -> kinesis().splitShard(
                    b -> b.streamName(stream).shardToSplit("shardId-0").newStartingHashKey(key.toString())));
            assertThat(message(e)).isEqualTo("NewStartingHashKey " + key + " used in SplitShard() on shard "
                    + "shardId-000000000000 in stream " + stream + " under account " + ACCOUNT + " is not both greater "
                    + "than one plus the shard's StartingHashKey " + start + " and less than the shard's EndingHashKey "
                    + end + ".");
        }
        InvalidArgumentException inverted = expectError(InvalidArgumentException.class, () -> kinesis().mergeShards(
                b -> b.streamName(stream).shardToMerge("shard-1").adjacentShardToMerge("shard-0")));
        assertThat(message(inverted)).isEqualTo("Shards shardId-000000000001 and shardId-000000000000 in stream "
                + stream + " under account " + ACCOUNT + " are not an adjacent pair of shards eligible for merging");
        assertThat(kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus())
                .isEqualTo(StreamStatus.ACTIVE);
    }

    /** While CREATING (and DELETING) DescribeStream lists no shards and ListShards is ResourceInUseException. */
    @Test
    void aStreamBeingCreatedOrDeletedShowsNoShards() {
        KinesisClient kinesis = slow.kinesis();
        String creating = name("creating");
        kinesis.createStream(b -> b.streamName(creating).shardCount(2));
        assertThat(kinesis.describeStream(b -> b.streamName(creating)).streamDescription())
                .satisfies(d -> assertThat(d.streamStatus()).isEqualTo(StreamStatus.CREATING))
                .satisfies(d -> assertThat(d.shards()).isEmpty())
                .satisfies(d -> assertThat(d.hasMoreShards()).isFalse());
        ResourceInUseException listed = expectError(ResourceInUseException.class,
                () -> kinesis.listShards(b -> b.streamName(creating)));
        assertThat(message(listed)).isEqualTo("Stream " + creating + " under account " + ACCOUNT
                + " not ACTIVE or UPDATING, instead in state CREATING");
        kinesis.deleteStream(b -> b.streamName(creating));
        assertThat(kinesis.describeStream(b -> b.streamName(creating)).streamDescription())
                .satisfies(d -> assertThat(d.streamStatus()).isEqualTo(StreamStatus.DELETING))
                .satisfies(d -> assertThat(d.shards()).isEmpty());
        expectError(ResourceInUseException.class, () -> kinesis.listShards(b -> b.streamName(creating)));
    }

    @Test
    void tagsAreCheckedAsKinesisChecksThem() {
        String stream = createActive(kinesis(), name("tags"), 1);
        String invalid = "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, "
                + "_ . / = + - % @ :.";
        for (String text : List.of("a;b", "a,b", "a\tb", "a\nb")) {
            InvalidArgumentException key = expectError(InvalidArgumentException.class,
                    () -> kinesis().addTagsToStream(b -> b.streamName(stream).tags(Map.of(text, "v"))));
            assertThat(message(key)).as("key %s", text).isEqualTo(invalid);
            InvalidArgumentException value = expectError(InvalidArgumentException.class,
                    () -> kinesis().addTagsToStream(b -> b.streamName(stream).tags(Map.of("k", text))));
            assertThat(message(value)).as("value %s", text).isEqualTo(invalid);
        }
        InvalidArgumentException percent = expectError(InvalidArgumentException.class,
                () -> kinesis().addTagsToStream(b -> b.streamName(stream).tags(Map.of("share", "50%"))));
        assertThat(message(percent)).isEqualTo("Failed to add tags to stream " + stream + " under account " + ACCOUNT
                + " because some tags contained illegal characters. The allowed characters are Unicode letters, "
                + "white-spaces, '_',',','/','=','+','-','@',':'.");
        InvalidArgumentException onCreate = expectError(InvalidArgumentException.class, () -> kinesis().createStream(
                b -> b.streamName(name("tagged")).shardCount(1).tags(Map.of("a;b", "v"))));
        assertThat(message(onCreate)).isEqualTo(invalid);

        kinesis().addTagsToStream(b -> b.streamName(stream).tags(Map.of("Team name_1./=+-@:", "Zürich 東京")));
        for (int batch = 0; batch < 5; batch++) {
            Map<String, String> ten = new HashMap<>();
            for (int i = 0; i < 10; i++) {
                ten.put("k" + batch + "-" + i, "v");
            }
            if (batch < 4) {
                kinesis().addTagsToStream(b -> b.streamName(stream).tags(ten));
            } else {
                InvalidArgumentException tooMany = expectError(InvalidArgumentException.class,
                        () -> kinesis().addTagsToStream(b -> b.streamName(stream).tags(ten)));
                assertThat(message(tooMany)).isEqualTo("Failed to add tags to stream " + stream + " under account "
                        + ACCOUNT + " because a given stream cannot have more than 50 tags associated with it.");
            }
        }
    }
}
