package io.riffle.cli.stream;

import io.riffle.cli.client.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Calls several commands make: a stream's summary, all its shards, waiting for ACTIVE. */
public final class Streams {

    private static final long POLL_MS = 250;

    private Streams() {}

    public static StreamDescriptionSummary summary(KinesisAsyncClient kinesis, String stream) {
        return kinesis.describeStreamSummary(r -> r.streamName(stream)).join().streamDescriptionSummary();
    }

    /** Every shard of the stream, open and closed (within the retention period), following ListShards' pages. */
    public static List<Shard> shards(KinesisAsyncClient kinesis, String stream) {
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            var page = token == null
                    ? kinesis.listShards(r -> r.streamName(stream)
                            .shardFilter(ShardFilter.builder().type("FROM_TRIM_HORIZON").build())).join()
                    : kinesis.listShards(r -> r.nextToken(token)).join();
            shards.addAll(page.shards());
            next = page.nextToken();
        } while (next != null);
        return shards;
    }

    /** Polls DescribeStreamSummary until the stream is ACTIVE; a wait a person asked for, so polling is fine. */
    public static StreamDescriptionSummary awaitActive(KinesisAsyncClient kinesis, String stream, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StreamDescriptionSummary summary = summary(kinesis, stream);
            if (summary.streamStatus() == StreamStatus.ACTIVE) {
                return summary;
            }
            if (System.nanoTime() > deadline) {
                throw new UsageException("stream " + stream + " is still " + summary.streamStatusAsString()
                        + " after " + timeout.toSeconds() + " s (--timeout)");
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** "provisioned" or "on-demand". */
    public static String mode(StreamDescriptionSummary summary) {
        return summary.streamModeDetails() == null ? "provisioned"
                : summary.streamModeDetails().streamModeAsString().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
