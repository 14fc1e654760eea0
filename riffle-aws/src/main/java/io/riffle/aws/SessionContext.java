package io.riffle.aws;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a caller signing with temporary credentials carries from its session token: when the session
 * was issued (CloudTrail's {@code sessionContext.attributes.creationDate}), the identity whose policies
 * apply (a role for AssumeRole, CloudTrail's {@code sessionIssuer}) and the session policies that narrow
 * them.
 *
 * @param sourceArn     the user, role or root whose policies the session uses
 * @param sessionPolicy the inline session policy (JSON) it was issued with, or null
 * @param sessionPolicyArns the managed session policies it was issued with, by ARN (none: empty)
 * @param tags          its session tags ({@code aws:PrincipalTag/...})
 */
public record SessionContext(Instant createdAt, String sourceArn, String sessionPolicy,
                             List<String> sessionPolicyArns, SessionTags tags) {

    public SessionContext {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(sourceArn, "sourceArn");
        sessionPolicyArns = List.copyOf(sessionPolicyArns);
        Objects.requireNonNull(tags, "tags");
    }

    /** Whether the session was issued with session policies (inline or managed), which narrow its permissions. */
    public boolean hasSessionPolicies() {
        return sessionPolicy != null || !sessionPolicyArns.isEmpty();
    }
}
