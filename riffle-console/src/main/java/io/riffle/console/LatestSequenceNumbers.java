package io.riffle.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.source.StreamSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Each shard's newest record's sequence number, for comparing a KCL application's checkpoints with it (the lease
 * table page): the last record before the shard's LATEST position, read through {@link StreamSource} on its read pool.
 * A shard with no record yet (or none kept) answers null.
 */
final class LatestSequenceNumbers {

    private LatestSequenceNumbers() {
    }

    /** {@code {"shards": {"shardId-000000000000": "4960...", ...}}} for every shard of {@code stream}. */
    static CompletableFuture<ObjectNode> of(StreamSource source, StreamSource.Stream stream, ObjectMapper json) {
        List<CompletableFuture<String>> newest = stream.shards().stream()
                .map(shard -> newest(source, stream, shard.shardId())).toList();
        return CompletableFuture.allOf(newest.toArray(CompletableFuture[]::new)).thenApply(done -> {
            ObjectNode shards = json.createObjectNode();
            for (int i = 0; i < newest.size(); i++) {
                shards.put(stream.shards().get(i).shardId(), newest.get(i).join());
            }
            ObjectNode answer = json.createObjectNode();
            answer.set("shards", shards);
            return answer;
        });
    }

    private static CompletableFuture<String> newest(StreamSource source, StreamSource.Stream stream, String shardId) {
        long end = source.startPosition(stream.arn(), stream.incarnation(), shardId, StreamSource.Start.LATEST, 0)
                .orElse(0L);
        if (end <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        // positions count records: the newest is the one before LATEST (trimmed away, the read starts later: none)
        return source.read(stream.arn(), stream.incarnation(), shardId, end - 1, 1, 1)
                .thenApply(batch -> batch.records().isEmpty() ? null
                        : batch.records().getLast().sequenceNumber())
                .exceptionally(failure -> null);
    }
}
