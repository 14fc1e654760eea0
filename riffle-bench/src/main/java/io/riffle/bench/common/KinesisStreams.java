package io.riffle.bench.common;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Stream set-up the benchmarks share: create a stream, wait until it is ACTIVE, list its shards. */
public final class KinesisStreams {
    private KinesisStreams() {
    }

    /** Creates {@code stream} with {@code shards} shards, waits up to {@code timeoutMs} until it is ACTIVE, and returns its shard ids in order. */
    public static List<String> createAndAwait(KinesisClient admin, String stream, int shards, long timeoutMs)
            throws InterruptedException {
        admin.createStream(b -> b.streamName(stream).shardCount(shards));
        awaitActive(admin, stream, timeoutMs);
        List<String> shardIds = shardIds(admin, stream);
        if (shardIds.size() != shards) {
            throw new IllegalStateException("stream " + stream + " has " + shardIds.size() + " shards, asked for " + shards);
        }
        return shardIds;
    }

    /** Waits up to {@code timeoutMs} until {@code stream} is ACTIVE. */
    public static void awaitActive(KinesisClient admin, String stream, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (admin.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("stream " + stream + " is not ACTIVE after " + timeoutMs + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** The shard ids of {@code stream}, every page of ListShards. */
    public static List<String> shardIds(KinesisClient admin, String stream) {
        List<String> shardIds = new ArrayList<>();
        ListShardsResponse page = admin.listShards(b -> b.streamName(stream));
        while (true) {
            page.shards().forEach(shard -> shardIds.add(shard.shardId()));
            String next = page.nextToken();
            if (next == null) {
                return shardIds;
            }
            page = admin.listShards(b -> b.nextToken(next));
        }
    }
}
