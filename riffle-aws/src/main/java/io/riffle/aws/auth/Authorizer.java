package io.riffle.aws.auth;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.policy.ConditionKeys;
import io.riffle.aws.policy.PolicyDocument;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a caller may perform an action (an IAM action name such as
 * {@code kinesis:PutRecord}) on a resource (an ARN, {@code *} when the action names none). Services
 * ask it once per request, after validation, with the request's condition keys
 * ({@link #requestKeys}, plus their own such as {@code aws:RequestTag/*}); the implementation adds
 * the caller's ({@code aws:PrincipalArn}, {@code aws:username}). Called on event loops: answers from
 * memory.
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Empty when {@code caller} may perform {@code action} on {@code resourceArn}, else the
     * denial: {@code AccessDeniedException} (400, as Kinesis answers it) with AWS's text; a query
     * service answers its {@code AccessDenied} (403) with the same message.
     */
    Optional<AuthFailure> authorize(Caller caller, String action, String resourceArn, Map<String, List<String>> keys);

    /**
     * {@link #authorize(Caller, String, String, Map)} for a resource with its own policies (a Kinesis
     * stream's or consumer's resource policy), which may allow the caller too. By default they are
     * not read (allowAll needs none).
     */
    default Optional<AuthFailure> authorize(Caller caller, String action, String resourceArn,
                                            Map<String, List<String>> keys, List<PolicyDocument> resourcePolicies) {
        return authorize(caller, action, resourceArn, keys);
    }

    /** Allows everything: authentication is off (auth=none), or policies are not evaluated. */
    static Authorizer allowAll() {
        return (caller, action, resourceArn, keys) -> Optional.empty();
    }

    /** The global condition keys of {@code request}: aws:SourceIp, aws:SecureTransport, aws:CurrentTime, aws:EpochTime. */
    static Map<String, List<String>> requestKeys(AwsRequest request, Instant now) {
        Map<String, List<String>> keys = new HashMap<>();
        if (request.origin().sourceIp() != null) {
            keys.put(ConditionKeys.SOURCE_IP, List.of(request.origin().sourceIp()));
        }
        keys.put(ConditionKeys.SECURE_TRANSPORT, List.of(Boolean.toString(request.origin().isSecureTransport())));
        keys.put(ConditionKeys.CURRENT_TIME, List.of(now.toString()));
        keys.put(ConditionKeys.EPOCH_TIME, List.of(Long.toString(now.getEpochSecond())));
        return keys;
    }
}
