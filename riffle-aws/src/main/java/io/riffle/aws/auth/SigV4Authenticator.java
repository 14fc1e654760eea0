package io.riffle.aws.auth;

import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.CredentialScope;
import io.riffle.aws.SigningRules;
import java.time.InstantSource;

/**
 * Authentication on: every request must carry a valid SigV4 signature (header or presigned query)
 * by a key of the {@link CredentialStore}, scoped to the service it is routed to and the server's region; the
 * caller is the key's principal. See {@link SigV4Verifier} for the checks and their order.
 */
public final class SigV4Authenticator implements Authenticator {
    private final SigV4Verifier verifier;

    /** Signatures scoped to {@code region}, the server's (a service's rules may name another: IAM's us-east-1). */
    public SigV4Authenticator(CredentialStore credentials, InstantSource clock, String region) {
        this.verifier = new SigV4Verifier(credentials, clock, region);
    }

    @Override
    public Authentication authenticate(AwsRequest request, AwsService service) {
        return verifier.verify(request, service.name(), service.signingRules());
    }

    /** Without a service: the signature is checked against the service its own scope names, JSON rules. */
    @Override
    public Authentication authenticate(AwsRequest request) {
        String service = CredentialScope.of(request).map(CredentialScope::service).orElse("");
        return verifier.verify(request, service, SigningRules.JSON_5_MINUTES);
    }
}
