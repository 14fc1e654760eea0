package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One Kinesis operation. The request arrives decoded and validated against the service model:
 * blob members are binary nodes (already base64-decoded for JSON), timestamp members are numbers
 * of epoch milliseconds. The response uses the same conventions; the codec writes it in the
 * request's wire format. Failures complete the future with a {@link KinesisException}.
 * Must not block: it is called on an event loop.
 */
@FunctionalInterface
public interface Operation {
    CompletableFuture<ObjectNode> invoke(ObjectNode request);

    /** An operation that answers at once, on the caller's thread; what it throws fails the future. */
    static Operation immediate(Function<ObjectNode, ObjectNode> answer) {
        return request -> {
            try {
                return CompletableFuture.completedFuture(answer.apply(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
