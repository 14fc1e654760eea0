package io.riffle.bench.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** A failed SDK call in one line, for reports; the asynchronous client's wrappers taken off first. */
public final class SdkErrors {
    private SdkErrors() {
    }

    /** The exception an asynchronous call really failed with. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The service's error code and message, or the exception's class and first line. */
    public static String describe(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode() + " (HTTP " + ase.statusCode() + "): "
                    + ase.awsErrorDetails().errorMessage();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
