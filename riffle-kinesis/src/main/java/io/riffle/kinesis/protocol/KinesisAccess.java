package io.riffle.kinesis.protocol;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.Caller;
import io.riffle.aws.auth.Authorizer;
import io.riffle.aws.policy.ConditionKeys;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which IAM action and resource a Kinesis request is, as the AWS Service Authorization Reference
 * lists them: {@code kinesis:<Operation>} on the consumer's ARN when the request names a consumer
 * ({@code ConsumerARN}: SubscribeToShard, DescribeStreamConsumer, DeregisterStreamConsumer), on
 * {@code ResourceARN} (resource policies, TagResource), else on the stream's ARN ({@code StreamARN},
 * or built from {@code StreamName}), and on {@code *} for the account-wide actions (ListStreams,
 * DescribeLimits, DescribeAccountSettings). A request's {@code Tags} give {@code aws:RequestTag/*}
 * and {@code aws:TagKeys}; {@code TagKeys} (UntagResource, RemoveTagsFromStream) give
 * {@code aws:TagKeys}. The members are read from the generated request records once per type.
 */
public final class KinesisAccess {

    private static final String[] RESOURCE_MEMBERS = {"consumerARN", "resourceARN", "streamARN"};

    /** A request record's members that name its resource or carry tags, read through method handles. */
    private record Members(List<MethodHandle> arns, MethodHandle streamName, MethodHandle tags, MethodHandle tagKeys) {
    }

    private static final ClassValue<Members> MEMBERS = new ClassValue<>() {
        @Override
        protected Members computeValue(Class<?> type) {
            Map<String, MethodHandle> accessors = new HashMap<>();
            RecordComponent[] components = type.getRecordComponents();
            if (components != null) {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                for (RecordComponent component : components) {
                    try {
                        accessors.put(component.getName(), lookup.unreflect(component.getAccessor()));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("a generated record's accessor is not public: " + component, e);
                    }
                }
            }
            List<MethodHandle> arns = new ArrayList<>();
            for (String member : RESOURCE_MEMBERS) {
                if (accessors.containsKey(member)) {
                    arns.add(accessors.get(member));
                }
            }
            return new Members(List.copyOf(arns), accessors.get("streamName"), accessors.get("tags"),
                    accessors.get("tagKeys"));
        }
    };

    private final Authorizer authorizer;
    private final String region;
    private final String accountId;

    public KinesisAccess(Authorizer authorizer, String region, String accountId) {
        this.authorizer = authorizer;
        this.region = region;
        this.accountId = accountId;
    }

    /** Empty when {@code caller} may perform {@code operation} with {@code request}, else the denial. */
    Optional<AuthFailure> check(Caller caller, Map<String, List<String>> requestKeys, String operation, Object request) {
        Members members = MEMBERS.get(request.getClass());
        Map<String, List<String>> keys = new HashMap<>(requestKeys);
        addTagKeys(members, request, keys);
        return authorizer.authorize(caller, "kinesis:" + operation, resourceOf(members, request), keys);
    }

    /** The ARN the request acts on, {@code *} when it names none. */
    String resourceOf(Object request) {
        return resourceOf(MEMBERS.get(request.getClass()), request);
    }

    private String resourceOf(Members members, Object request) {
        for (MethodHandle arn : members.arns()) {
            String value = (String) invoke(arn, request);
            if (value != null) {
                return value;
            }
        }
        String streamName = members.streamName() == null ? null : (String) invoke(members.streamName(), request);
        return streamName == null ? "*" : "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + streamName;
    }

    private static void addTagKeys(Members members, Object request, Map<String, List<String>> keys) {
        if (members.tags() != null && invoke(members.tags(), request) instanceof Map<?, ?> tags && !tags.isEmpty()) {
            List<String> tagKeys = new ArrayList<>();
            tags.forEach((key, value) -> {
                keys.put(ConditionKeys.REQUEST_TAG + key, List.of(String.valueOf(value)));
                tagKeys.add(String.valueOf(key));
            });
            keys.put(ConditionKeys.TAG_KEYS, tagKeys);
        }
        if (members.tagKeys() != null && invoke(members.tagKeys(), request) instanceof List<?> tagKeys
                && !tagKeys.isEmpty()) {
            keys.put(ConditionKeys.TAG_KEYS, tagKeys.stream().map(String::valueOf).toList());
        }
    }

    private static Object invoke(MethodHandle accessor, Object request) {
        try {
            return accessor.invoke(request);
        } catch (Throwable e) {
            throw new IllegalStateException("reading a request member failed", e);
        }
    }
}
