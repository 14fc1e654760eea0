package io.riffle.iam;

import io.riffle.metadata.EventCodec;

/**
 * The changes to the account's identities, as events of the {@code _iam} log. A secret access key
 * is stored sealed ({@link SecretSealer}), never in the clear. Policy documents are stored as the
 * caller sent them (IAM answers them URL-encoded).
 */
public sealed interface IamEvent {

    /** Kinds of identity a policy can be inline in or attached to. */
    enum Holder {
        USER, GROUP, ROLE
    }

    record UserCreated(String name, String userId, String path, long createdMs) implements IamEvent {
    }

    record UserDeleted(String name) implements IamEvent {
    }

    record AccessKeyCreated(String userName, String accessKeyId, String sealedSecret, long createdMs) implements IamEvent {
    }

    record AccessKeyStatusChanged(String userName, String accessKeyId, boolean isActive) implements IamEvent {
    }

    record AccessKeyDeleted(String userName, String accessKeyId) implements IamEvent {
    }

    record GroupCreated(String name, String groupId, String path, long createdMs) implements IamEvent {
    }

    record GroupDeleted(String name) implements IamEvent {
    }

    record UserAddedToGroup(String groupName, String userName) implements IamEvent {
    }

    record UserRemovedFromGroup(String groupName, String userName) implements IamEvent {
    }

    record RoleCreated(String name, String roleId, String path, String trustPolicy, long maxSessionSeconds,
                       long createdMs) implements IamEvent {
    }

    record RoleDeleted(String name) implements IamEvent {
    }

    record InlinePolicyPut(Holder holder, String holderName, String policyName, String document) implements IamEvent {
    }

    record InlinePolicyDeleted(Holder holder, String holderName, String policyName) implements IamEvent {
    }

    record ManagedPolicyCreated(String arn, String name, String policyId, String path, String document,
                                long createdMs) implements IamEvent {
    }

    record ManagedPolicyDeleted(String arn) implements IamEvent {
    }

    record PolicyAttached(Holder holder, String holderName, String policyArn) implements IamEvent {
    }

    record PolicyDetached(Holder holder, String holderName, String policyArn) implements IamEvent {
    }

    /** When the account (its root user) came to be: written once, at the first start that finds none. */
    record AccountCreated(long createdMs) implements IamEvent {
    }

    EventCodec<IamEvent> CODEC = EventCodec.builder(IamEvent.class)
            .event(UserCreated.class).event(UserDeleted.class)
            .event(AccessKeyCreated.class).event(AccessKeyStatusChanged.class).event(AccessKeyDeleted.class)
            .event(GroupCreated.class).event(GroupDeleted.class)
            .event(UserAddedToGroup.class).event(UserRemovedFromGroup.class)
            .event(RoleCreated.class).event(RoleDeleted.class)
            .event(InlinePolicyPut.class).event(InlinePolicyDeleted.class)
            .event(ManagedPolicyCreated.class).event(ManagedPolicyDeleted.class)
            .event(PolicyAttached.class).event(PolicyDetached.class)
            .event(AccountCreated.class)
            .build();
}
