package io.riffle.kinesis.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.kinesis.model.HashKey;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenShardLookupTest {

    @Test
    void everyKeyGoesToTheOpenShardWhoseRangeHoldsIt() {
        List<HashKeys.Range> ranges = HashKeys.split(1000);
        List<ShardInfo> shards = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            shards.add(ShardInfo.open(i, ranges.get(i), null, null, 0));
        }
        Collections.reverse(shards); // the lookup must not rely on the list's order
        OpenShardLookup lookup = new OpenShardLookup();
        StreamInfo s = stream(1, shards);

        for (int i = 0; i < 5000; i++) {
            BigInteger hash = HashKeys.ofPartitionKey("key-" + i);
            assertThat(lookup.owning(s, HashKey.of(hash))).isEqualTo(scan(shards, hash));
        }
        for (HashKeys.Range r : ranges) {
            assertThat(lookup.owning(s, HashKey.of(r.start())).range()).isEqualTo(r);
            assertThat(lookup.owning(s, HashKey.of(r.end())).range()).isEqualTo(r);
        }
        assertThat(lookup.owning(s, HashKey.of(BigInteger.ZERO)).index()).isZero();
        assertThat(lookup.owning(s, HashKey.of(HashKeys.MAX)).index()).isEqualTo(999);
    }

    @Test
    void closedShardsOwnNothingAndANewShardListIsLookedUpAfresh() {
        List<HashKeys.Range> halves = HashKeys.split(2);
        ShardInfo left = ShardInfo.open(0, halves.get(0), null, null, 0);
        ShardInfo right = ShardInfo.open(1, halves.get(1), null, null, 0);
        OpenShardLookup lookup = new OpenShardLookup();
        BigInteger inLeft = halves.get(0).start().add(BigInteger.TEN);
        assertThat(lookup.owning(stream(7, List.of(left, right)), HashKey.of(inLeft))).isEqualTo(left);

        // the left half closed, its key space not yet handed to children: nothing owns the key
        StreamInfo afterClose = stream(7, List.of(left.closed(1, "1", 1), right));
        assertThat(lookup.owning(afterClose, HashKey.of(inLeft))).isNull();

        // a child covering the left half takes it over
        ShardInfo child = ShardInfo.open(2, halves.get(0), left.shardId(), null, 2);
        assertThat(lookup.owning(stream(7, List.of(left.closed(1, "1", 1), right, child)), HashKey.of(inLeft))).isEqualTo(child);
    }

    private static ShardInfo scan(List<ShardInfo> shards, BigInteger hash) {
        for (ShardInfo shard : shards) {
            if (!shard.isClosed() && shard.range().contains(hash)) {
                return shard;
            }
        }
        return null;
    }

    private static StreamInfo stream(long incarnation, List<ShardInfo> shards) {
        return new StreamInfo("s", incarnation, StreamInfo.StreamStatus.ACTIVE, 0, "PROVISIONED", 0, 24, List.copyOf(shards),
                Map.of(), Set.of(), 1024);
    }
}
