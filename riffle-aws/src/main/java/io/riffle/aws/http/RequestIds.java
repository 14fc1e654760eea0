package io.riffle.aws.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids ({@code x-amzn-RequestId}): random version-4 UUIDs, as Kinesis sends. Drawn from
 * {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}, whose shared SecureRandom is a
 * lock every event loop would take once per request; an id must be unique, not unguessable.
 */
final class RequestIds {

    private static final long VERSION_MASK = 0xF000L;
    private static final long VERSION_4 = 0x4000L;
    private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;
    private static final long VARIANT_IETF = 0x8000_0000_0000_0000L;

    private RequestIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (random.nextLong() & ~VERSION_MASK) | VERSION_4;
        long leastSignificant = (random.nextLong() & ~VARIANT_MASK) | VARIANT_IETF;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
