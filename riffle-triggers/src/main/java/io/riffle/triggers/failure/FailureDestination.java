package io.riffle.triggers.failure;

import java.io.IOException;

/**
 * Where invocation records of discarded batches are kept: an object per record in a bucket, as Lambda writes them to
 * an S3 on-failure destination. Called on the pollers' thread.
 */
@FunctionalInterface
public interface FailureDestination {
    void put(String bucket, String key, byte[] body) throws IOException;
}
