package io.riffle.firehose.control;

import io.riffle.aws.wire.AwsServiceException;

/**
 * Firehose's errors and their texts, in one place: each method returns the exception the protocol edge
 * answers ({@code __type}, status, message); no operation builds one itself.
 */
public final class FirehoseErrors {
    private FirehoseErrors() {
    }

    public static AwsServiceException notFound(String name, String account) {
        return new AwsServiceException("ResourceNotFoundException", 400,
                "Firehose " + name + " under account " + account + " not found.");
    }

    public static AwsServiceException alreadyExists(String name, String account) {
        return new AwsServiceException("ResourceInUseException", 400,
                "Firehose " + name + " under account " + account + " already exists.");
    }

    public static AwsServiceException notActive(String name, String account, String status) {
        return new AwsServiceException("ResourceInUseException", 400,
                "Firehose " + name + " under account " + account + " is not ACTIVE: its status is " + status + ".");
    }

    public static AwsServiceException invalidArgument(String message) {
        return new AwsServiceException("InvalidArgumentException", 400, message);
    }

    public static AwsServiceException limitExceeded(String message) {
        return new AwsServiceException("LimitExceededException", 400, message);
    }

    public static AwsServiceException concurrentModification(String message) {
        return new AwsServiceException("ConcurrentModificationException", 400, message);
    }

    /** A temporary failure every SDK retries: a full disk, a busy store, throttling ("Slow down."). */
    public static AwsServiceException serviceUnavailable(String message) {
        return new AwsServiceException("ServiceUnavailableException", 503, message);
    }

    public static AwsServiceException notPermittedOnKinesisSource() {
        return invalidArgument("This operation is not permitted on KinesisStreamAsSource delivery stream type.");
    }
}
