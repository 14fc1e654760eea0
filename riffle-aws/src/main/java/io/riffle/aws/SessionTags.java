package io.riffle.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A session's tags (AssumeRole's {@code Tags}): key-value pairs that policies read as
 * {@code aws:PrincipalTag/<key>}, and the keys among them that are transitive (passed on to the
 * sessions this one assumes, role chaining). Keys keep the case they were given in; two keys that
 * differ only in case are one key, as STS treats them.
 *
 * @param tags          by key, in the order they were given
 * @param transitiveKeys the keys (as in {@code tags}) that role chaining passes on
 */
public record SessionTags(Map<String, String> tags, List<String> transitiveKeys) {

    public static final SessionTags NONE = new SessionTags(Map.of(), List.of());

    public SessionTags {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        transitiveKeys = List.copyOf(transitiveKeys);
    }

    public boolean isEmpty() {
        return tags.isEmpty();
    }

    /** The transitive tags, which a session assumed from this one inherits. */
    public SessionTags transitive() {
        Map<String, String> kept = new LinkedHashMap<>();
        transitiveKeys.forEach(key -> kept.put(key, tags.get(key)));
        return new SessionTags(kept, transitiveKeys);
    }

    /** Whether a tag with {@code key} is here, ignoring case. */
    public boolean hasKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return tags.keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).equals(lower));
    }
}
