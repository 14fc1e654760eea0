package io.riffle.aws.auth;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.Caller;
import java.util.Optional;

/**
 * Decides whether a caller may perform an action (an IAM action name such as
 * {@code kinesis:PutRecord}) on a resource (an ARN). Services ask it for each action they perform.
 */
@FunctionalInterface
public interface Authorizer {

    /** Empty when {@code caller} may perform {@code action} on {@code resourceArn}, else why not. */
    Optional<AuthFailure> authorize(Caller caller, String action, String resourceArn);

    /** Allows everything: no policies are evaluated yet. */
    static Authorizer allowAll() {
        return (caller, action, resourceArn) -> Optional.empty();
    }
}
