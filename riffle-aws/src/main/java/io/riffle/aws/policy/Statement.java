package io.riffle.aws.policy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One statement of a policy. {@code actions}/{@code resources} are the {@code Action}/{@code Resource}
 * elements, or with {@code isNotAction}/{@code isNotResource} the {@code NotAction}/{@code NotResource}
 * ones; {@code principals} is null when the statement names none (identity policies), else the AWS
 * principals it names ({@code *} for everyone).
 */
public record Statement(String sid, boolean isAllow, List<String> principals, List<String> actions,
                        boolean isNotAction, List<String> resources, boolean isNotResource,
                        List<Condition> conditions) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public Statement {
        principals = principals == null ? null : List.copyOf(principals);
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    /** Whether this statement applies to {@code request} (its principal checked only when it names any). */
    boolean applies(AccessRequest request, PolicyVariables variables) {
        if (principals != null && !namesPrincipal(request)) {
            return false;
        }
        boolean actionListed = actions.stream().anyMatch(a -> Wildcard.matches(a, request.action(), true));
        if (actionListed == isNotAction) {
            return false;
        }
        boolean resourceListed = resources.stream()
                .anyMatch(r -> Wildcard.matches(variables.resolve(r), request.resource(), false));
        if (resourceListed == isNotResource) {
            return false;
        }
        return conditions.stream().allMatch(c -> c.isSatisfiedBy(request, variables));
    }

    /**
     * A resource policy's Principal: {@code *}; the caller's own ARN; the account (its id or root
     * ARN) for the account's root; a role's ARN for the role's sessions.
     */
    private boolean namesPrincipal(AccessRequest request) {
        String arn = request.principalArn();
        String roleArn = AssumedRoles.roleArnOf(arn);
        for (String principal : principals) {
            if (principal.equals("*") || principal.equals(arn) || principal.equals(roleArn)) {
                return true;
            }
            String rootArn = "arn:aws:iam::" + request.principalAccount() + ":root";
            boolean namesAccount = ACCOUNT_ID.matcher(principal).matches() && principal.equals(request.principalAccount())
                    || principal.equals(rootArn);
            if (namesAccount && arn.equals(rootArn)) {
                return true;
            }
        }
        return false;
    }
}
