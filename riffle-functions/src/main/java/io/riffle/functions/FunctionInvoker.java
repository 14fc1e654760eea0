package io.riffle.functions;

import java.util.concurrent.CompletableFuture;

/**
 * Invokes functions by name (or ARN) with a JSON payload, synchronously in Lambda's sense (RequestResponse): the
 * future completes with the function's answer. Failures are values ({@link InvokeResult.Status}), not exceptional
 * completions: the caller (a trigger's poller, a Firehose transform) decides to retry, bisect or give up from the
 * status. The future completes on an invoker thread: do not block in its continuations.
 *
 * <p>Thread-safe. Closing it fails the invocations waiting for a concurrency slot with {@code UNAVAILABLE}.
 */
public interface FunctionInvoker extends AutoCloseable {

    /**
     * Whether a setting resolves {@code function} (a name, {@code name:qualifier}, a partial ARN
     * {@code 123456789012:function:name} or a full ARN) to an endpoint; an unresolvable function is Lambda's
     * ResourceNotFoundException where a mapping names it.
     */
    boolean isResolvable(String function);

    /**
     * Invokes {@code function} with {@code payload} (a JSON document, at most {@link InvokerSettings#maxPayloadBytes}).
     * Waits for a concurrency slot of the function first when its limit is reached (queued, not refused).
     */
    CompletableFuture<InvokeResult> invoke(String function, byte[] payload);

    @Override
    void close();
}
