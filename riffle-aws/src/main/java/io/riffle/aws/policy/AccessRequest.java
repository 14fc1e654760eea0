package io.riffle.aws.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a policy is evaluated against (IAM's request context): who asks ({@code principalArn}, its
 * account), the action ({@code kinesis:PutRecords}), the resource's ARN ({@code *} when the action
 * names none) and the condition keys with their values ({@code aws:SourceIp}, {@code aws:TagKeys}: a
 * multi-valued key has several). Keys compare ignoring case, as IAM's do.
 */
public record AccessRequest(String principalArn, String principalAccount, String action, String resource,
                            Map<String, List<String>> keys) {

    public AccessRequest {
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(principalAccount, "principalAccount");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        keys = ConditionKeys.lowerCased(keys);
    }

    /** The values of a condition key; empty when the request does not carry it. */
    public List<String> values(String key) {
        return keys.getOrDefault(ConditionKeys.normalize(key), List.of());
    }

    public boolean has(String key) {
        return keys.containsKey(ConditionKeys.normalize(key));
    }
}
