package io.riffle.kinesis.protocol;

/**
 * A failure to report to the client exactly as Kinesis does: {@code __type}, HTTP status and
 * message. Built at the protocol edge from the error table ({@link KinesisError}); no stack
 * trace, it is an answer, not a bug.
 */
public final class KinesisException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final KinesisError error;

    public KinesisException(KinesisError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public KinesisError error() {
        return error;
    }

    public String type() {
        return error.type();
    }

    public int status() {
        return error.status();
    }
}
