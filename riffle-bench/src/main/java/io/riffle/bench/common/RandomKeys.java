package io.riffle.bench.common;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** The load generators' partition keys: 16 hex digits of a random long, the same for every system driven. */
public final class RandomKeys {
    public static final int CHARS = 16;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private RandomKeys() {
    }

    /** A new key as ASCII bytes (Kafka's record key). */
    public static byte[] nextBytes(SplittableRandom random) {
        long bits = random.nextLong();
        byte[] key = new byte[CHARS];
        for (int i = 0; i < CHARS; i++) {
            key[i] = HEX[(int) (bits >>> (60 - 4 * i)) & 0xF];
        }
        return key;
    }

    /** A new key as text (Kinesis' PartitionKey). */
    public static String next(SplittableRandom random) {
        return new String(nextBytes(random), StandardCharsets.US_ASCII);
    }
}
