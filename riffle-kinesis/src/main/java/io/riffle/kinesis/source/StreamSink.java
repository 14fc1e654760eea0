package io.riffle.kinesis.source;

import java.util.concurrent.CompletableFuture;

/**
 * Writing a record into a stream from inside the node, as PutRecord does (the same checks, routing, throughput limits
 * and metrics, without HTTP or credentials): what a service that produces into streams needs, such as a stream
 * trigger writing the invocation record of a discarded batch. Thread-safe.
 */
public interface StreamSink {

    /**
     * Puts one record into the stream {@code streamArn} names; the future gives its sequence number, or fails with the
     * error PutRecord would answer (the stream not found, its shard's write limit exceeded, the record too large).
     */
    CompletableFuture<String> put(String streamArn, String partitionKey, byte[] data);
}
