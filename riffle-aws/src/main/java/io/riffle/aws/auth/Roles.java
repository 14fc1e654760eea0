package io.riffle.aws.auth;

import io.riffle.aws.policy.PolicyDocument;
import java.util.Objects;
import java.util.Optional;

/**
 * The account's roles as STS AssumeRole needs them: found by ARN, with the trust policy that says who
 * may assume them and the longest session they allow. IAM keeps them; STS reads them through this
 * interface, since services do not reach into each other. Answers from memory.
 */
@FunctionalInterface
public interface Roles {

    /**
     * @param roleId             the role's unique id ({@code AROA...}), the first part of a session's AssumedRoleId
     * @param maxSessionSeconds  the role's MaxSessionDuration
     */
    record AssumableRole(String arn, String name, String roleId, PolicyDocument trustPolicy, long maxSessionSeconds) {
        public AssumableRole {
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(trustPolicy, "trustPolicy");
        }
    }

    /** The role {@code roleArn} names, or empty when the account has none by that ARN. */
    Optional<AssumableRole> find(String roleArn);

    /** No roles: every AssumeRole is refused. */
    static Roles none() {
        return roleArn -> Optional.empty();
    }
}
