package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.expectError;
import static io.riffle.it.Kit.message;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Issue 12: resharding takes time, as in Kinesis. For {@code reshard-delay-ms} the stream stays
 * UPDATING, its parent keeps taking writes and lists no children, and a second SplitShard,
 * MergeShards or UpdateShardCount is ResourceInUseException in kinesalite's recorded words
 * (test/mergeShards.js: "not ACTIVE, instead in state UPDATING", with PutRecord still accepted).
 * Then the parent closes and the children open together; a kill -9 while UPDATING keeps the
 * reshard, which finishes after the restart. Through the SDK v2 (CBOR and JSON runs) and boto3.
 *
 * <p>The delay is long enough (12 s) that the checks and a restart fit inside it on a loaded
 * machine; every wait is a probe of the stream's status.
 */
class ReshardDelayIT {

    private static final String ACCOUNT = SdkClients.ACCOUNT;
    private static final long DELAY_MS = 12_000;
    private static final Duration CUT_OVER_DEADLINE = Duration.ofMillis(DELAY_MS + 20_000);
    private static final String HALF = "170141183460469231731687303715884105728";

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("reshard-delay-ms=" + DELAY_MS);

    @TempDir
    Path tmp;

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    private StreamStatus status(String stream) {
        return kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus();
    }

    private List<String> shardIds(String stream) {
        return Kit.shards(kinesis(), stream).stream().map(Shard::shardId).toList();
    }

    @Test
    void aSplitStaysUpdatingWithItsParentWritableAcrossAKill9ThenItsChildrenOpenTogether() {
        String stream = createActive(kinesis(), name("delay"), 1);
        kinesis().splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey(HALF));

        assertThat(status(stream)).isEqualTo(StreamStatus.UPDATING);
        assertThat(shardIds(stream)).containsExactly("shardId-000000000000");
        PutRecordResponse before = kinesis().putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("one")));
        assertThat(before.shardId()).isEqualTo("shardId-000000000000");
        String inUse = "Stream " + stream + " under account " + ACCOUNT + " not ACTIVE, instead in state UPDATING";
        assertThat(message(expectError(ResourceInUseException.class, () -> kinesis().splitShard(b -> b
                .streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey("12345")))))
                .isEqualTo(inUse);
        assertThat(message(expectError(ResourceInUseException.class, () -> kinesis().updateShardCount(b -> b
                .streamName(stream).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING))))).isEqualTo(inUse);

        riffle.kill9AndStart();
        assertThat(status(stream)).isEqualTo(StreamStatus.UPDATING);
        assertThat(shardIds(stream)).containsExactly("shardId-000000000000");
        PutRecordResponse after = kinesis().putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("two")));
        assertThat(after.shardId()).isEqualTo("shardId-000000000000");

        Kit.await(CUT_OVER_DEADLINE, stream + " to finish its split", () -> status(stream) == StreamStatus.ACTIVE);
        List<Shard> shards = Kit.shards(kinesis(), stream);
        assertThat(shards).extracting(Shard::shardId).containsExactly("shardId-000000000000", "shardId-000000000001",
                "shardId-000000000002");
        // Kinesis' ending number of a closed shard is its own (from the closing time), at or above its last record's
        assertThat(new BigInteger(shards.get(0).sequenceNumberRange().endingSequenceNumber()))
                .isGreaterThanOrEqualTo(new BigInteger(after.sequenceNumber()));
        assertThat(shards.get(1).parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(Kit.readAll(kinesis(), stream, "shardId-000000000000")).extracting(r -> r.data().asUtf8String())
                .containsExactly("one", "two");
        assertThat(kinesis().putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("three"))).shardId())
                .isIn("shardId-000000000001", "shardId-000000000002");
    }

    @Test
    void boto3SeesAMergeTakeTime() throws Exception {
        Assumptions.assumeTrue(SdkClients.cborEnabled(), "boto3 does not use the Java SDK's wire format: run once");
        PythonScenario.run("reshard_delay_scenario.py", riffle.endpoint().toString(),
                "OK: the boto3 reshard delay scenario passed", tmp, 120);
    }
}
