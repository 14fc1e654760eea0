package io.riffle.bench.fanout;

import io.riffle.bench.common.SdkErrors;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The streams and registered consumers {@link FanOutBench} works on: create a stream and wait until
 * it is ACTIVE, register a consumer and wait until it is ACTIVE, delete the stream with its consumers.
 */
public final class FanOutStreams {
    private static final long ACTIVE_TIMEOUT_MS = 60_000;

    private FanOutStreams() {
    }

    /** Creates {@code stream} with {@code shards} shards, waits until it is ACTIVE, and returns its shard ids in order. */
    static List<String> create(KinesisClient admin, String stream, int shards) throws InterruptedException {
        admin.createStream(b -> b.streamName(stream).shardCount(shards));
        long deadline = System.currentTimeMillis() + ACTIVE_TIMEOUT_MS;
        while (admin.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("stream " + stream + " is not ACTIVE after " + ACTIVE_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
        List<String> shardIds = new ArrayList<>();
        ListShardsResponse page = admin.listShards(b -> b.streamName(stream));
        while (true) {
            page.shards().forEach(shard -> shardIds.add(shard.shardId()));
            String next = page.nextToken();
            if (next == null) {
                break;
            }
            page = admin.listShards(b -> b.nextToken(next));
        }
        if (shardIds.size() != shards) {
            throw new IllegalStateException("stream " + stream + " has " + shardIds.size() + " shards, asked for " + shards);
        }
        return shardIds;
    }

    /** Registers a consumer of {@code stream}, waits until it is ACTIVE, and returns its ARN. */
    public static String registerConsumer(KinesisClient admin, String stream, String name) throws InterruptedException {
        String streamArn = admin.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
        String arn = admin.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(name)).consumer().consumerARN();
        long deadline = System.currentTimeMillis() + ACTIVE_TIMEOUT_MS;
        while (admin.describeStreamConsumer(b -> b.consumerARN(arn)).consumerDescription().consumerStatus()
                != ConsumerStatus.ACTIVE) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("consumer " + name + " is not ACTIVE after " + ACTIVE_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
        return arn;
    }

    /** Deletes {@code stream} and its consumers; a failure is returned as a problem, null when none. */
    static String delete(KinesisClient admin, String stream) {
        try {
            admin.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
            return null;
        } catch (SdkException e) {
            return "DeleteStream " + stream + " failed: " + SdkErrors.describe(e);
        }
    }
}
