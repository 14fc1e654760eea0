package io.riffle.cli.tail;

import io.riffle.cli.client.UsageException;
import io.riffle.cli.stream.Streams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Reads a stream (or one shard) with GetRecords from a starting point, following resharding
 * ({@link ShardLineage}): a round calls GetRecords once per shard being read; when a round
 * brings nothing the reader waits {@code idleMs} (Kinesis allows 5 calls a second per shard). It
 * stops when the sink says so, when {@code until} is passed on every shard, or, unless following,
 * when every shard is caught up. Everything runs on the caller's thread.
 */
public final class GetRecordsReader {

    /** The options of one read. */
    public record Options(StartingPoint start, String onlyShard, boolean isDeaggregating, boolean isFollowing,
                          Instant until, int limitPerCall, long idleMs) {}

    private final KinesisAsyncClient kinesis;
    private final String stream;
    private final Options options;

    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Map<String, String> lastSequence = new HashMap<>();
    private final Map<String, StartingPoint> startedAt = new HashMap<>();
    private final Set<String> started = new HashSet<>();
    private final Set<String> ended = new HashSet<>();

    public GetRecordsReader(KinesisAsyncClient kinesis, String stream, Options options) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.options = options;
    }

    public void run(RecordSink sink) throws InterruptedException {
        List<Shard> shards = Streams.shards(kinesis, stream);
        List<Shard> roots = ShardLineage.roots(shards, options.start().type(), options.onlyShard());
        if (options.onlyShard() != null && roots.isEmpty()) {
            throw new UsageException("stream " + stream + " has no shard " + options.onlyShard()
                    + " (riffle stream describe " + stream + " lists them)");
        }
        for (Shard root : roots) {
            start(root.shardId(), options.start());
        }
        while (!iterators.isEmpty()) {
            boolean hasRecords = false;
            boolean isCaughtUp = true;
            for (String shardId : new ArrayList<>(iterators.keySet())) {
                GetRecordsResponse response;
                try {
                    response = getRecords(shardId);
                } catch (ExpiredIteratorException e) {
                    String last = lastSequence.get(shardId);
                    iterators.put(shardId, iterator(shardId, last == null ? startedAt.get(shardId)
                            : StartingPoint.afterSequence(last)));
                    isCaughtUp = false;
                    continue;
                } catch (ProvisionedThroughputExceededException e) {
                    isCaughtUp = false;
                    continue;
                }
                boolean isStopped = false;
                for (Record record : response.records()) {
                    if (options.until() != null && record.approximateArrivalTimestamp() != null
                            && record.approximateArrivalTimestamp().isAfter(options.until())) {
                        isStopped = true; // this shard, and the ones resharding made from it, are past the range
                        break;
                    }
                    hasRecords = true;
                    for (TailRecord tailRecord : RecordConverter.convert(shardId, record, options.isDeaggregating())) {
                        if (!sink.accept(tailRecord)) {
                            return;
                        }
                    }
                    lastSequence.put(shardId, record.sequenceNumber());
                }
                if (isStopped) {
                    iterators.remove(shardId);
                } else if (response.nextShardIterator() == null) {
                    iterators.remove(shardId);
                    ended.add(shardId);
                    for (Shard child : ShardLineage.readyChildren(Streams.shards(kinesis, stream), started, ended)) {
                        start(child.shardId(), options.start().forChild());
                    }
                    isCaughtUp = false;
                } else {
                    iterators.put(shardId, response.nextShardIterator());
                    Long behind = response.millisBehindLatest();
                    isCaughtUp &= response.records().isEmpty() && (behind == null || behind == 0);
                }
            }
            if (!options.isFollowing() && isCaughtUp) {
                return;
            }
            if (!hasRecords) {
                Thread.sleep(options.idleMs());
            }
        }
    }

    private void start(String shardId, StartingPoint at) {
        started.add(shardId);
        startedAt.put(shardId, at);
        iterators.put(shardId, iterator(shardId, at));
    }

    private GetRecordsResponse getRecords(String shardId) {
        String iterator = iterators.get(shardId);
        try {
            return kinesis.getRecords(r -> r.shardIterator(iterator).limit(options.limitPerCall())).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private String iterator(String shardId, StartingPoint at) {
        return kinesis.getShardIterator(r -> {
            r.streamName(stream).shardId(shardId).shardIteratorType(at.type());
            if (at.sequenceNumber() != null) {
                r.startingSequenceNumber(at.sequenceNumber());
            }
            if (at.timestamp() != null) {
                r.timestamp(at.timestamp());
            }
        }).join().shardIterator();
    }
}
