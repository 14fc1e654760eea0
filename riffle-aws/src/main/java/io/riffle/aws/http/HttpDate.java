package io.riffle.aws.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header every answer carries, as AWS's do (the SDKs correct their clock skew
 * from it after a "Signature expired" error). Formatted once per second, not per answer.
 *
 * <p>Thread-safe: any event loop may read it; a stale second is replaced by whoever sees it first.
 */
final class HttpDate {
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private record Formatted(long epochSecond, String text) {
    }

    private static volatile Formatted last = new Formatted(-1, "");

    private HttpDate() {
    }

    /** Now, as an HTTP date ({@code Fri, 4 Dec 2026 06:45:00 GMT}). */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Formatted formatted = last;
        if (formatted.epochSecond() != second) {
            formatted = new Formatted(second, RFC_1123.format(Instant.ofEpochSecond(second)));
            last = formatted;
        }
        return formatted.text();
    }
}
