package io.riffle.aws.wire;

/**
 * An error answered to the client as AWS does: its {@code __type} (the error shape's name), HTTP status and
 * message. {@code messageKey} is how the body spells the message ("message"; Coral's SerializationException
 * writes "Message"). Built at the protocol edge; hot paths return statuses instead.
 */
public class AwsServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;
    private final String messageKey;

    public AwsServiceException(String type, int status, String message) {
        this(type, status, message, "message");
    }

    public AwsServiceException(String type, int status, String message, String messageKey) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.messageKey = messageKey;
    }

    /** The error's {@code __type}, e.g. {@code ResourceNotFoundException}. */
    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String messageKey() {
        return messageKey;
    }
}
