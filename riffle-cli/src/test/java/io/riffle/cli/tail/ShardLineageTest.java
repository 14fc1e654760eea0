package io.riffle.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class ShardLineageTest {

    // 0 split into 2 and 3; 1 and 3 merged into 4; 5 is a root whose parent is past retention
    private static final List<Shard> SHARDS = List.of(
            shard("s0", null, null, true), shard("s1", null, null, true),
            shard("s2", "s0", null, false), shard("s3", "s0", null, true),
            shard("s4", "s1", "s3", false), shard("s5", "gone", null, false));

    private static Shard shard(String id, String parent, String adjacent, boolean isClosed) {
        return Shard.builder().shardId(id).parentShardId(parent).adjacentParentShardId(adjacent)
                .sequenceNumberRange(r -> r.startingSequenceNumber("1").endingSequenceNumber(isClosed ? "9" : null))
                .build();
    }

    private static List<String> ids(List<Shard> shards) {
        return shards.stream().map(Shard::shardId).toList();
    }

    @Test
    void rootsFromTheOldestAreTheShardsWithoutAKnownParent() {
        assertThat(ids(ShardLineage.roots(SHARDS, ShardIteratorType.TRIM_HORIZON, null))).containsExactly("s0", "s1", "s5");
        assertThat(ids(ShardLineage.roots(SHARDS, ShardIteratorType.AT_TIMESTAMP, null))).containsExactly("s0", "s1", "s5");
    }

    @Test
    void rootsFromLatestAreTheOpenShards() {
        assertThat(ids(ShardLineage.roots(SHARDS, ShardIteratorType.LATEST, null))).containsExactly("s2", "s4", "s5");
    }

    @Test
    void oneShardWhenAsked() {
        assertThat(ids(ShardLineage.roots(SHARDS, ShardIteratorType.LATEST, "s3"))).containsExactly("s3");
        assertThat(ShardLineage.roots(SHARDS, ShardIteratorType.LATEST, "nope")).isEmpty();
    }

    @Test
    void aChildStartsOnceEveryParentItReadHasEnded() {
        Set<String> started = Set.of("s0", "s1", "s5");
        assertThat(ShardLineage.readyChildren(SHARDS, started, Set.of())).isEmpty();
        assertThat(ids(ShardLineage.readyChildren(SHARDS, started, Set.of("s0")))).containsExactly("s2", "s3");

        Set<String> afterSplit = Set.of("s0", "s1", "s5", "s2", "s3");
        assertThat(ShardLineage.readyChildren(SHARDS, afterSplit, Set.of("s0", "s3"))).isEmpty(); // s1 still open
        assertThat(ids(ShardLineage.readyChildren(SHARDS, afterSplit, Set.of("s0", "s1", "s3")))).containsExactly("s4");
    }

    @Test
    void aParentThatWasNotReadDoesNotHoldAChildBack() {
        // reading only s3: the merge child s4 starts when s3 ends, whatever s1 does
        assertThat(ids(ShardLineage.readyChildren(SHARDS, Set.of("s3"), Set.of("s3")))).containsExactly("s4");
    }
}
