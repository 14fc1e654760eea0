package io.riffle.kinesis.data;

import io.riffle.aws.wire.Blob;
import io.riffle.storage.RecordPayload;
import java.nio.ByteBuffer;

/**
 * A request's Data blob as storage's payload: the batch encode on the shard's owner thread copies it straight
 * from the request body (a CBOR byte string) or decodes it there (a JSON base64 string), so the batch is the
 * payload's first copy in user space after the body. One object per record, and no buffer views.
 */
record BlobPayload(Blob blob) implements RecordPayload {
    static final RecordPayload EMPTY = RecordPayload.of(ByteBuffer.allocate(0));

    /** The blob as a payload; a missing blob (validation lets none through, but a null is no payload) is empty. */
    static RecordPayload of(Blob blob) {
        return blob == null ? EMPTY : new BlobPayload(blob);
    }

    @Override
    public int sizeBytes() {
        return blob.length();
    }

    @Override
    public void copyTo(ByteBuffer target) {
        blob.copyTo(target);
    }
}
