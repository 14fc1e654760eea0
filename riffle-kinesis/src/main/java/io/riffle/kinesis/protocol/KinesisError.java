package io.riffle.kinesis.protocol;

/**
 * The error table: every error Riffle answers, with the {@code __type} and HTTP status Kinesis
 * uses for it. The SDKs turn {@code __type} into their exception classes and decide retries from
 * it and the status (5xx and throttling are retried), so these must match Kinesis exactly.
 */
public enum KinesisError {
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    RESOURCE_IN_USE("ResourceInUseException", 400),
    INVALID_ARGUMENT("InvalidArgumentException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400),
    EXPIRED_ITERATOR("ExpiredIteratorException", 400),
    EXPIRED_NEXT_TOKEN("ExpiredNextTokenException", 400),
    ACCESS_DENIED("AccessDeniedException", 400),
    VALIDATION("ValidationException", 400),
    SERIALIZATION("SerializationException", 400),
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
    /** The access key id (or session token) is not one the server knows. */
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
    /** The signature, its scope or its time does not match. */
    INVALID_SIGNATURE("InvalidSignatureException", 400),
    EXPIRED_TOKEN("ExpiredTokenException", 400),
    /** An operation of the model that this Riffle version does not implement yet (never retried). */
    NOT_IMPLEMENTED("UnsupportedOperationException", 400),
    INTERNAL_FAILURE("InternalFailure", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503);

    private final String type;
    private final int status;

    KinesisError(String type, int status) {
        this.type = type;
        this.status = status;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public KinesisException exception(String message) {
        return new KinesisException(this, message);
    }

    /** The error whose {@code __type} is {@code type}, or null. */
    public static KinesisError ofType(String type) {
        for (KinesisError error : values()) {
            if (error.type.equals(type)) {
                return error;
            }
        }
        return null;
    }
}
