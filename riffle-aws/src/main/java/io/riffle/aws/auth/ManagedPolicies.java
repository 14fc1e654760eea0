package io.riffle.aws.auth;

/**
 * The account's managed policies as STS AssumeRole needs them: whether one exists, so that a managed
 * session policy (PolicyArns) must name a real one. IAM keeps them and authorizes with their current
 * text; STS only checks the ARNs, through this interface, since services do not reach into each other.
 */
@FunctionalInterface
public interface ManagedPolicies {

    /** Whether the account has a managed policy with exactly this ARN. */
    boolean exists(String policyArn);

    /** No managed policies: every managed session policy is refused. */
    static ManagedPolicies none() {
        return policyArn -> false;
    }
}
