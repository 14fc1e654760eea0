package io.riffle.aws.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which REST operation a request is: the operations of a restJson (or restXml) service by HTTP method and
 * {@link UriTemplate}, and the lookup of one request's method, raw path and query. When several templates
 * match (a literal segment against a label, {@code ?List=ALL} against none) the most specific wins, as
 * Smithy's routing rules ask; two operations with the same method and template are refused when added.
 * Built once at start-up, then read-only and thread-safe.
 *
 * @param <T> what names an operation (its spec)
 */
public final class RestOperationTable<T> {

    private record Entry<T>(String method, UriTemplate template, T operation) {
    }

    /** A request's operation and its labels (decoded, in path order). */
    public record Found<T>(T operation, Map<String, String> labels) {
    }

    private final List<Entry<T>> entries = new ArrayList<>();

    /**
     * Adds {@code operation} at {@code method} and {@code requestUri}.
     *
     * @throws IllegalArgumentException when an operation already has this method and template
     */
    public RestOperationTable<T> add(String method, String requestUri, T operation) {
        Objects.requireNonNull(operation, "operation");
        UriTemplate template = UriTemplate.parse(requestUri);
        for (Entry<T> entry : entries) {
            if (entry.method().equals(method) && entry.template().equals(template)) {
                throw new IllegalArgumentException(method + " " + requestUri + " is already " + entry.operation());
            }
        }
        entries.add(new Entry<>(method, template, operation));
        return this;
    }

    /** The operation at {@code method}, {@code rawPath} and {@code query}, or null when there is none. */
    public Found<T> find(String method, String rawPath, Map<String, List<String>> query) {
        Entry<T> best = null;
        Map<String, String> bestLabels = null;
        for (Entry<T> entry : entries) {
            if (!entry.method().equals(method)) {
                continue;
            }
            Map<String, String> labels = entry.template().match(rawPath, query);
            if (labels != null && (best == null || entry.template().compareSpecificity(best.template()) < 0)) {
                best = entry;
                bestLabels = labels;
            }
        }
        return best == null ? null : new Found<>(best.operation(), bestLabels);
    }

    /**
     * The methods some operation takes at {@code rawPath} and {@code query}, sorted: empty when no
     * operation lives there (an unknown path), else what a request with another method could have used.
     */
    public Set<String> methodsAt(String rawPath, Map<String, List<String>> query) {
        Set<String> methods = new TreeSet<>();
        for (Entry<T> entry : entries) {
            if (entry.template().match(rawPath, query) != null) {
                methods.add(entry.method());
            }
        }
        return methods;
    }
}
