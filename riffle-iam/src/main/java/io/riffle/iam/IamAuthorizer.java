package io.riffle.iam;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.Caller;
import io.riffle.aws.auth.Authorizer;
import io.riffle.aws.policy.AccessRequest;
import io.riffle.aws.policy.AssumedRoles;
import io.riffle.aws.policy.ConditionKeys;
import io.riffle.aws.policy.PolicyDocument;
import io.riffle.aws.policy.PolicyEvaluator;
import io.riffle.aws.policy.PolicyEvaluator.Outcome;
import io.riffle.aws.policy.SessionPolicyCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The account's policies, evaluated for every request once auth=sigv4: the root is always allowed;
 * a user by its inline, attached and groups' policies; an assumed role's session by the role's,
 * narrowed by the session policies (inline and managed) it was issued with.
 * The caller's keys ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code aws:username},
 * {@code aws:userid}, a session's {@code aws:PrincipalTag/...}) are added to the request's. A resource's own
 * policy comes with the request ({@link #authorize(Caller, String, String, Map, List)}).
 */
public final class IamAuthorizer implements Authorizer {

    private final String accountId;
    private final Supplier<IamDirectory> directory;
    private final SessionPolicyCache parsedSessionPolicies = new SessionPolicyCache(SessionPolicyCache.DEFAULT_ENTRIES);

    IamAuthorizer(String accountId, Supplier<IamDirectory> directory) {
        this.accountId = accountId;
        this.directory = directory;
    }

    @Override
    public Optional<AuthFailure> authorize(Caller caller, String action, String resourceArn,
                                           Map<String, List<String>> keys) {
        return authorize(caller, action, resourceArn, keys, List.of());
    }

    @Override
    public Optional<AuthFailure> authorize(Caller caller, String action, String resourceArn,
                                           Map<String, List<String>> keys, List<PolicyDocument> resourcePolicies) {
        if (isRoot(caller)) {
            return Optional.empty();
        }
        IamDirectory identities = directory.get();
        Map<String, List<String>> context = new HashMap<>(keys);
        context.put(ConditionKeys.PRINCIPAL_ARN, List.of(caller.arn()));
        context.put(ConditionKeys.PRINCIPAL_ACCOUNT, List.of(caller.accountId()));
        context.put(ConditionKeys.USER_ID, List.of(caller.userId()));
        // IAM users and roles carry no tags here, so a session's tags are its principal's tags
        caller.sessionTags().tags().forEach((key, value) -> context.put(ConditionKeys.PRINCIPAL_TAG + key,
                List.of(value)));
        List<PolicyDocument> identityPolicies;
        String roleArn = AssumedRoles.roleArnOf(caller.arn());
        if (roleArn != null) {
            identityPolicies = identities.policiesOfRole(roleArn.substring(roleArn.lastIndexOf('/') + 1));
        } else {
            String userName = caller.arn().substring(caller.arn().lastIndexOf('/') + 1);
            context.put(ConditionKeys.USERNAME, List.of(userName));
            identityPolicies = caller.arn().contains(":user/") ? identities.policiesOfUser(userName) : List.of();
        }
        AccessRequest request = new AccessRequest(caller.arn(), caller.accountId(), action, resourceArn, context);
        Outcome outcome = PolicyEvaluator.evaluate(request, identityPolicies, resourcePolicies,
                sessionPolicies(caller, identities));
        if (outcome == Outcome.ALLOWED) {
            return Optional.empty();
        }
        return Optional.of(new AuthFailure("AccessDeniedException", 400,
                PolicyEvaluator.denialMessage(outcome, caller.arn(), action, resourceArn)));
    }

    /**
     * The session policies sealed in the caller's token (AssumeRole checked them when issuing), or null for
     * callers without any. The inline policy and the managed ones (their current text, found by ARN; one
     * deleted since allows nothing) are one layer, as AWS evaluates them: an allow in any passes the layer,
     * a deny in any denies, and the layer only narrows what the identity policies allow.
     */
    private List<PolicyDocument> sessionPolicies(Caller caller, IamDirectory identities) {
        if (!caller.hasSessionPolicies()) {
            return null;
        }
        List<PolicyDocument> found = new ArrayList<>();
        if (caller.sessionPolicy() != null) {
            found.add(parsedSessionPolicies.parsed(caller.sessionPolicy()));
        }
        for (String arn : caller.sessionPolicyArns()) {
            identities.managedPolicy(arn).ifPresent(found::add);
        }
        return found;
    }

    private boolean isRoot(Caller caller) {
        return caller.accountId().equals(accountId) && caller.arn().equals("arn:aws:iam::" + accountId + ":root");
    }
}
