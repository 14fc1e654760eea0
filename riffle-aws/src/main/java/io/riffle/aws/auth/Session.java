package io.riffle.aws.auth;

import io.riffle.aws.Caller;
import io.riffle.aws.SessionTags;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a set of temporary credentials stands for, sealed inside their session token
 * ({@link SessionTokens}): how they were obtained, who they act as, whose policies apply, which key
 * asked for them, when they were issued and expire, and the session policies that narrow them.
 *
 * @param principal         who the credentials act as (what GetCallerIdentity answers): the root or user for
 *                          GetSessionToken, the assumed-role session for AssumeRole; its access key id is the
 *                          temporary key's
 * @param sourceArn         the identity whose policies apply: the user, the role, or the root
 * @param issuerAccessKeyId the key the issuing request was signed with; a session whose long-term issuer key is
 *                          gone (rotated, deleted) stops working
 * @param sessionPolicy     the JSON policy passed to AssumeRole, or null
 * @param sessionPolicyArns the managed policies passed to AssumeRole (PolicyArns), by ARN: their current text
 *                          applies whenever the session is authorized, as AWS does
 * @param tags              the session tags (AssumeRole's Tags and the transitive ones it inherited)
 */
public record Session(Kind kind, Caller principal, String sourceArn, String issuerAccessKeyId, Instant issuedAt,
                      Instant expiresAt, String sessionPolicy, List<String> sessionPolicyArns,
                      SessionTags tags) {

    /** The STS call that issued the credentials. */
    public enum Kind {
        GET_SESSION_TOKEN, ASSUMED_ROLE
    }

    public Session {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sourceArn, "sourceArn");
        Objects.requireNonNull(issuerAccessKeyId, "issuerAccessKeyId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        sessionPolicyArns = List.copyOf(sessionPolicyArns);
        Objects.requireNonNull(tags, "tags");
    }

    /** A GetSessionToken session of {@code caller} (root or user), acting as itself with its own policies. */
    public static Session ofCaller(Caller caller, Instant issuedAt, Instant expiresAt) {
        return new Session(Kind.GET_SESSION_TOKEN, caller, caller.arn(), caller.accessKeyId(), issuedAt, expiresAt,
                null, List.of(), SessionTags.NONE);
    }
}
