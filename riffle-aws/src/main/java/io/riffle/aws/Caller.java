package io.riffle.aws;

import java.util.Objects;

/**
 * Who sent a request, as {@link io.riffle.aws.auth.Authenticator} established it (here, beside the
 * request that carries it, so that {@code auth} depends on this package and not the reverse): the account, the principal's ARN and
 * unique id (what STS GetCallerIdentity answers), and the access key id the request was signed with
 * (empty when it named none), and for temporary credentials issued with one, the session policy (JSON)
 * that narrows what the principal's own policies allow (null when there is none).
 */
public record Caller(String accountId, String arn, String userId, String accessKeyId, String sessionPolicy) {

    /** A caller without a session policy. */
    public Caller(String accountId, String arn, String userId, String accessKeyId) {
        this(accountId, arn, userId, accessKeyId, null);
    }

    public Caller {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
    }

    /** The account's root user, signed with {@code accessKeyId} (empty when the request named no key). */
    public static Caller accountRoot(String accountId, String accessKeyId) {
        return new Caller(accountId, "arn:aws:iam::" + accountId + ":root", accountId, accessKeyId);
    }

    public boolean hasAccessKey() {
        return !accessKeyId.isEmpty();
    }
}
