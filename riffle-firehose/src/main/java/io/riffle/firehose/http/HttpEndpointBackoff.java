package io.riffle.firehose.http;

import java.util.random.RandomGenerator;

/**
 * The wait before attempt {@code n + 1} of an HTTP endpoint request: 1 s doubling up to 120 s, with jitter (a
 * uniform draw from the upper half of the step, so retries of many streams spread out but never come early), and
 * never past what is left of RetryDuration. Pure: the caller passes the random source.
 */
public final class HttpEndpointBackoff {
    static final long FIRST_MS = 1_000;
    static final long MAX_MS = 120_000;

    private HttpEndpointBackoff() {
    }

    /**
     * @param failedAttempts attempts made so far (1 after the first failure)
     * @param leftMs         what is left of RetryDuration (0 or less: no retry)
     * @return the wait in milliseconds, or -1 when RetryDuration is spent
     */
    public static long delayMs(int failedAttempts, long leftMs, RandomGenerator random) {
        if (leftMs <= 0) {
            return -1;
        }
        long step = FIRST_MS << Math.min(failedAttempts - 1, 20);
        step = Math.min(MAX_MS, step);
        long jittered = step / 2 + random.nextLong(step / 2 + 1);
        return Math.min(jittered, leftMs);
    }
}
