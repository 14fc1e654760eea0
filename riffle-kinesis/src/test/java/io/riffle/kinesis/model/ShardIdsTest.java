package io.riffle.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShardIdsTest {

    @Test
    void everySpellingKinesisAcceptsNamesTheShardByItsNumber() {
        assertThat(ShardIds.resolve("shardId-000000000000")).isZero();
        assertThat(ShardIds.resolve("shardId-0")).isZero();
        assertThat(ShardIds.resolve("shard-0")).isZero();
        assertThat(ShardIds.resolve("0")).isZero();
        assertThat(ShardIds.resolve("anything-5")).isEqualTo(5);
        assertThat(ShardIds.resolve("shardId-000000000017")).isEqualTo(17);
        assertThat(ShardIds.resolve("shardId-00000000000000000000000017")).isEqualTo(17);
        assertThat(ShardIds.resolve("shardId-2147483647")).isEqualTo(Integer.MAX_VALUE);
        // the part after the first dash, up to the next one
        assertThat(ShardIds.resolve("shardId-7-extra")).isEqualTo(7);
        // a trailing dash: the whole text is read, and is no number
        assertThat(ShardIds.resolve("shardId-")).isEqualTo(-1);
        assertThat(ShardIds.canonical("anything-5")).isEqualTo("shardId-000000000005");
        assertThat(ShardIds.canonical("shardId-000000000005")).isEqualTo("shardId-000000000005");
    }

    @Test
    void otherTextNamesNoShard() {
        for (String text : new String[] {null, "", "-", "shardId", "shardId-abc", "shardId-5x", "shardId--5", "a-b-5",
            "-5x", "shardId-2147483648", "99999999999999999999999999999999999999999999", "shardId- 5", "+5", "٥"}) {
            assertThat(ShardIds.resolve(text)).as(text).isEqualTo(-1);
            assertThat(ShardIds.canonical(text)).isEqualTo(text);
        }
        assertThat(ShardIds.resolve("-5")).isEqualTo(5);
    }
}
