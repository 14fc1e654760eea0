package io.riffle.iam;

import io.riffle.aws.policy.PolicyDocument;
import io.riffle.iam.IamState.ManagedPolicy;
import io.riffle.iam.IamState.Principal;
import io.riffle.iam.IamState.Role;
import io.riffle.iam.IamState.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable view of the account's identities after one event: what the credential lookup and
 * the authorizer read on event loops, without locks. Policies are parsed once per text and kept.
 */
public final class IamDirectory {

    static final IamDirectory EMPTY = new IamDirectory(Map.of(), Map.of(), Map.of(), Map.of());

    /** Parsed policies by their text, shared across directories (a text parses the same every time). */
    private static final Map<String, PolicyDocument> PARSED = new ConcurrentHashMap<>();

    private final Map<String, User> users;
    private final Map<String, Principal> groups;
    private final Map<String, Role> roles;
    private final Map<String, ManagedPolicy> policies;
    private final Map<String, String> userByAccessKey = new HashMap<>();

    IamDirectory(Map<String, User> users, Map<String, Principal> groups, Map<String, Role> roles,
                 Map<String, ManagedPolicy> policies) {
        this.users = users;
        this.groups = groups;
        this.roles = roles;
        this.policies = policies;
        users.values().forEach(u -> u.keys().keySet().forEach(k -> userByAccessKey.put(k, u.identity().name())));
    }

    public Optional<User> userOfAccessKey(String accessKeyId) {
        return Optional.ofNullable(userByAccessKey.get(accessKeyId)).map(users::get);
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** A managed policy's current document, by ARN (what a managed session policy applies), or empty when gone. */
    public Optional<PolicyDocument> managedPolicy(String arn) {
        return Optional.ofNullable(policies.get(arn)).map(policy -> parsed(policy.document()));
    }

    /** The identity policies of a user: inline, attached, and those of its groups. */
    public List<PolicyDocument> policiesOfUser(String name) {
        User user = users.get(name);
        if (user == null) {
            return List.of();
        }
        List<PolicyDocument> found = new ArrayList<>();
        addPolicies(user.identity(), found);
        for (String group : user.groups()) {
            Principal holder = groups.get(group);
            if (holder != null) {
                addPolicies(holder, found);
            }
        }
        return found;
    }

    /** The identity policies of a role (its sessions'). */
    public List<PolicyDocument> policiesOfRole(String name) {
        Role role = roles.get(name);
        if (role == null) {
            return List.of();
        }
        List<PolicyDocument> found = new ArrayList<>();
        addPolicies(role.identity(), found);
        return found;
    }

    private void addPolicies(Principal holder, List<PolicyDocument> into) {
        holder.inlinePolicies().values().forEach(text -> into.add(parsed(text)));
        for (String arn : holder.attachedPolicies()) {
            ManagedPolicy policy = policies.get(arn);
            if (policy != null) {
                into.add(parsed(policy.document()));
            }
        }
    }

    /** A stored policy: it was valid when written, so it parses. */
    static PolicyDocument parsed(String text) {
        return PARSED.computeIfAbsent(text, t -> PolicyDocument.parse(t, PolicyDocument.Kind.IDENTITY));
    }
}
