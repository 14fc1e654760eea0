package io.riffle.iam;

import io.riffle.iam.IamEvent.Holder;
import io.riffle.iam.IamService.Params;
import io.riffle.iam.IamState.Principal;
import io.riffle.iam.IamState.User;
import io.riffle.aws.wire.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * IAM's users, access keys, groups and membership: CreateUser, GetUser, ListUsers, DeleteUser;
 * CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey; CreateGroup, GetGroup,
 * ListGroups, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. Checks and
 * texts as IAM's: a user is deleted only once it has no keys, policies or groups (DeleteConflict),
 * two access keys at most (LimitExceeded).
 */
final class IdentityActions {

    static final int ACCESS_KEYS_PER_USER = 2;

    private final String accountId;

    IdentityActions(String accountId) {
        this.accountId = accountId;
    }

    String userArn(String name) {
        return IamNames.arn(accountId, "user", "/", name);
    }

    private String groupArn(String name) {
        return IamNames.arn(accountId, "group", "/", name);
    }

    void registerIn(IamService service) {
        service.register("CreateUser", p -> userArn(p.required("UserName")), this::createUser);
        service.register("GetUser", p -> userArn(p.optional("UserName", Objects.requireNonNullElse(p.callerUserName(), "*"))),
                this::getUser);
        service.register("ListUsers", p -> "*", (p, e) -> e.read(s -> w -> IamXml.members(w, "Users",
                s.users().values(), (x, u) -> user(x, u.identity()))));
        service.register("DeleteUser", p -> userArn(p.required("UserName")), this::deleteUser);
        service.register("CreateAccessKey", p -> userArn(p.required("UserName")), this::createAccessKey);
        service.register("ListAccessKeys", p -> userArn(p.required("UserName")), this::listAccessKeys);
        service.register("UpdateAccessKey", p -> userArn(p.required("UserName")), this::updateAccessKey);
        service.register("DeleteAccessKey", p -> userArn(p.required("UserName")), this::deleteAccessKey);
        service.register("CreateGroup", p -> groupArn(p.required("GroupName")), this::createGroup);
        service.register("GetGroup", p -> groupArn(p.required("GroupName")), this::getGroup);
        service.register("ListGroups", p -> "*", (p, e) -> e.read(s -> w -> IamXml.members(w, "Groups",
                s.groups().values(), (x, g) -> group(x, g))));
        service.register("DeleteGroup", p -> groupArn(p.required("GroupName")), this::deleteGroup);
        service.register("AddUserToGroup", p -> groupArn(p.required("GroupName")), (p, e) -> membership(p, e, true));
        service.register("RemoveUserFromGroup", p -> groupArn(p.required("GroupName")),
                (p, e) -> membership(p, e, false));
        service.register("ListGroupsForUser", p -> userArn(p.required("UserName")), this::listGroupsForUser);
    }

    /** A user's members, inside the element the caller opened ({@code User} or a list's {@code member}). */
    private void user(XmlWriter w, Principal p) {
        IamXml.principal(w, "UserName", "UserId", IamNames.arn(accountId, "user", p.path(), p.name()), p);
    }

    private void group(XmlWriter w, Principal p) {
        IamXml.principal(w, "GroupName", "GroupId", IamNames.arn(accountId, "group", p.path(), p.name()), p);
    }

    private void user(XmlWriter w, Principal p, String element) {
        w.start(element);
        user(w, p);
        w.end(element);
    }

    private void group(XmlWriter w, Principal p, String element) {
        w.start(element);
        group(w, p);
        w.end(element);
    }

    static User requireUser(IamState s, String name) {
        User user = s.users().get(name);
        if (user == null) {
            throw IamError.noSuch("user", name);
        }
        return user;
    }

    static Principal requireGroup(IamState s, String name) {
        Principal group = s.groups().get(name);
        if (group == null) {
            throw IamError.noSuch("group", name);
        }
        return group;
    }

