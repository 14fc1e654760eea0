package io.riffle.aws;

import java.util.List;
import java.util.Objects;

/**
 * Who sent a request, as {@link io.riffle.aws.auth.Authenticator} established it (here, beside the
 * request that carries it, so that {@code auth} depends on this package and not the reverse): the account, the principal's ARN and
 * unique id (what STS GetCallerIdentity answers), and the access key id the request was signed with
 * (empty when it named none), and for temporary credentials, what their session token holds (null for
 * long-term keys).
 */
public record Caller(String accountId, String arn, String userId, String accessKeyId, SessionContext session) {

    /** A caller signing with a long-term key (or none). */
    public Caller(String accountId, String arn, String userId, String accessKeyId) {
        this(accountId, arn, userId, accessKeyId, null);
    }

    /** The inline session policy that narrows what the caller's own policies allow, or null when there is none. */
    public String sessionPolicy() {
        return session == null ? null : session.sessionPolicy();
    }

    /** The managed session policies (by ARN) that narrow what the caller's own policies allow; empty for none. */
    public List<String> sessionPolicyArns() {
        return session == null ? List.of() : session.sessionPolicyArns();
    }

    /** The session tags the caller's credentials carry ({@code aws:PrincipalTag/...}); none for long-term keys. */
    public SessionTags sessionTags() {
        return session == null ? SessionTags.NONE : session.tags();
    }

    /** Whether session policies (inline or managed) narrow what the caller's own policies allow. */
    public boolean hasSessionPolicies() {
        return session != null && session.hasSessionPolicies();
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
