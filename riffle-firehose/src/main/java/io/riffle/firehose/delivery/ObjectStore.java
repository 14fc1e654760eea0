package io.riffle.firehose.delivery;

import java.io.IOException;

/**
 * Where delivered objects go: the embedded folder ({@link FolderObjectStore}) or any S3-compatible
 * store ({@link S3ObjectStore}). {@link #put} returns once the object is durable in the store (then the
 * delivery checkpoint may move); writing the same key again replaces it with the same bytes, which is
 * how a retry after a crash stays exactly-once. Blocking: called on the delivery thread only.
 */
public interface ObjectStore extends AutoCloseable {

    void put(String bucket, String key, byte[] bytes, String contentEncoding) throws IOException;

    /** What the store is, for logs: "the folder X", "S3 at URL". */
    String describe();

    @Override
    default void close() {
    }
}
