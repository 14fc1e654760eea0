package io.riffle.aws.policy;

import java.util.List;

/**
 * IAM's policy evaluation within one account, as AWS documents it: an explicit Deny in any
 * applicable policy wins; else an identity-based policy that allows (and, for a session with a
 * session policy, that policy allowing too) or a resource-based policy whose Principal names the
 * caller allows; else the request is implicitly denied. Pure: the caller gathers the policies.
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    /** Where the decision came from; the denial texts say it. */
    public enum Outcome {
        ALLOWED, EXPLICIT_DENY_IDENTITY, EXPLICIT_DENY_RESOURCE, EXPLICIT_DENY_SESSION, NO_IDENTITY_ALLOW,
        NO_SESSION_ALLOW
    }

    /**
     * @param identity the caller's identity policies (its own, its groups', attached managed ones)
     * @param resource the resource's policies (none when it has none)
     * @param session  the session policies of temporary credentials, or null when there are none
     */
    public static Outcome evaluate(AccessRequest request, List<PolicyDocument> identity, List<PolicyDocument> resource,
                                   List<PolicyDocument> session) {
        PolicyVariables variables = new PolicyVariables(request);
        if (anyApplies(identity, request, variables, false)) {
            return Outcome.EXPLICIT_DENY_IDENTITY;
        }
        if (anyApplies(resource, request, variables, false)) {
            return Outcome.EXPLICIT_DENY_RESOURCE;
        }
        if (session != null && anyApplies(session, request, variables, false)) {
            return Outcome.EXPLICIT_DENY_SESSION;
        }
        if (anyApplies(resource, request, variables, true)) {
            return Outcome.ALLOWED;
        }
        if (!anyApplies(identity, request, variables, true)) {
            return Outcome.NO_IDENTITY_ALLOW;
        }
        if (session != null && !anyApplies(session, request, variables, true)) {
            return Outcome.NO_SESSION_ALLOW;
        }
        return Outcome.ALLOWED;
    }

    private static boolean anyApplies(List<PolicyDocument> policies, AccessRequest request, PolicyVariables variables,
                                      boolean isAllow) {
        for (PolicyDocument policy : policies) {
            for (Statement statement : policy.statements()) {
                if (statement.isAllow() == isAllow && statement.applies(request, variables)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * AWS's AccessDenied text for a denial: "User: ARN is not authorized to perform: ACTION on
     * resource: ARN" and why ("because no identity-based policy allows the ACTION action", "with an
     * explicit deny in an identity-based policy", ...).
     */
    public static String denialMessage(Outcome outcome, String principalArn, String action, String resource) {
        String head = "User: " + principalArn + " is not authorized to perform: " + action + " on resource: " + resource;
        return switch (outcome) {
            case ALLOWED -> throw new IllegalArgumentException("not a denial");
            case EXPLICIT_DENY_IDENTITY -> head + " with an explicit deny in an identity-based policy";
            case EXPLICIT_DENY_RESOURCE -> head + " with an explicit deny in a resource-based policy";
            case EXPLICIT_DENY_SESSION -> head + " with an explicit deny in a session policy";
            case NO_IDENTITY_ALLOW -> head + " because no identity-based policy allows the " + action + " action";
            case NO_SESSION_ALLOW -> head + " because no session policy allows the " + action + " action";
        };
    }
}
