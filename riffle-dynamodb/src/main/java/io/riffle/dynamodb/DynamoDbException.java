package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.aws.wire.AwsServiceException;

/**
 * An error DynamoDB answers: {@code __type} is the error shape qualified by DynamoDB's namespace
 * ({@code com.amazonaws.dynamodb.v20120810#ResourceNotFoundException}) or Coral's for the protocol's own
 * errors ({@code com.amazon.coral.validate#ValidationException}, {@code com.amazon.coral.service#SerializationException}). {@code extra} carries fields some
 * errors add to the body (ConditionalCheckFailedException's {@code Item}, TransactionCanceledException's
 * {@code CancellationReasons}).
 */
public final class DynamoDbException extends AwsServiceException {
    private static final long serialVersionUID = 1L;
    static final String NAMESPACE = "com.amazonaws.dynamodb.v20120810#";
    static final String CORAL = "com.amazon.coral.service#";
    static final String CORAL_VALIDATE = "com.amazon.coral.validate#";

    private final transient ObjectNode extra;

    private DynamoDbException(String type, int status, String message, ObjectNode extra) {
        this(type, status, message, "message", extra);
    }

    private DynamoDbException(String type, int status, String message, String messageKey, ObjectNode extra) {
        super(type, status, message, messageKey);
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
                oldItem == null ? null : ItemOperations.NODES.objectNode().set("Item", oldItem));
    }

    /**
     * A transaction cancelled: one reason per item, in request order ({@code {"Code": "None"}} for those that did not
     * cancel it), named in the message as DynamoDB does ("... specific reasons [None, ConditionalCheckFailed]").
     */
    public static DynamoDbException transactionCanceled(com.fasterxml.jackson.databind.node.ArrayNode reasons) {
        java.util.List<String> codes = new java.util.ArrayList<>();
        reasons.forEach(reason -> codes.add(reason.get("Code").asText()));
        return new DynamoDbException(NAMESPACE + "TransactionCanceledException", 400, "Transaction cancelled, please "
                + "refer cancellation reasons for specific reasons [" + String.join(", ", codes) + "]", "Message",
                ItemOperations.NODES.objectNode().set("CancellationReasons", reasons));
    }

    /** A ClientRequestToken used again within its 10 minutes for another request (the model's wording). */
    public static DynamoDbException idempotentParameterMismatch() {
        return new DynamoDbException(NAMESPACE + "IdempotentParameterMismatchException", 400, "DynamoDB rejected the "
                + "request because you retried a request with a different payload but with an idempotent token that was "
                + "already used.", "Message", null);
    }

    public static DynamoDbException internal(String message) {
        return new DynamoDbException(NAMESPACE + "InternalServerError", 500, message, null);
    }
}
