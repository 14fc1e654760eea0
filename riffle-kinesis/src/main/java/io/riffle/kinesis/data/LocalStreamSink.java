package io.riffle.kinesis.data;

import io.riffle.aws.wire.Blob;
import io.riffle.kinesis.api.PutRecordInput;
import io.riffle.kinesis.api.PutRecordOutput;
import io.riffle.kinesis.source.StreamSink;
import java.util.concurrent.CompletableFuture;

/** {@link StreamSink} over this node's PutRecord. */
public final class LocalStreamSink implements StreamSink {
    private final DataOperations data;

    public LocalStreamSink(DataOperations data) {
        this.data = data;
    }

    @Override
    public CompletableFuture<String> put(String streamArn, String partitionKey, byte[] bytes) {
        return data.putRecordFromNode(PutRecordInput.builder().streamARN(streamArn).partitionKey(partitionKey)
                .data(Blob.wrap(bytes)).build()).thenApply(PutRecordOutput::sequenceNumber);
    }
}
