package io.riffle.kinesis.protocol;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One Kinesis operation over the generated request and response records ({@code io.riffle.kinesis.api}).
 * The request arrives decoded once and validated against the model (blobs are {@code Blob} views of the
 * decoded bytes, timestamps {@code Instant}s, enums as their wire text); the response is encoded in the
 * request's wire format. An operation without output ({@code Void}) completes with null. Failures complete
 * the future with a {@link KinesisException}. Must not block: it is called on an event loop.
 */
@FunctionalInterface
public interface Operation<I, O> {
    CompletableFuture<O> invoke(I request);

    /** An operation that answers at once, on the caller's thread; what it throws fails the future. */
    static <I, O> Operation<I, O> immediate(Function<I, O> answer) {
        return request -> {
            try {
                return CompletableFuture.completedFuture(answer.apply(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /** Runs {@code body}; what it throws fails the future instead of escaping. */
    static <O> CompletableFuture<O> guarded(java.util.function.Supplier<CompletableFuture<O>> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
