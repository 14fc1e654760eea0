package io.riffle.functions;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The outcome of one invocation.
 *
 * @param status what happened, in the terms a caller acts on
 * @param httpStatus the invoke endpoint's HTTP status (0 when no answer came: refused before sending, connection
 *     failed, timed out)
 * @param functionError the {@code X-Amz-Function-Error} header ({@code Unhandled}, {@code Handled}) of a
 *     {@link Status#FUNCTION_ERROR}, else null
 * @param payload the answer's body (the function's response, or Lambda's error document); empty when none
 * @param detail a short human-readable reason for anything but success (for logs and failure records), else ""
 */
public record InvokeResult(Status status, int httpStatus, String functionError, byte[] payload, String detail) {

    /** What an invocation came to. */
    public enum Status {
        /** 200 without {@code X-Amz-Function-Error}: the function ran and answered {@link #payload}. */
        SUCCESS,
        /** The function ran and failed (200 with {@code X-Amz-Function-Error}), or its answer was too large. */
        FUNCTION_ERROR,
        /**
         * The function could not be reached or run now: connection refused or reset, timeout, HTTP 429 or 5xx.
         * Retrying later may succeed; Lambda's mappings do not count these as the function's failures.
         */
        UNAVAILABLE,
        /** The endpoint refused the request itself (a 4xx other than 429, or a payload over the limit, 413). */
        REJECTED,
        /** No setting resolves the function to an endpoint. */
        UNRESOLVED
    }

    public InvokeResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(detail, "detail");
    }

    static InvokeResult failure(Status status, int httpStatus, String detail) {
        return new InvokeResult(status, httpStatus, null, new byte[0], detail);
    }

    public boolean isSuccess() {
        return status == Status.SUCCESS;
    }

    /** The payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "InvokeResult[" + status + ", http " + httpStatus + (functionError != null ? ", " + functionError : "")
                + ", " + payload.length + " bytes" + (detail.isEmpty() ? "" : ", " + detail) + "]";
    }
}
