package io.riffle.iam;

import io.riffle.aws.policy.MalformedPolicyException;
import io.riffle.aws.policy.PolicyDocument;
import io.riffle.aws.wire.XmlWriter;
import io.riffle.iam.IamEvent.Holder;
import io.riffle.iam.IamService.Params;
import io.riffle.iam.IamState.ManagedPolicy;
import io.riffle.iam.IamState.Principal;
import io.riffle.iam.IamState.Role;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * IAM's roles and policies: CreateRole, GetRole, ListRoles, DeleteRole; Put/Get/Delete/List
 * User/Group/RolePolicy (inline); CreatePolicy, GetPolicy, GetPolicyVersion, ListPolicies,
 * DeletePolicy, Attach/Detach User/Group/RolePolicy, ListAttached User/Group/RolePolicies (managed,
 * one version each). Documents are checked as IAM checks them (MalformedPolicyDocument) before they
 * are stored.
 */
final class PolicyActions {

    /** IAM's quota of managed policies attached to one user, group or role. */
    static final int ATTACHED_POLICIES_PER_HOLDER = 10;

    private final String accountId;

    PolicyActions(String accountId) {
        this.accountId = accountId;
    }

    private String roleArn(String name) {
        return IamNames.arn(accountId, "role", "/", name);
    }

    void registerIn(IamService service) {
        service.register("CreateRole", p -> roleArn(p.required("RoleName")), this::createRole);
        service.register("GetRole", p -> roleArn(p.required("RoleName")), (p, e) -> e.read(s -> {
            Role role = requireRole(s, p.required("RoleName"));
            return w -> role(w, role, "Role");
        }));
        service.register("ListRoles", p -> "*", (p, e) -> e.read(s -> w -> IamXml.members(w, "Roles",
                s.roles().values(), this::roleMembers)));
        service.register("DeleteRole", p -> roleArn(p.required("RoleName")), this::deleteRole);
        for (Holder holder : Holder.values()) {
            String kind = capitalized(holder);
            ResourceNamer namer = p -> IamNames.arn(accountId, holder.name().toLowerCase(Locale.ROOT), "/",
                    p.required(kind + "Name"));
            service.register("Put" + kind + "Policy", namer::arn, (p, e) -> putInline(p, e, holder));
            service.register("Get" + kind + "Policy", namer::arn, (p, e) -> getInline(p, e, holder));
            service.register("Delete" + kind + "Policy", namer::arn, (p, e) -> deleteInline(p, e, holder));
            service.register("List" + kind + "Policies", namer::arn, (p, e) -> e.read(s -> {
                Principal principal = IdentityActions.requireHolder(s, holder, p.required(kind + "Name"));
                List<String> names = principal.inlinePolicies().keySet().stream().sorted().toList();
                return w -> {
                    w.start("PolicyNames");
                    names.forEach(name -> w.element("member", name));
                    w.end("PolicyNames").element("IsTruncated", "false");
                };
            }));
            service.register("Attach" + kind + "Policy", namer::arn, (p, e) -> attach(p, e, holder, true));
            service.register("Detach" + kind + "Policy", namer::arn, (p, e) -> attach(p, e, holder, false));
            service.register("ListAttached" + kind + "Policies", namer::arn, (p, e) -> e.read(s -> {
                Principal principal = IdentityActions.requireHolder(s, holder, p.required(kind + "Name"));
                return w -> IamXml.members(w, "AttachedPolicies", principal.attachedPolicies().stream().sorted()
                        .toList(), (x, arn) -> x.element("PolicyName", arn.substring(arn.lastIndexOf('/') + 1))
                        .element("PolicyArn", arn));
            }));
        }
        service.register("CreatePolicy", p -> policyArn(p.optional("Path", "/"), p.required("PolicyName")),
                this::createPolicy);
        service.register("GetPolicy", p -> p.required("PolicyArn"), (p, e) -> e.read(s -> {
            ManagedPolicy policy = requirePolicy(s, p.required("PolicyArn"));
            long attachments = attachments(s, policy.arn());
            return w -> {
                w.start("Policy");
                policy(w, policy, attachments);
                w.end("Policy");
            };
        }));
        service.register("GetPolicyVersion", p -> p.required("PolicyArn"), (p, e) -> e.read(s -> {
            ManagedPolicy policy = requirePolicy(s, p.required("PolicyArn"));
            String version = p.required("VersionId");
            if (!version.equals("v1")) {
                throw IamError.noSuchEntity("Policy " + policy.arn() + " version " + version + " does not exist.");
            }
            return w -> w.start("PolicyVersion").element("Document", IamXml.policyText(policy.document()))
                    .element("VersionId", "v1").element("IsDefaultVersion", "true")
                    .element("CreateDate", IamXml.date(policy.createdMs())).end("PolicyVersion");
        }));
        service.register("ListPolicies", p -> "*", (p, e) -> e.read(s -> {
            List<ManagedPolicy> policies = List.copyOf(s.policies().values());
            return w -> IamXml.members(w, "Policies", policies, (x, policy) -> policy(x, policy,
                    attachments(s, policy.arn())));
        }));
        service.register("DeletePolicy", p -> p.required("PolicyArn"), this::deletePolicy);
    }

