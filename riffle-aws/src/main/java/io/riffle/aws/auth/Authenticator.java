package io.riffle.aws.auth;

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
}
