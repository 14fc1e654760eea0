package io.riffle.sts;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.SessionTags;
import io.riffle.aws.policy.ConditionKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AssumeRole's session tags: {@code Tags} (at most {@value #MAX_TAGS}, keys and values as the model's
 * patterns and lengths say) and {@code TransitiveTagKeys}, checked as STS checks them, merged with the
 * transitive tags the caller's own session passes on (role chaining), and the condition keys
 * ({@code aws:RequestTag/<key>}, {@code aws:TagKeys}) that {@code sts:TagSession} is evaluated with.
 */
final class SessionTagParameters {
    static final int MAX_TAGS = 50;
    static final String TAG_SESSION = "sts:TagSession";
    /** STS' text for keys that differ only in case (recalled from AWS' answers, not from the model). */
    static final String DUPLICATE_KEYS = "Duplicate tag keys found. Please note that Tag keys are case insensitive.";
    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    private static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private final Map<String, String> passed;
    private final List<String> transitiveKeys;

    private SessionTags merged = SessionTags.NONE;

    private SessionTagParameters(Map<String, String> passed, List<String> transitiveKeys) {
        this.passed = passed;
        this.transitiveKeys = transitiveKeys;
    }

    /** The tags in {@code parameters}; what is wrong with their shapes goes into {@code invalid}. */
    static SessionTagParameters read(Map<String, List<String>> parameters, List<String> invalid) {
        List<String> keys = FormEncoding.members(parameters, "Tags", "Key");
        Map<String, String> passed = new LinkedHashMap<>();
        StsParameters.checkListLength(invalid, keys, "tags", MAX_TAGS);
        boolean isDuplicate = false;
        for (int i = 0; i < keys.size(); i++) {
            String member = "tags." + (i + 1) + ".member.";
            String value = FormEncoding.first(parameters, "Tags.member." + (i + 1) + ".Value");
            StsParameters.checkText(invalid, keys.get(i), member + "key", 1, 128, KEY);
            if (value == null) {
                invalid.add(StsParameters.missing(member + "value"));
            } else {
                StsParameters.checkText(invalid, value, member + "value", 0, 256, VALUE);
            }
            isDuplicate |= passed.put(keys.get(i), value == null ? "" : value) != null;
        }
        List<String> transitive = FormEncoding.members(parameters, "TransitiveTagKeys", null);
        StsParameters.checkListLength(invalid, transitive, "transitiveTagKeys", MAX_TAGS);
        for (int i = 0; i < transitive.size(); i++) {
            StsParameters.checkText(invalid, transitive.get(i), "transitiveTagKeys." + (i + 1) + ".member", 1, 128,
                    KEY);
        }
        return new SessionTagParameters(isDuplicate ? null : passed, transitive);
    }

    boolean isPassed() {
        return passed == null || !passed.isEmpty() || !transitiveKeys.isEmpty();
    }

    /**
     * Merges the passed tags with {@code inherited} (the caller's session's transitive tags); an answer when
     * STS refuses them (keys equal but for case, a transitive key that is not a passed tag, a passed tag
     * overriding an inherited one), else null and {@link #tags()} holds the new session's tags.
     */
    AwsAnswer merge(SessionTags inherited, AwsRequest request) {
        if (passed == null || passed.keySet().stream().map(key -> key.toLowerCase(Locale.ROOT)).distinct().count()
                != passed.size()) {
            return StsXml.error(400, "InvalidParameterValue", DUPLICATE_KEYS, request.requestId());
        }
        for (String key : transitiveKeys) {
            if (!passed.containsKey(key)) {
                return StsXml.error(400, "InvalidParameterValue", "The transitive tag key " + key + " is not among"
                        + " the session tags passed with it.", request.requestId());
            }
        }
        Map<String, String> tags = new LinkedHashMap<>(inherited.tags());
        for (Map.Entry<String, String> tag : passed.entrySet()) {
            if (inherited.hasKey(tag.getKey())) {
                return StsXml.error(400, "InvalidParameterValue", "The session tag " + tag.getKey() + " is a"
                        + " transitive tag of the calling session and cannot be overridden.", request.requestId());
            }
            tags.put(tag.getKey(), tag.getValue());
        }
        List<String> transitive = new ArrayList<>(inherited.transitiveKeys());
        transitive.addAll(transitiveKeys);
        merged = new SessionTags(tags, transitive);
        return null;
    }

    /** The new session's tags, once {@link #merge} accepted them. */
    SessionTags tags() {
        return merged;
    }

    /** What the passed tags add to the packed size: their keys' and values' characters (ours: AWS packs them). */
    int packedLength() {
        return passed.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    }

    /** {@code aws:RequestTag/<key>} for each passed tag and {@code aws:TagKeys}, added to {@code keys}. */
    void addConditionKeys(Map<String, List<String>> keys) {
        passed.forEach((key, value) -> keys.put(ConditionKeys.REQUEST_TAG + key, List.of(value)));
        keys.put(ConditionKeys.TAG_KEYS, List.copyOf(passed.keySet()));
    }
}
