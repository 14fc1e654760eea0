package io.riffle.kinesis.protocol;

import java.util.concurrent.CompletableFuture;

/**
 * The seam between the HTTP layer and the Kinesis protocol: decode, validate, run the operation,
 * encode the answer or the error. Never completes exceptionally: every failure is an answer.
 * Called on a Netty event loop, so it must not block.
 */
public interface ApiDispatcher {
    CompletableFuture<ApiAnswer> dispatch(ApiCall call);
}
