package io.riffle.aws.auth;

import io.riffle.aws.AccessNeeded;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.AwsService;
import io.riffle.aws.Caller;
import io.riffle.aws.CredentialScope;

/**
 * Decides who sent a request. Called once per request by the front door, after routing and before
 * the service; the {@link Caller} it returns travels with the request ({@link AwsRequest#caller()}).
 * Implementations are called on an event loop and must not block: one that needs I/O (a key store)
 * keeps what it needs in memory.
 */
@FunctionalInterface
public interface Authenticator {

    Authentication authenticate(AwsRequest request);

    /**
     * Who sent {@code request}, routed to {@code service}: the front door's call. A signature is
     * checked against the service's signing name and {@link AwsService#signingRules() rules}, and a
     * refusal is in the service's words. By default the service does not matter.
     */
    default Authentication authenticate(AwsRequest request, AwsService service) {
        return authenticate(request);
    }

    /**
     * Accepts any request, signed or not, as the account's root user: authentication is off. It
     * still reads the access key id from the request's SigV4 scope (header or presigned query), so
     * the caller says which key a client used. Signatures are not checked.
     */
    static Authenticator anyCredentials(String accountId) {
        return request -> Authentication.authenticated(Caller.accountRoot(accountId,
                CredentialScope.of(request).map(CredentialScope::accessKeyId).orElse("")));
    }

    /**
     * This authenticator, then the access a service asks the front door to check
     * ({@link AwsService#accessNeeded}): an authenticated caller the authorizer denies is refused
     * with the denial, in the service's protocol, and audited as refused like any refusal.
     */
    default Authenticator thenAuthorizing(Authorizer authorizer) {
        Authenticator authenticating = this;
        return new Authenticator() {
            @Override
            public Authentication authenticate(AwsRequest request) {
                return authenticating.authenticate(request);
            }

            @Override
            public Authentication authenticate(AwsRequest request, AwsService service) {
                Authentication found = authenticating.authenticate(request, service);
                if (found instanceof Authentication.Authenticated authenticated) {
                    AwsRequest sent = request.withCaller(authenticated.caller());
                    java.util.Optional<AccessNeeded> needed = service.accessNeeded(sent);
                    if (needed.isPresent()) {
                        java.util.Optional<io.riffle.aws.AuthFailure> denied = authorizer.authorize(
                                authenticated.caller(), needed.get().action(), needed.get().resource(),
                                Authorizer.requestKeys(sent, java.time.Instant.now()));
                        if (denied.isPresent()) {
                            return Authentication.refused(denied.get());
                        }
                    }
                }
                return found;
            }
        };
    }
}
