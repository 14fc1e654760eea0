package io.riffle.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * What a caller signing with temporary credentials carries from its session token: when the session
 * was issued (CloudTrail's {@code sessionContext.attributes.creationDate}), the identity whose policies
 * apply (a role for AssumeRole, CloudTrail's {@code sessionIssuer}) and the session policy that narrows
 * them.
 *
 * @param sourceArn     the user, role or root whose policies the session uses
 * @param sessionPolicy the inline session policy (JSON) it was issued with, or null
 */
public record SessionContext(Instant createdAt, String sourceArn, String sessionPolicy) {

    public SessionContext {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(sourceArn, "sourceArn");
    }
}
