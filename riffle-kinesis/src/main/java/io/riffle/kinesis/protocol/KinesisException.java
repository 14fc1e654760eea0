package io.riffle.kinesis.protocol;

import io.riffle.aws.wire.AwsServiceException;

/**
 * A failure to report to the client exactly as Kinesis does: {@code __type}, HTTP status and
 * message. Built at the protocol edge from the error table ({@link KinesisError}); no stack
 * trace, it is an answer, not a bug. SerializationException spells its message key {@code Message}.
 */
public final class KinesisException extends AwsServiceException {
    private static final long serialVersionUID = 1L;
    private final KinesisError error;

    public KinesisException(KinesisError error, String message) {
        super(error.type(), error.status(), message, error == KinesisError.SERIALIZATION ? "Message" : "message");
        this.error = error;
    }

    public KinesisError error() {
        return error;
    }
}
