package io.riffle.triggers;

import io.riffle.aws.wire.AwsServiceException;

/**
 * Lambda's answers to event-source-mapping calls that fail, in one place: type ({@code x-amzn-ErrorType}), status
 * and message. The texts of the not-found and conflict answers are Lambda's (as its SDK users quote them); the
 * texts of the refusals of options Riffle does not build yet are Riffle's.
 */
public final class LambdaErrors {

    private LambdaErrors() {
    }

    /** A UUID that names no mapping. */
    public static AwsServiceException mappingNotFound() {
        return new AwsServiceException("ResourceNotFoundException", 404, "The resource you requested does not exist.");
    }

    /** A function no setting resolves (function.NAME.url, lambda-endpoint). */
    public static AwsServiceException functionNotFound(String functionArn) {
        return new AwsServiceException("ResourceNotFoundException", 404, "Function not found: " + functionArn);
    }

    /** A second mapping of the same stream to the same function. */
    public static AwsServiceException duplicate(String eventSourceArn, String functionName, String existingUuid) {
        return new AwsServiceException("ResourceConflictException", 409, "The event source arn (\" " + eventSourceArn
                + " \") and function (\" " + functionName + " \") provided mapping already exists. Please update or "
                + "delete the existing mapping with UUID " + existingUuid);
    }

    /** A parameter Lambda refuses for a Kinesis mapping (the model's constraints aside: those are ValidationException). */
    public static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException("InvalidParameterValueException", 400, message);
    }

    /** The durable state could not be changed (storage refused): Lambda's 500, which SDKs retry. */
    public static AwsServiceException serviceException(String message) {
        return new AwsServiceException("ServiceException", 500, message);
    }
}
