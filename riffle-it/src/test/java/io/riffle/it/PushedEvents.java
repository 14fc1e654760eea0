package io.riffle.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * What one SubscribeToShard call through the SDK received: its events, their records (with the time
 * each arrived), and how it ended. {@link #slow()} asks the SDK for one event only, like a consumer
 * that stopped reading.
 */
final class PushedEvents {
    final List<SubscribeToShardEvent> events = new CopyOnWriteArrayList<>();
    final List<Record> records = new CopyOnWriteArrayList<>();
    final List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    /** {@link System#nanoTime()} when the subscription ended (0 until then). */
    final AtomicLong endedAtNanos = new AtomicLong();
    final AtomicLong recordBytes = new AtomicLong();
    private final long requestAtOnce;

    private PushedEvents(long requestAtOnce) {
        this.requestAtOnce = requestAtOnce;
    }

    static PushedEvents fast() {
        return new PushedEvents(Long.MAX_VALUE);
    }

    /**
     * Registers {@code consumerName} on {@code stream}, subscribes it (with {@code async}, over HTTP/2) to its first
     * shard from LATEST, puts one record {@code text} once the subscription's first event arrived, and waits until
     * it is pushed; returns the texts pushed.
     */
    static List<String> pushedThroughNewConsumer(KinesisClient kinesis, KinesisAsyncClient async, String stream,
                                                 String consumerName, String text) {
        String consumer = kinesis.registerStreamConsumer(b -> b.streamARN(SdkClients.streamArn(stream))
                .consumerName(consumerName)).consumer().consumerARN();
        Kit.await(Kit.STATE_DEADLINE, "consumer ACTIVE", () -> kinesis.describeStreamConsumer(b -> b.consumerARN(consumer))
                .consumerDescription().consumerStatus() == ConsumerStatus.ACTIVE);
        PushedEvents pushed = fast();
        async.subscribeToShard(b -> b.consumerARN(consumer).shardId("shardId-000000000000")
                .startingPosition(p -> p.type(ShardIteratorType.LATEST)), pushed.handler());
        Kit.await(Duration.ofSeconds(10), "the first event", () -> !pushed.events.isEmpty());
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String(text)));
        Kit.await(Duration.ofSeconds(20), "the record pushed", () -> !pushed.records.isEmpty());
        return pushed.texts();
    }

    static PushedEvents slow() {
        return new PushedEvents(1);
    }

    SubscribeToShardResponseHandler handler() {
        return SubscribeToShardResponseHandler.builder()
                .onError(this::end)
                .onComplete(() -> end(null))
                .subscriber(() -> new Subscriber<SubscribeToShardEventStream>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        s.request(requestAtOnce);
                    }

                    @Override
                    public void onNext(SubscribeToShardEventStream item) {
                        if (item instanceof SubscribeToShardEvent event) {
                            long now = System.nanoTime();
                            events.add(event);
                            for (Record r : event.records()) {
                                records.add(r);
                                arrivalNanos.add(now);
                                recordBytes.addAndGet(r.data().asByteArray().length);
                            }
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        end(t);
                    }

                    @Override
                    public void onComplete() {
                        end(null);
                    }
                })
                .build();
    }

    /** The subscription ended (with {@code failure}, or normally when null); the first report of it counts. */
    private void end(Throwable failure) {
        endedAtNanos.compareAndSet(0, System.nanoTime());
        if (failure == null) {
            ended.complete(null);
        } else {
            ended.completeExceptionally(failure);
        }
    }

    SubscribeToShardEvent lastEvent() {
        return events.get(events.size() - 1);
    }

    List<String> texts() {
        return records.stream().map(r -> r.data().asUtf8String()).toList();
    }
}
