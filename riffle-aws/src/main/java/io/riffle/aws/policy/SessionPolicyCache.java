package io.riffle.aws.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inline session policies, parsed once per text rather than on every request of their session: a
 * bounded least-recently-used map (texts come from callers, so an unbounded one would grow with every
 * session ever issued). Keyed by the text, which the session token seals, so every session issued with
 * the same policy shares one entry. Thread-safe: event loops call it (riffle-iam's authorizer); a lookup is a
 * short critical section. {@code SessionPolicyBench} (riffle-bench) measures what it saves.
 */
public final class SessionPolicyCache {

    /** Distinct session policies kept (each a few KiB at most: STS limits their packed size). */
    public static final int DEFAULT_ENTRIES = 1_024;

    private final Map<String, PolicyDocument> parsed;

    public SessionPolicyCache(int maxEntries) {
        this.parsed = new LeastRecentlyUsed(maxEntries);
    }

    /** {@code text} parsed: it was checked when the session was issued, so it parses. */
    public PolicyDocument parsed(String text) {
        synchronized (parsed) {
            PolicyDocument found = parsed.get(text);
            if (found == null) {
                found = PolicyDocument.parse(text, PolicyDocument.Kind.IDENTITY);
                parsed.put(text, found);
            }
            return found;
        }
    }

    public int size() {
        synchronized (parsed) {
            return parsed.size();
        }
    }

    /** A LinkedHashMap in access order that drops its eldest entry past {@code maxEntries}. */
    private static final class LeastRecentlyUsed extends LinkedHashMap<String, PolicyDocument> {
        private static final long serialVersionUID = 1L;
        private final int maxEntries;

        LeastRecentlyUsed(int maxEntries) {
            super(64, 0.75f, true);
            this.maxEntries = maxEntries;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PolicyDocument> eldest) {
            return size() > maxEntries;
        }
    }
}
