package io.riffle.aws.eventstream;

/** Thrown when bytes are not a well-formed event-stream message (bad length, CRC or header). */
public final class EventStreamFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventStreamFormatException(String message) {
        super(message);
    }
}
