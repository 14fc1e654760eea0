package io.riffle.cli.tail;

import io.riffle.cli.client.UsageException;
import io.riffle.cli.stream.Streams;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Reads a stream (or one shard) through an enhanced fan-out consumer: one SubscribeToShard per
 * shard being read, pushed over HTTP/2. A subscription lasts five minutes and is then renewed at
 * its continuation sequence number; a shard's end (no continuation) starts its children as
 * {@link ShardLineage} says. The SDK's threads only queue what arrives; the caller's thread takes
 * it from the queue and runs the sink, so output stays ordered per shard and single-threaded.
 */
public final class SubscribeReader {

    private static final long RESUBSCRIBE_BACKOFF_MS = 1_000;

    private sealed interface Event permits Batch, Closed {}

    private record Batch(String shardId, SubscribeToShardEvent event) implements Event {}

    private record Closed(String shardId, Throwable failure) implements Event {}

    private final KinesisAsyncClient kinesis;
    private final String stream;
    private final String consumerArn;
    private final StartingPoint start;
    private final String onlyShard;
    private final boolean isDeaggregating;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, String> continuation = new HashMap<>();
    private final Map<String, StartingPoint> startedAt = new HashMap<>();
    private final Set<String> started = new HashSet<>();
    private final Set<String> ended = new HashSet<>();
    private int subscribed;

    public SubscribeReader(KinesisAsyncClient http2Kinesis, String stream, String consumerArn, StartingPoint start,
                           String onlyShard, boolean isDeaggregating) {
        this.kinesis = http2Kinesis;
        this.stream = stream;
        this.consumerArn = consumerArn;
        this.start = start;
        this.onlyShard = onlyShard;
        this.isDeaggregating = isDeaggregating;
    }

    public void run(RecordSink sink) throws InterruptedException {
        List<Shard> roots = ShardLineage.roots(Streams.shards(kinesis, stream), start.type(), onlyShard);
        if (onlyShard != null && roots.isEmpty()) {
            throw new UsageException("stream " + stream + " has no shard " + onlyShard);
        }
        for (Shard root : roots) {
            started.add(root.shardId());
            startedAt.put(root.shardId(), start);
            subscribe(root.shardId(), start);
        }
        while (subscribed > 0) {
            Event event = events.take();
            if (event instanceof Batch batch) {
                String shardId = batch.shardId();
                for (Record record : batch.event().records()) {
                    for (TailRecord tailRecord : RecordConverter.convert(shardId, record, isDeaggregating)) {
                        if (!sink.accept(tailRecord)) {
                            return;
                        }
                    }
                }
                String next = batch.event().continuationSequenceNumber();
                if (next == null) {
                    ended.add(shardId);
                } else {
                    continuation.put(shardId, next);
                }
            } else if (event instanceof Closed closed) {
                subscribed--;
                String shardId = closed.shardId();
                if (ended.contains(shardId)) {
                    for (Shard child : ShardLineage.readyChildren(Streams.shards(kinesis, stream), started, ended)) {
                        started.add(child.shardId());
                        startedAt.put(child.shardId(), start.forChild());
                        subscribe(child.shardId(), start.forChild());
                    }
                    continue;
                }
                Throwable failure = closed.failure() instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : closed.failure();
                if (failure != null) {
                    if (failure instanceof AwsServiceException service && !(service instanceof ResourceInUseException)
                            && !(service instanceof LimitExceededException) && !service.isThrottlingException()
                            && service.statusCode() < 500) {
                        throw service;
                    }
                    Thread.sleep(RESUBSCRIBE_BACKOFF_MS);
                }
                String next = continuation.get(shardId);
                subscribe(shardId, next == null ? startedAt.get(shardId) : StartingPoint.afterSequence(next));
            }
        }
    }

    private void subscribe(String shardId, StartingPoint at) {
        StartingPosition.Builder position = StartingPosition.builder().type(at.type().toString());
        if (at.sequenceNumber() != null) {
            position.sequenceNumber(at.sequenceNumber());
        }
        if (at.timestamp() != null) {
            position.timestamp(at.timestamp());
        }
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .onError(t -> { }) // the call's future carries the failure to the loop
                .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                        .onSubscribeToShardEvent(e -> events.add(new Batch(shardId, e)))
                        .build())
                .build();
        subscribed++;
        kinesis.subscribeToShard(r -> r.consumerARN(consumerArn).shardId(shardId).startingPosition(position.build()),
                handler).whenComplete((ignored, failure) -> events.add(new Closed(shardId, failure)));
    }
}
