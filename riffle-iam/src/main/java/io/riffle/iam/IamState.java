package io.riffle.iam;

import io.riffle.iam.IamEvent.Holder;
import io.riffle.metadata.EventContext;
import io.riffle.metadata.StateMachine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The account's identities rebuilt from the {@code _iam} log. Owned by the log's thread; every
 * applied event publishes a new immutable {@link IamDirectory} that event loops read without locks.
 */
public final class IamState implements StateMachine<IamState.Snapshot, IamEvent> {

    /** One identity that can hold inline policies and attached managed ones. */
    public record Principal(String name, String id, String path, long createdMs, Map<String, String> inlinePolicies,
                            Set<String> attachedPolicies) {
        Principal withInline(Map<String, String> policies) {
            return new Principal(name, id, path, createdMs, policies, attachedPolicies);
        }

        Principal withAttached(Set<String> attached) {
            return new Principal(name, id, path, createdMs, inlinePolicies, attached);
        }
    }

    public record Key(String accessKeyId, String sealedSecret, boolean isActive, long createdMs) {
    }

    public record User(Principal identity, Map<String, Key> keys, Set<String> groups) {
    }

    public record Role(Principal identity, String trustPolicy, long maxSessionSeconds) {
    }

    public record ManagedPolicy(String arn, String name, String id, String path, String document, long createdMs) {
    }

    /**
     * The whole state, as snapshots store it.
     *
     * @param accountCreatedMs when the account's root came to be; 0 in a snapshot written before it was kept
     */
    public record Snapshot(Map<String, User> users, Map<String, Principal> groups, Map<String, Role> roles,
                           Map<String, ManagedPolicy> policies, long accountCreatedMs) {
    }

    private Map<String, User> users = new TreeMap<>();
    private Map<String, Principal> groups = new TreeMap<>();
    private Map<String, Role> roles = new TreeMap<>();
    private Map<String, ManagedPolicy> policies = new TreeMap<>();
    private long accountCreatedMs; // 0: not written yet
    private volatile IamDirectory directory = IamDirectory.EMPTY;

    /** What event loops read: the state after the last applied event. */
    public IamDirectory directory() {
        return directory;
    }

    public Map<String, User> users() {
        return users;
    }

    public Map<String, Principal> groups() {
        return groups;
    }

    public Map<String, Role> roles() {
        return roles;
    }

    public Map<String, ManagedPolicy> policies() {
        return policies;
    }

    /** When the account's root came to be (IAM GetUser answers it as the root's CreateDate); 0 before it is written. */
    public long accountCreatedMs() {
        return accountCreatedMs;
    }

