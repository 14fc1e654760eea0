package io.riffle.kinesis.protocol;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.Caller;
import io.riffle.aws.auth.Authorizer;
import io.riffle.aws.policy.ConditionKeys;
import io.riffle.aws.policy.PolicyDocument;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which IAM action and resource a Kinesis request is, as the AWS Service Authorization Reference
 * lists them: {@code kinesis:<Operation>} on the consumer's ARN when the request names a consumer
 * ({@code ConsumerARN}: SubscribeToShard, DescribeStreamConsumer, DeregisterStreamConsumer), on
 * {@code ResourceARN} (resource policies, TagResource), else on the stream's ARN ({@code StreamARN},
 * or built from {@code StreamName}), and on {@code *} for the account-wide actions (ListStreams,
 * DescribeLimits, DescribeAccountSettings). A request's {@code Tags} give {@code aws:RequestTag/*}
 * and {@code aws:TagKeys}; {@code TagKeys} (UntagResource, RemoveTagsFromStream) give
 * {@code aws:TagKeys}; the resource's own tags give {@code aws:ResourceTag/*}. A ListShards with
 * only a NextToken is checked on the stream the token pages. The members are read from the generated
 * request records once per type. The resource's own policy (PutResourcePolicy) is evaluated with the
 * caller's.
 */
public final class KinesisAccess {

    private static final String[] RESOURCE_MEMBERS = {"consumerARN", "resourceARN", "streamARN"};

    /** A request record's members that name its resource or carry tags, read through method handles. */
    private record Members(List<MethodHandle> arns, MethodHandle streamName, MethodHandle tags, MethodHandle tagKeys,
                           MethodHandle nextToken) {
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
                    accessors.get("tagKeys"), accessors.get("nextToken"));
        }
    };

    /** Parsed resource policies by their text; stored policies were checked when put, so they parse. */
    private static final int MAX_PARSED = 10_000;
    private final Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

    private final Authorizer authorizer;
    private final String region;
    private final String accountId;
    private final Function<String, Optional<String>> resourcePolicies;
    private final Function<String, Map<String, String>> resourceTags;
    private final Function<String, String> shardsTokenStream;

    /**
     * @param resourcePolicies  the resource policy of a stream or consumer ARN (PutResourcePolicy's),
     *                          read on event loops
     * @param resourceTags      the tags of a stream or consumer ARN (empty when none), read on event loops
     * @param shardsTokenStream the stream name a ListShards NextToken pages, or null when it is none
     */
    public KinesisAccess(Authorizer authorizer, String region, String accountId,
                         Function<String, Optional<String>> resourcePolicies,
                         Function<String, Map<String, String>> resourceTags, Function<String, String> shardsTokenStream) {
        this.authorizer = authorizer;
        this.region = region;
        this.accountId = accountId;
        this.resourcePolicies = resourcePolicies;
        this.resourceTags = resourceTags;
        this.shardsTokenStream = shardsTokenStream;
    }

    /** Empty when {@code caller} may perform {@code operation} with {@code request}, else the denial. */
    Optional<AuthFailure> check(Caller caller, Map<String, List<String>> requestKeys, String operation, Object request) {
        Members members = MEMBERS.get(request.getClass());
        Map<String, List<String>> keys = new HashMap<>(requestKeys);
        addTagKeys(members, request, keys);
        String resource = resourceOf(members, request);
        if (!resource.equals("*")) {
            resourceTags.apply(resource).forEach((key, value) ->
                    keys.put(ConditionKeys.RESOURCE_TAG + key, List.of(value)));
        }
        List<PolicyDocument> policies = resource.equals("*") ? List.of() : resourcePolicies.apply(resource)
                .map(text -> List.of(parsedPolicy(text))).orElse(List.of());
        return authorizer.authorize(caller, "kinesis:" + operation, resource, keys, policies);
    }

    private PolicyDocument parsedPolicy(String text) {
        if (parsed.size() > MAX_PARSED) {
            parsed.clear(); // policies replaced many times over: parse the live ones again
        }
        return parsed.computeIfAbsent(text, t -> PolicyDocument.parse(t, PolicyDocument.Kind.RESOURCE));
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
        if (streamName == null && members.nextToken() != null && request.getClass().getSimpleName()
                .equals("ListShardsInput")) {
            streamName = shardsTokenStream.apply((String) invoke(members.nextToken(), request));
        }
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