    private CompletableFuture<Consumer<XmlWriter>> createUser(Params p, IamEngine e) {
        String name = p.required("UserName");
        String path = p.optional("Path", "/");
        return e.write(s -> {
            if (s.users().keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                throw IamError.alreadyExists("User with name " + name + " already exists.");
            }
            return List.of(new IamEvent.UserCreated(name, IamNames.id("AIDA"), path, e.nowMs()));
        }, s -> w -> user(w, s.users().get(name).identity(), "User"));
    }

    /**
     * Without a UserName, the user whose keys signed the call (IAM's implicit user name); for the root's
     * keys, the root itself as IAM answers it: the account id as UserId, the {@code :root} ARN, the account's
     * creation date, and no UserName or Path.
     */
    private CompletableFuture<Consumer<XmlWriter>> getUser(Params p, IamEngine e) {
        String name = p.optional("UserName", p.callerUserName());
        String rootArn = "arn:aws:iam::" + accountId + ":root";
        if (name == null && p.caller() != null && p.caller().arn().equals(rootArn)) {
            return e.read(s -> w -> w.start("User").element("UserId", accountId).element("Arn", rootArn)
                    .element("CreateDate", IamXml.date(s.accountCreatedMs())).end("User"));
        }
        if (name == null) {
            throw IamError.invalidInput("Must specify userName when calling with non-User credentials");
        }
        return e.read(s -> {
            User user = requireUser(s, name);
            return w -> user(w, user.identity(), "User");
        });
    }

