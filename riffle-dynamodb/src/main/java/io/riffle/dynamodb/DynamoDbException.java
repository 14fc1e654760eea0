package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.aws.wire.AwsServiceException;

/**
 * An error DynamoDB answers: {@code __type} is the error shape qualified by DynamoDB's namespace
 * ({@code com.amazonaws.dynamodb.v20120810#ResourceNotFoundException}) or Coral's for the protocol's own
 * errors ({@code com.amazon.coral.validate#ValidationException}, {@code com.amazon.coral.service#SerializationException}). {@code extra} carries fields some
 * errors add to the body (ConditionalCheckFailedException's {@code Item}).
 */
public final class DynamoDbException extends AwsServiceException {
    private static final long serialVersionUID = 1L;
    static final String NAMESPACE = "com.amazonaws.dynamodb.v20120810#";
    static final String CORAL = "com.amazon.coral.service#";
    static final String CORAL_VALIDATE = "com.amazon.coral.validate#";

    private final transient ObjectNode extra;

    private DynamoDbException(String type, int status, String message, ObjectNode extra) {
        super(type, status, message);
        this.extra = extra;
    }

    public ObjectNode extra() {
        return extra;
    }

    public static DynamoDbException validation(String message) {
        return new DynamoDbException(CORAL_VALIDATE + "ValidationException", 400, message, null);
    }

    public static DynamoDbException serialization(String message) {
        return new DynamoDbException(CORAL + "SerializationException", 400, message, null);
    }

    public static DynamoDbException unknownOperation() {
        return new DynamoDbException(CORAL + "UnknownOperationException", 400, null, null);
    }

    public static DynamoDbException resourceNotFound(String message) {
        return new DynamoDbException(NAMESPACE + "ResourceNotFoundException", 400, message, null);
    }

    public static DynamoDbException resourceInUse(String message) {
        return new DynamoDbException(NAMESPACE + "ResourceInUseException", 400, message, null);
    }

    public static DynamoDbException limitExceeded(String message) {
        return new DynamoDbException(NAMESPACE + "LimitExceededException", 400, message, null);
    }

    /** A failed condition; {@code oldItem} (null: none) is returned when the request asked ALL_OLD on failure. */
    public static DynamoDbException conditionalCheckFailed(ObjectNode oldItem) {
        return new DynamoDbException(NAMESPACE + "ConditionalCheckFailedException", 400, "The conditional request failed",
                oldItem);
    }

    public static DynamoDbException internal(String message) {
        return new DynamoDbException(NAMESPACE + "InternalServerError", 500, message, null);
    }
}
