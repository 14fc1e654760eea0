package io.riffle.aws.wire;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The input of an awsQuery operation (STS, IAM): a decoded form whose names spell a path through the input
 * structure, as the SDKs serialize it:
 * <pre>
 *   RoleArn=arn:aws:iam::000000000000:role/r            a member: its name (or locationName)
 *   Tags.member.1.Key=team &amp; Tags.member.1.Value=x      a list: prefix.member.N (1-based; "member" or
 *                                                      the member's locationName); flattened: prefix.N
 *   PolicyArns=                                        an empty list: the name alone, with ""
 *   Attributes.entry.1.key=k &amp; Attributes.entry.1.value=v   a map: prefix.entry.N.key / .value
 *                                                      (key/value locationNames); flattened: prefix.N.key
 * </pre>
 * A generated decoder walks its shapes with these keys; this class answers what is there. A name sent twice
 * counts with its first value (AWS reads one). List and map indexes come back in numeric order; a key whose
 * index is not a positive number is no element. Scalars: booleans {@code true}/{@code false}, numbers in
 * decimal, timestamps ISO 8601 (the protocol's default), blobs base64. Immutable and thread-safe.
 */
public final class QueryInput {

    /** A value that is not of its member's type: the service answers it with its own validation error. */
    public static final class MalformedValueException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String key;

        MalformedValueException(String key, String value, String expected) {
            super("'" + value + "' at '" + key + "' is not " + expected);
            this.key = key;
        }

        /** The form name whose value is malformed. */
        public String key() {
            return key;
        }
    }

    /** The keys of one map entry: where its key and its value are. */
    public record MapEntry(String keyKey, String valueKey) {
    }

    private final NavigableMap<String, String> values;

    private QueryInput(NavigableMap<String, String> values) {
        this.values = values;
    }

    /** The input of a decoded form (name -> values, as {@code FormEncoding.decode} gives it). */
    public static QueryInput of(Map<String, List<String>> form) {
        NavigableMap<String, String> values = new TreeMap<>();
        form.forEach((name, list) -> {
            if (!list.isEmpty()) {
                values.put(name, list.get(0));
            }
        });
        return new QueryInput(values);
    }

    /** The value at {@code key}, or null when the form has no such name. */
    public String string(String key) {
        return values.get(key);
    }

    /** Whether the form has {@code key} itself or anything under it ({@code key.}...): a member that was sent. */
    public boolean has(String key) {
        return values.containsKey(key) || !under(key).isEmpty();
    }

    /**
     * The keys of a list's elements in index order: {@code prefix.member.1}, {@code prefix.member.2}... for a
     * list whose member is {@code memberName}, or {@code prefix.1}... when {@code flattened}. Empty for an
     * empty list (sent as the name alone) or one that was not sent; tell them apart with {@link #has}.
     */
    public List<String> listElements(String prefix, String memberName, boolean flattened) {
        String elementPrefix = flattened ? prefix : prefix + "." + memberName;
        return indexed(elementPrefix);
    }

    /**
     * The entries of a map in index order: where each one's key and value are ({@code prefix.entry.N.key} /
     * {@code .value}, or {@code prefix.N.key} when {@code flattened}; {@code keyName} and {@code valueName}
     * are the model's locationNames, "key" and "value" by default).
     */
    public List<MapEntry> mapEntries(String prefix, boolean flattened, String keyName, String valueName) {
        List<MapEntry> entries = new ArrayList<>();
        for (String entry : indexed(flattened ? prefix : prefix + ".entry")) {
            entries.add(new MapEntry(entry + "." + keyName, entry + "." + valueName));
        }
        return entries;
    }

    /** The boolean at {@code key} ({@code true} or {@code false}), or null when absent. */
    public Boolean bool(String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new MalformedValueException(key, value, "a boolean");
        };
    }

    /** The 32-bit integer at {@code key}, or null when absent. */
    public Integer integer(String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new MalformedValueException(key, value, "an integer");
        }
    }

    /** The 64-bit integer at {@code key}, or null when absent. */
    public Long longValue(String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw new MalformedValueException(key, value, "a long");
        }
    }

    /** The double at {@code key}, or null when absent. */
    public Double doubleValue(String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            throw new MalformedValueException(key, value, "a double");
        }
    }

    /** The float at {@code key}, or null when absent. */
    public Float floatValue(String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Float.valueOf(value);
        } catch (NumberFormatException e) {
            throw new MalformedValueException(key, value, "a float");
        }
    }

    /** The ISO 8601 timestamp at {@code key} (with an offset or Z), or null when absent. */
    public Instant timestamp(String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedValueException(key, value, "an ISO 8601 timestamp");
        }
    }

    /** The base64 blob at {@code key}, decoded, or null when absent. */
    public byte[] blob(String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedValueException(key, value, "base64");
        }
    }

    /** The base64 blob at {@code key} as a {@link Blob} (decoded once), or null when absent. */
    public Blob blobValue(String key) {
        byte[] bytes = blob(key);
        return bytes == null ? null : Blob.wrap(bytes);
    }

    private NavigableMap<String, String> under(String key) {
        // '/' follows '.' in ASCII: the names that start with "key."
        return values.subMap(key + ".", true, key + "/", false);
    }

    private List<String> indexed(String elementPrefix) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        int start = elementPrefix.length() + 1;
        for (String name : under(elementPrefix).keySet()) {
            int end = name.indexOf('.', start);
            String index = end < 0 ? name.substring(start) : name.substring(start, end);
            int number = positive(index);
            if (number > 0) {
                byIndex.putIfAbsent(number, elementPrefix + "." + index);
            }
        }
        return List.copyOf(byIndex.values());
    }

    /** {@code text} as a positive decimal number without leading zeros, or -1. */
    private static int positive(String text) {
        if (text.isEmpty() || text.length() > 9 || text.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(text);
    }

    @Override
    public String toString() {
        return Objects.toString(values);
    }
}