    /** The ARN an action on a holder is authorized on. */
    private interface ResourceNamer {
        String arn(Params params);
    }

    private static String capitalized(Holder holder) {
        String lower = holder.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    private String policyArn(String path, String name) {
        return IamNames.arn(accountId, "policy", path, name);
    }

    static PolicyDocument checked(String document) {
        try {
            return PolicyDocument.parse(document, PolicyDocument.Kind.IDENTITY);
        } catch (MalformedPolicyException e) {
            throw IamError.malformedPolicy(e.getMessage());
        }
    }

    /** A trust policy names who may assume the role, so it is a resource policy (it must name principals). */
    private static void checkedTrust(String document) {
        try {
            PolicyDocument.parse(document, PolicyDocument.Kind.RESOURCE);
        } catch (MalformedPolicyException e) {
            throw IamError.malformedPolicy(e.getMessage());
        }
    }

    private static Role requireRole(IamState s, String name) {
        Role role = s.roles().get(name);
        if (role == null) {
            throw IamError.noSuch("role", name);
        }
        return role;
    }

    private static ManagedPolicy requirePolicy(IamState s, String arn) {
        ManagedPolicy policy = s.policies().get(arn);
        if (policy == null) {
            throw IamError.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
        }
        return policy;
    }

    private void roleMembers(XmlWriter w, Role role) {
        IamXml.principal(w, "RoleName", "RoleId", IamNames.arn(accountId, "role", role.identity().path(),
                role.identity().name()), role.identity());
        w.element("AssumeRolePolicyDocument", IamXml.policyText(role.trustPolicy()))
                .element("MaxSessionDuration", Long.toString(role.maxSessionSeconds()));
    }

    private void role(XmlWriter w, Role role, String element) {
        w.start(element);
        roleMembers(w, role);
        w.end(element);
    }

    private static void policy(XmlWriter w, ManagedPolicy policy, long attachments) {
        w.element("PolicyName", policy.name()).element("PolicyId", policy.id()).element("Arn", policy.arn())
                .element("Path", policy.path()).element("DefaultVersionId", "v1")
                .element("AttachmentCount", Long.toString(attachments)).element("IsAttachable", "true")
                .element("CreateDate", IamXml.date(policy.createdMs()))
                .element("UpdateDate", IamXml.date(policy.createdMs()));
    }

    private static long attachments(IamState s, String arn) {
        return s.users().values().stream().filter(u -> u.identity().attachedPolicies().contains(arn)).count()
                + s.groups().values().stream().filter(g -> g.attachedPolicies().contains(arn)).count()
                + s.roles().values().stream().filter(r -> r.identity().attachedPolicies().contains(arn)).count();
    }

    private CompletableFuture<Consumer<XmlWriter>> createRole(Params p, IamEngine e) {
        String name = p.required("RoleName");
        String trust = p.required("AssumeRolePolicyDocument");
        String path = p.optional("Path", "/");
        long maxSessionSeconds = Long.parseLong(p.optional("MaxSessionDuration", "3600"));
        if (maxSessionSeconds < 3600 || maxSessionSeconds > 43200) {
            throw new io.riffle.aws.wire.AwsServiceException("ValidationError", 400, "1 validation error detected: "
                    + "Value '" + maxSessionSeconds + "' at 'maxSessionDuration' failed to satisfy constraint: Member "
                    + "must have value " + (maxSessionSeconds < 3600 ? "greater than or equal to 3600"
                    : "less than or equal to 43200"));
        }
        checkedTrust(trust);
        return e.write(s -> {
            if (s.roles().keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                throw IamError.alreadyExists("Role with name " + name + " already exists.");
            }
            return List.of(new IamEvent.RoleCreated(name, IamNames.id("AROA"), path, trust, maxSessionSeconds,
                    e.nowMs()));
        }, s -> w -> role(w, s.roles().get(name), "Role"));
    }

    private CompletableFuture<Consumer<XmlWriter>> deleteRole(Params p, IamEngine e) {
        String name = p.required("RoleName");
        return e.write(s -> {
            Role role = requireRole(s, name);
            if (!role.identity().inlinePolicies().isEmpty()) {
                throw IamError.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (!role.identity().attachedPolicies().isEmpty()) {
                throw IamError.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            return List.of(new IamEvent.RoleDeleted(name));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> putInline(Params p, IamEngine e, Holder holder) {
        String holderName = p.required(capitalized(holder) + "Name");
        String policyName = p.required("PolicyName");
        String document = p.required("PolicyDocument");
        checked(document);
        return e.write(s -> {
            IdentityActions.requireHolder(s, holder, holderName);
            return List.of(new IamEvent.InlinePolicyPut(holder, holderName, policyName, document));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> getInline(Params p, IamEngine e, Holder holder) {
        String kind = capitalized(holder);
        String holderName = p.required(kind + "Name");
        String policyName = p.required("PolicyName");
        return e.read(s -> {
            String document = IdentityActions.requireHolder(s, holder, holderName).inlinePolicies().get(policyName);
            if (document == null) {
                throw IamError.noSuch(kind.toLowerCase(Locale.ROOT) + " policy", policyName);
            }
            return w -> w.element(kind + "Name", holderName).element("PolicyName", policyName)
                    .element("PolicyDocument", IamXml.policyText(document));
        });
    }

    private CompletableFuture<Consumer<XmlWriter>> deleteInline(Params p, IamEngine e, Holder holder) {
        String kind = capitalized(holder);
        String holderName = p.required(kind + "Name");
        String policyName = p.required("PolicyName");
        return e.write(s -> {
            if (!IdentityActions.requireHolder(s, holder, holderName).inlinePolicies().containsKey(policyName)) {
                throw IamError.noSuch(kind.toLowerCase(Locale.ROOT) + " policy", policyName);
            }
            return List.of(new IamEvent.InlinePolicyDeleted(holder, holderName, policyName));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> createPolicy(Params p, IamEngine e) {
        String name = p.required("PolicyName");
        String path = p.optional("Path", "/");
        String document = p.required("PolicyDocument");
        checked(document);
        String arn = policyArn(path, name);
        return e.write(s -> {
            if (s.policies().values().stream().anyMatch(existing -> existing.name().equals(name))) {
                throw IamError.alreadyExists("A policy called " + name + " already exists. Duplicate names are not "
                        + "allowed.");
            }
            return List.of(new IamEvent.ManagedPolicyCreated(arn, name, IamNames.id("ANPA"), path, document,
                    e.nowMs()));
        }, s -> w -> {
            w.start("Policy");
            policy(w, s.policies().get(arn), 0);
            w.end("Policy");
        });
    }

    private CompletableFuture<Consumer<XmlWriter>> deletePolicy(Params p, IamEngine e) {
        String arn = p.required("PolicyArn");
        return e.write(s -> {
            requirePolicy(s, arn);
            if (attachments(s, arn) > 0) {
                throw IamError.deleteConflict("Cannot delete a policy attached to entities.");
            }
            return List.of(new IamEvent.ManagedPolicyDeleted(arn));
        }, s -> null);
    }

    private CompletableFuture<Consumer<XmlWriter>> attach(Params p, IamEngine e, Holder holder, boolean isAttach) {
        String holderName = p.required(capitalized(holder) + "Name");
        String arn = p.required("PolicyArn");
        return e.write(s -> {
            Principal principal = IdentityActions.requireHolder(s, holder, holderName);
            requirePolicy(s, arn);
            if (isAttach && !principal.attachedPolicies().contains(arn)
                    && principal.attachedPolicies().size() >= ATTACHED_POLICIES_PER_HOLDER) {
                throw IamError.limitExceeded("Cannot exceed quota for PoliciesPer" + capitalized(holder) + ": "
                        + ATTACHED_POLICIES_PER_HOLDER);
            }
            if (!isAttach && !principal.attachedPolicies().contains(arn)) {
                throw IamError.noSuchEntity("Policy " + arn + " was not found.");
            }
            return List.<IamEvent>of(isAttach ? new IamEvent.PolicyAttached(holder, holderName, arn)
                    : new IamEvent.PolicyDetached(holder, holderName, arn));
        }, s -> null);
    }
}
