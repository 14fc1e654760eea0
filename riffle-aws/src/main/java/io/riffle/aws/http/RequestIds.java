package io.riffle.aws.http;

import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids ({@code x-amzn-RequestId}): random version-4 UUIDs, as Kinesis sends. Drawn from
 * {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}, whose shared SecureRandom is a
 * lock every event loop would take once per request; an id must be unique, not unguessable.
 *
 * <p>Kinesis also sends {@code x-amz-id-2} (AWS's extended request id) on every answer: 72 random bytes
 * in standard base64, 96 characters (the size kinesalite recorded from Kinesis).
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

    static final int EXTENDED_ID_BYTES = 72;

    /** A value for {@code x-amz-id-2}. */
    static String nextExtended() {
        byte[] bytes = new byte[EXTENDED_ID_BYTES];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
