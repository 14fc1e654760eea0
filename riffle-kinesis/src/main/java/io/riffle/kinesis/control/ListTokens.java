package io.riffle.kinesis.control;

import io.riffle.kinesis.protocol.KinesisError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Pagination tokens: opaque to clients; carry what to continue after, what they page, and when they
 * were issued (Kinesis lets a NextToken live 300 seconds).
 */
final class ListTokens {
    static final long TTL_MS = 300_000;

    private ListTokens() {
    }

    static String encode(String after, String kind, long nowMs) {
        String text = kind + "\n" + nowMs + "\n" + after;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What a token of {@code kind} continues after, whatever its age; null when it is not one. For the
     * access check, which runs before {@link #decode} answers a bad token with its error.
     */
    static String peek(String token, String kind) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 3);
            return parts.length == 3 && parts[0].equals(kind) ? parts[2] : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What the token continues after; InvalidArgument or ExpiredNextToken when it cannot be used. */
    static String decode(String token, String kind, long nowMs) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 3);
        } catch (IllegalArgumentException e) {
            throw KinesisError.INVALID_ARGUMENT.exception("Invalid NextToken.");
        }
        if (parts.length != 3 || !parts[0].equals(kind)) {
            throw KinesisError.INVALID_ARGUMENT.exception("Invalid NextToken.");
        }
        long issued;
        try {
            issued = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw KinesisError.INVALID_ARGUMENT.exception("Invalid NextToken.");
        }
        if (nowMs - issued > TTL_MS) {
            throw KinesisError.EXPIRED_NEXT_TOKEN.exception("The timestamp data in the NextToken has expired.");
        }
        return parts[2];
    }
}
