package io.riffle.aws.auth;

import io.riffle.aws.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * An access key a request may be signed with: its id, its secret (SigV4 needs the plaintext to
 * verify), the principal it acts for and, for temporary credentials, the session token a request
 * must carry ({@code X-Amz-Security-Token}) and when they expire. Long-term keys (the account
 * root's, later users') have neither.
 */
public record AccessKey(String accessKeyId, String secretAccessKey, Caller principal, String sessionToken,
                        Instant expiresAt) {

    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(principal, "principal");
    }

    /** A long-term key of {@code principal}. */
    public static AccessKey longTerm(String accessKeyId, String secretAccessKey, Caller principal) {
        return new AccessKey(accessKeyId, secretAccessKey, principal, null, null);
    }

    /** The account's root key. */
    public static AccessKey accountRoot(String accountId, String accessKeyId, String secretAccessKey) {
        return longTerm(accessKeyId, secretAccessKey, Caller.accountRoot(accountId, accessKeyId));
    }

    public boolean isTemporary() {
        return sessionToken != null;
    }

    /** Whether temporary credentials have expired at {@code now}; long-term keys never do. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + " of " + principal.arn() + (isTemporary() ? ", temporary" : "") + "]";
    }
}
