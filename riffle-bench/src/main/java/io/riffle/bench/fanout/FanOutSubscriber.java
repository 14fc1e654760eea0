package io.riffle.bench.fanout;

import io.riffle.bench.common.SdkErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * One registered consumer reading one shard through {@code KinesisAsyncClient.subscribeToShard}, as
 * KCL does: it asks for every event at once (the application keeps up), hands each event's records
 * to a {@link Sink} the moment {@code onNext} sees them, remembers the last
 * ContinuationSequenceNumber, and when a subscription completes (its lifetime is over) calls again
 * from {@code AFTER_SEQUENCE_NUMBER} of it, so nothing is lost or repeated across renewals. A call
 * refused for the call-rate or takeover rule (LimitExceeded, ResourceInUse) is tried again after
 * {@link #RETRY_DELAY_MS}, at most {@link #MAX_RETRIES} times in a row; any other failure ends it,
 * and the report shows it.
 *
 * <p>Threads: the SDK calls the sink and the end of a subscription on its own threads, one
 * subscription at a time; {@link #stop} may come from any thread. State is guarded by {@code this}.
 */
public final class FanOutSubscriber {
    static final long RETRY_DELAY_MS = 1_100;
    static final int MAX_RETRIES = 5;

    /** Where the records go, on the SDK's thread. */
    public interface Sink {
        void accept(String shardId, List<Record> records, long receivedNanos);
    }

    private final KinesisAsyncClient client;
    private final String consumerArn;
    private final String shardId;
    private final StartingPosition start;
    private final Sink sink;
    private final ScheduledExecutorService retries;
    /** Completes with the first event of the first subscription (the server sends one at once). */
    final CompletableFuture<Void> firstEvent = new CompletableFuture<>();
    private final List<String> errors = new ArrayList<>();
    /** Calls refused for the call-rate or takeover rule and tried again, by error code. */
    private final TreeMap<String, Integer> refusals = new TreeMap<>();
    private String continuation;
    private boolean isStopped;
    private boolean isFailed;
    private int calls;
    private int renewals;
    private int retriesInARow;
    private CompletableFuture<Void> call;
    private Subscription subscription;

    FanOutSubscriber(KinesisAsyncClient client, String consumerArn, String shardId, StartingPosition start, Sink sink,
                     ScheduledExecutorService retries) {
        this.client = client;
        this.consumerArn = consumerArn;
        this.shardId = shardId;
        this.start = start;
        this.sink = sink;
        this.retries = retries;
    }

    static StartingPosition from(ShardIteratorType type) {
        return StartingPosition.builder().type(type).build();
    }

    /** Makes the first call. */
    void start() {
        call();
    }

    /** Ends the subscription; no renewal after it. */
    void stop() {
        CompletableFuture<Void> c;
        Subscription s;
        synchronized (this) {
            if (isStopped) {
                return;
            }
            isStopped = true;
            c = call;
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
        if (c != null) {
            c.cancel(true);
        }
    }

    synchronized int calls() {
        return calls;
    }

    /** Subscriptions that completed and were called again from their continuation. */
    synchronized int renewals() {
        return renewals;
    }

    /** True when a subscription failed and was not (or could no more be) called again. */
    synchronized boolean isFailed() {
        return isFailed;
    }

    /** Why the subscription failed (empty unless {@link #isFailed()}). */
    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Calls refused and tried again, by error code. */
    synchronized TreeMap<String, Integer> refusals() {
        return new TreeMap<>(refusals);
    }

    private void call() {
        SubscribeToShardRequest request;
        Attempt attempt = new Attempt();
        synchronized (this) {
            if (isStopped) {
                return;
            }
            calls++;
            StartingPosition from = continuation == null ? start : StartingPosition.builder()
                    .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(continuation).build();
            request = SubscribeToShardRequest.builder().consumerARN(consumerArn).shardId(shardId)
                    .startingPosition(from).build();
        }
        CompletableFuture<Void> c = client.subscribeToShard(request, SubscribeToShardResponseHandler.builder()
                .subscriber(() -> attempt)
                .build());
        synchronized (this) {
            call = c;
        }
        c.whenComplete((ignored, error) -> ended(error));
    }

    private void ended(Throwable error) {
        boolean isAgain;
        synchronized (this) {
            if (isStopped) {
                return;
            }
            Throwable cause = error == null ? null : SdkErrors.unwrap(error);
            if (cause == null) {
                renewals++;
                retriesInARow = 0;
                isAgain = true;
            } else if ((cause instanceof LimitExceededException || cause instanceof ResourceInUseException)
                    && retriesInARow < MAX_RETRIES) {
                retriesInARow++;
                refusals.merge(((AwsServiceException) cause).awsErrorDetails().errorCode(), 1, Integer::sum);
                isAgain = false;
                try {
                    retries.schedule(this::call, RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    isFailed = true;
                }
            } else {
                errors.add(shardId + ": " + SdkErrors.describe(cause));
                isFailed = true;
                isAgain = false;
                firstEvent.completeExceptionally(cause);
            }
        }
        if (isAgain) {
            call();
        }
    }

    /** One subscription's reactive-streams subscriber. */
    private final class Attempt implements Subscriber<SubscribeToShardEventStream> {
        @Override
        public void onSubscribe(Subscription s) {
            boolean isLate;
            synchronized (FanOutSubscriber.this) {
                subscription = s;
                isLate = isStopped;
            }
            if (isLate) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(SubscribeToShardEventStream item) {
            if (!(item instanceof SubscribeToShardEvent event)) {
                return;
            }
            long receivedNanos = System.nanoTime();
            if (!event.records().isEmpty()) {
                sink.accept(shardId, event.records(), receivedNanos);
            }
            synchronized (FanOutSubscriber.this) {
                if (event.continuationSequenceNumber() != null) {
                    continuation = event.continuationSequenceNumber();
                }
                retriesInARow = 0;
            }
            firstEvent.complete(null);
        }

        @Override
        public void onError(Throwable t) {
            // the call's future fails too: ended() handles it
        }

        @Override
        public void onComplete() {
            // the call's future completes too: ended() renews
        }
    }
}
