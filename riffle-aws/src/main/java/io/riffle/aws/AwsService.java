package io.riffle.aws;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One AWS service on the front door (Kinesis, STS, ...): its name (the SigV4 signing name, such as
 * {@code kinesis}), the routes that bring requests to it, and how it serves one. {@link #serve} is
 * called on the request's event loop with an authenticated request; it must not block: work that
 * waits (storage, long polls) runs elsewhere and completes the future.
 */
public interface AwsService {

    /** The service's SigV4 signing name, e.g. {@code kinesis} or {@code sts}. */
    String name();

    List<ServiceRoute> routes();

    CompletableFuture<AwsAnswer> serve(AwsRequest request);

    /** How this service takes SigV4: its authentication errors' words and its clock-skew window. */
    default SigningRules signingRules() {
        return SigningRules.JSON_5_MINUTES;
    }

    /**
     * Whether the service answers an authentication refusal itself, at its own point of its order
     * of checks: the front door then hands it a refused request too, with
     * {@link AwsRequest#authRefusal()} set and no caller, and the service must answer that refusal
     * (Kinesis answers a body that is not an object, or an unknown operation, before an
     * authentication error). By default the front door answers refusals and the service sees only
     * authenticated requests.
     */
    default boolean answersAuthRefusals() {
        return false;
    }

    /**
     * Whether calls of {@code operation} are data events (CloudTrail's word: reads and writes of a
     * resource's content, audited only when asked for), not management events (always audited).
     */
    default boolean isDataEvent(String operation) {
        return false;
    }

    /**
     * What {@code request} (authenticated) needs to be allowed, checked by the front door with the
     * server's authorizer before {@link #serve}: empty when the service checks access itself (Kinesis,
     * IAM) or the request needs no permission. A denied request is answered with the authorizer's
     * {@code AccessDeniedException} and audited as refused.
     */
    default java.util.Optional<AccessNeeded> accessNeeded(AwsRequest request) {
        return java.util.Optional.empty();
    }
}