    private CompletableFuture<Consumer<XmlWriter>> deleteUser(Params p, IamEngine e) {
        String name = p.required("UserName");
        return e.write(s -> {
            User user = requireUser(s, name);
            if (!user.keys().isEmpty()) {
                throw IamError.deleteConflict("Cannot delete entity, must delete access keys first.");
            }
            if (!user.identity().inlinePolicies().isEmpty()) {
                throw IamError.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (!user.identity().attachedPolicies().isEmpty()) {
                throw IamError.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            if (!user.groups().isEmpty()) {
                throw IamError.deleteConflict("Cannot delete entity, must remove users from group first.");
            }
            return List.of(new IamEvent.UserDeleted(name));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> createAccessKey(Params p, IamEngine e) {
        String name = p.required("UserName");
        String keyId = IamNames.accessKeyId();
        String secret = IamNames.secretAccessKey();
        return e.write(s -> {
            if (requireUser(s, name).keys().size() >= ACCESS_KEYS_PER_USER) {
                throw IamError.limitExceeded("Cannot exceed quota for AccessKeysPerUser: " + ACCESS_KEYS_PER_USER);
            }
            return List.of(new IamEvent.AccessKeyCreated(name, keyId, e.sealer().seal(secret), e.nowMs()));
        }, s -> {
            IamState.Key key = s.users().get(name).keys().get(keyId);
            return w -> w.start("AccessKey").element("UserName", name).element("AccessKeyId", keyId)
                    .element("Status", "Active").element("SecretAccessKey", secret)
                    .element("CreateDate", IamXml.date(key.createdMs())).end("AccessKey");
        });
    }

    private CompletableFuture<Consumer<XmlWriter>> listAccessKeys(Params p, IamEngine e) {
        String name = p.required("UserName");
        return e.read(s -> {
            User user = requireUser(s, name);
            return w -> IamXml.members(w, "AccessKeyMetadata", user.keys().values(), (x, k) -> x
                    .element("UserName", name).element("AccessKeyId", k.accessKeyId())
                    .element("Status", k.isActive() ? "Active" : "Inactive")
                    .element("CreateDate", IamXml.date(k.createdMs())));
        });
    }

    private static IamState.Key requireKey(User user, String keyId) {
        IamState.Key key = user.keys().get(keyId);
        if (key == null) {
            throw IamError.noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
        }
        return key;
    }

    private CompletableFuture<Consumer<XmlWriter>> updateAccessKey(Params p, IamEngine e) {
        String name = p.required("UserName");
        String keyId = p.required("AccessKeyId");
        String status = p.required("Status");
        if (!status.equals("Active") && !status.equals("Inactive")) {
            throw IamError.invalidInput("Status must be Active or Inactive");
        }
        return e.write(s -> {
            requireKey(requireUser(s, name), keyId);
            return List.of(new IamEvent.AccessKeyStatusChanged(name, keyId, status.equals("Active")));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> deleteAccessKey(Params p, IamEngine e) {
        String name = p.required("UserName");
        String keyId = p.required("AccessKeyId");
        return e.write(s -> {
            requireKey(requireUser(s, name), keyId);
            return List.of(new IamEvent.AccessKeyDeleted(name, keyId));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> createGroup(Params p, IamEngine e) {
        String name = p.required("GroupName");
        String path = p.optional("Path", "/");
        return e.write(s -> {
            if (s.groups().keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                throw IamError.alreadyExists("Group with name " + name + " already exists.");
            }
            return List.of(new IamEvent.GroupCreated(name, IamNames.id("AGPA"), path, e.nowMs()));
        }, s -> w -> group(w, s.groups().get(name), "Group"));
    }

    private CompletableFuture<Consumer<XmlWriter>> getGroup(Params p, IamEngine e) {
        String name = p.required("GroupName");
        return e.read(s -> {
            Principal group = requireGroup(s, name);
            List<User> members = new ArrayList<>();
            s.users().values().stream().filter(u -> u.groups().contains(name)).forEach(members::add);
            return w -> {
                group(w, group, "Group");
                IamXml.members(w, "Users", members, (x, u) -> user(x, u.identity()));
            };
        });
    }

    private CompletableFuture<Consumer<XmlWriter>> deleteGroup(Params p, IamEngine e) {
        String name = p.required("GroupName");
        return e.write(s -> {
            Principal group = requireGroup(s, name);
            if (s.users().values().stream().anyMatch(u -> u.groups().contains(name))) {
                throw IamError.deleteConflict("Cannot delete entity, must remove users from group first.");
            }
            if (!group.inlinePolicies().isEmpty()) {
                throw IamError.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (!group.attachedPolicies().isEmpty()) {
                throw IamError.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            return List.of(new IamEvent.GroupDeleted(name));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> membership(Params p, IamEngine e, boolean isAdd) {
        String groupName = p.required("GroupName");
        String userName = p.required("UserName");
        return e.write(s -> {
            requireGroup(s, groupName);
            User user = requireUser(s, userName);
            if (!isAdd && !user.groups().contains(groupName)) {
                throw IamError.noSuchEntity("The user with name " + userName + " cannot be found in group "
                        + groupName + ".");
            }
            return List.<IamEvent>of(isAdd ? new IamEvent.UserAddedToGroup(groupName, userName)
                    : new IamEvent.UserRemovedFromGroup(groupName, userName));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> listGroupsForUser(Params p, IamEngine e) {
        String name = p.required("UserName");
        return e.read(s -> {
            List<Principal> groups = requireUser(s, name).groups().stream().map(s.groups()::get)
                    .filter(java.util.Objects::nonNull).toList();
            return w -> IamXml.members(w, "Groups", groups, (x, g) -> group(x, g));
        });
    }

    /** The holder of inline and attached policies named by its kind, or IAM's NoSuchEntity. */
    static Principal requireHolder(IamState s, Holder holder, String name) {
        return switch (holder) {
            case USER -> requireUser(s, name).identity();
            case GROUP -> requireGroup(s, name);
            case ROLE -> {
                IamState.Role role = s.roles().get(name);
                if (role == null) {
                    throw IamError.noSuch("role", name);
                }
                yield role.identity();
            }
        };
    }

}
