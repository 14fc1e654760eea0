package io.riffle.aws.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The global condition keys Riffle fills in, and how keys compare: the part before the first
 * {@code /} ignoring case ({@code AWS:SourceIp} is {@code aws:SourceIp}), a tag key after it as
 * written ({@code aws:RequestTag/Team}), as IAM treats them.
 */
public final class ConditionKeys {

    public static final String SOURCE_IP = "aws:SourceIp";
    public static final String SECURE_TRANSPORT = "aws:SecureTransport";
    public static final String CURRENT_TIME = "aws:CurrentTime";
    public static final String EPOCH_TIME = "aws:EpochTime";
    public static final String PRINCIPAL_ARN = "aws:PrincipalArn";
    public static final String PRINCIPAL_ACCOUNT = "aws:PrincipalAccount";
    public static final String USERNAME = "aws:username";
    public static final String USER_ID = "aws:userid";
    public static final String TAG_KEYS = "aws:TagKeys";
    public static final String REQUEST_TAG = "aws:RequestTag/";
    public static final String RESOURCE_TAG = "aws:ResourceTag/";
    public static final String PRINCIPAL_TAG = "aws:PrincipalTag/";

    private ConditionKeys() {
    }

    static String normalize(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key.toLowerCase(Locale.ROOT)
                : key.substring(0, slash).toLowerCase(Locale.ROOT) + key.substring(slash);
    }

    static Map<String, List<String>> lowerCased(Map<String, List<String>> keys) {
        Map<String, List<String>> normalized = new HashMap<>();
        if (keys != null) {
            keys.forEach((key, values) -> normalized.put(normalize(key), List.copyOf(values)));
        }
        return Map.copyOf(normalized);
    }
}