    @Override
    public void apply(IamEvent event, EventContext<IamEvent> context) {
        switch (event) {
            case IamEvent.UserCreated e -> users.put(e.name(), new User(new Principal(e.name(), e.userId(), e.path(),
                    e.createdMs(), Map.of(), Set.of()), Map.of(), Set.of()));
            case IamEvent.UserDeleted e -> users.remove(e.name());
            case IamEvent.AccessKeyCreated e -> updateUser(e.userName(), u -> new User(u.identity(),
                    plus(u.keys(), e.accessKeyId(), new Key(e.accessKeyId(), e.sealedSecret(), true, e.createdMs())),
                    u.groups()));
            case IamEvent.AccessKeyStatusChanged e -> updateUser(e.userName(), u -> {
                Key key = u.keys().get(e.accessKeyId());
                return new User(u.identity(), plus(u.keys(), e.accessKeyId(), new Key(key.accessKeyId(),
                        key.sealedSecret(), e.isActive(), key.createdMs())), u.groups());
            });
            case IamEvent.AccessKeyDeleted e -> updateUser(e.userName(), u -> new User(u.identity(),
                    minus(u.keys(), e.accessKeyId()), u.groups()));
            case IamEvent.GroupCreated e -> groups.put(e.name(), new Principal(e.name(), e.groupId(), e.path(),
                    e.createdMs(), Map.of(), Set.of()));
            case IamEvent.GroupDeleted e -> groups.remove(e.name());
            case IamEvent.UserAddedToGroup e -> updateUser(e.userName(), u -> new User(u.identity(), u.keys(),
                    plus(u.groups(), e.groupName())));
            case IamEvent.UserRemovedFromGroup e -> updateUser(e.userName(), u -> new User(u.identity(), u.keys(),
                    minus(u.groups(), e.groupName())));
            case IamEvent.RoleCreated e -> roles.put(e.name(), new Role(new Principal(e.name(), e.roleId(), e.path(),
                    e.createdMs(), Map.of(), Set.of()), e.trustPolicy(), e.maxSessionSeconds()));
            case IamEvent.RoleDeleted e -> roles.remove(e.name());
            case IamEvent.InlinePolicyPut e -> updateHolder(e.holder(), e.holderName(),
                    p -> p.withInline(plus(p.inlinePolicies(), e.policyName(), e.document())));
            case IamEvent.InlinePolicyDeleted e -> updateHolder(e.holder(), e.holderName(),
                    p -> p.withInline(minus(p.inlinePolicies(), e.policyName())));
            case IamEvent.ManagedPolicyCreated e -> policies.put(e.arn(), new ManagedPolicy(e.arn(), e.name(),
                    e.policyId(), e.path(), e.document(), e.createdMs()));
            case IamEvent.ManagedPolicyDeleted e -> policies.remove(e.arn());
            case IamEvent.PolicyAttached e -> updateHolder(e.holder(), e.holderName(),
                    p -> p.withAttached(plus(p.attachedPolicies(), e.policyArn())));
            case IamEvent.PolicyDetached e -> updateHolder(e.holder(), e.holderName(),
                    p -> p.withAttached(minus(p.attachedPolicies(), e.policyArn())));
            case IamEvent.AccountCreated e -> accountCreatedMs = accountCreatedMs == 0 ? e.createdMs() : accountCreatedMs;
        }
        publish();
    }

    private void updateUser(String name, java.util.function.UnaryOperator<User> change) {
        users.computeIfPresent(name, (n, u) -> change.apply(u));
    }

    private void updateHolder(Holder holder, String name, java.util.function.UnaryOperator<Principal> change) {
        switch (holder) {
            case USER -> updateUser(name, u -> new User(change.apply(u.identity()), u.keys(), u.groups()));
            case GROUP -> groups.computeIfPresent(name, (n, g) -> change.apply(g));
            case ROLE -> roles.computeIfPresent(name, (n, r) -> new Role(change.apply(r.identity()), r.trustPolicy(),
                    r.maxSessionSeconds()));
        }
    }

    private static <V> Map<String, V> plus(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    private static <V> Map<String, V> minus(Map<String, V> map, String key) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return Map.copyOf(copy);
    }

    private static Set<String> plus(Set<String> set, String value) {
        Set<String> copy = new LinkedHashSet<>(set);
        copy.add(value);
        return Set.copyOf(copy);
    }

    private static Set<String> minus(Set<String> set, String value) {
        List<String> copy = new ArrayList<>(set);
        copy.remove(value);
        return Set.copyOf(copy);
    }

    private void publish() {
        directory = new IamDirectory(Map.copyOf(users), Map.copyOf(groups), Map.copyOf(roles), Map.copyOf(policies));
    }

    @Override
    public Snapshot snapshot() {
        return new Snapshot(Map.copyOf(users), Map.copyOf(groups), Map.copyOf(roles), Map.copyOf(policies),
                accountCreatedMs);
    }

    @Override
    public void restore(Snapshot snapshot) {
        users = new TreeMap<>(snapshot.users());
        groups = new TreeMap<>(snapshot.groups());
        roles = new TreeMap<>(snapshot.roles());
        policies = new TreeMap<>(snapshot.policies());
        accountCreatedMs = snapshot.accountCreatedMs();
        publish();
    }

    @Override
    public Class<Snapshot> snapshotType() {
        return Snapshot.class;
    }
}
