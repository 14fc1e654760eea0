package io.riffle.aws.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code requestUri} of a REST operation in a service model ({@code http.requestUri} in botocore,
 * Smithy's {@code @http(uri)}), such as {@code /2015-03-31/event-source-mappings/{UUID}} or
 * {@code /2019-09-30/functions/{FunctionName}/provisioned-concurrency?List=ALL}:
 * <ul>
 *   <li>path segments, each a literal, a label {@code {Name}} (one non-empty segment) or, last, a greedy
 *       label {@code {Name+}} (one or more segments, the slashes kept);</li>
 *   <li>an optional literal query after {@code ?}: {@code name=value} or a bare {@code name} pairs joined by
 *       {@code &} that a request must carry to be this operation (how two operations on one path differ).</li>
 * </ul>
 * {@link #match} reads a request's raw (percent-encoded) path: literals compare after percent-decoding,
 * label values come back percent-decoded as UTF-8 ({@code +} stays {@code +}: it is a space only in a
 * form). {@link #expand} is the reverse (what a client sends). Strict like AWS: no trailing slash, no
 * empty segment, no empty label. Immutable and thread-safe.
 */
public final class UriTemplate {

    private enum Kind { LITERAL, LABEL, GREEDY }

    private record Segment(Kind kind, String text) {
    }

    private final String template;
    private final List<Segment> segments;
    private final Map<String, String> requiredQuery;

    private UriTemplate(String template, List<Segment> segments, Map<String, String> requiredQuery) {
        this.template = template;
        this.segments = segments;
        this.requiredQuery = requiredQuery;
    }

    /**
     * Parses a model's {@code requestUri}.
     *
     * @throws IllegalArgumentException when it does not start with '/', has an empty segment, a label
     *         that is not a whole segment, a greedy label before the last segment or a label twice
     */
    public static UriTemplate parse(String requestUri) {
        Objects.requireNonNull(requestUri, "requestUri");
        int question = requestUri.indexOf('?');
        String path = question < 0 ? requestUri : requestUri.substring(0, question);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a request URI starts with '/': " + requestUri);
        }
        List<Segment> segments = new ArrayList<>();
        if (path.length() > 1) {
            String[] parts = path.substring(1).split("/", -1);
            for (int i = 0; i < parts.length; i++) {
                segments.add(segment(requestUri, parts[i], i == parts.length - 1));
            }
        }
        List<String> labels = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.kind() != Kind.LITERAL) {
                if (labels.contains(segment.text())) {
                    throw new IllegalArgumentException("label {" + segment.text() + "} twice in " + requestUri);
                }
                labels.add(segment.text());
            }
        }
        Map<String, String> requiredQuery = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : requestUri.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                requiredQuery.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? null : pair.substring(equals + 1));
            }
        }
        return new UriTemplate(requestUri, List.copyOf(segments), Collections.unmodifiableMap(requiredQuery));
    }

    private static Segment segment(String requestUri, String part, boolean isLast) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("an empty path segment in " + requestUri);
        }
        int open = part.indexOf('{');
        int close = part.indexOf('}');
        if (open < 0 && close < 0) {
            return new Segment(Kind.LITERAL, part);
        }
        if (open != 0 || close != part.length() - 1 || part.length() < 3) {
            throw new IllegalArgumentException("a label is a whole path segment: '" + part + "' in " + requestUri);
        }
        String name = part.substring(1, part.length() - 1);
        if (name.endsWith("+")) {
            if (!isLast) {
                throw new IllegalArgumentException("a greedy label comes last: '" + part + "' in " + requestUri);
            }
            return new Segment(Kind.GREEDY, name.substring(0, name.length() - 1));
        }
        return new Segment(Kind.LABEL, name);
    }

    /** The template as the model wrote it. */
    public String template() {
        return template;
    }

    /** The names of its labels, in path order. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.kind() != Kind.LITERAL) {
                labels.add(segment.text());
            }
        }
        return labels;
    }

    /** The query parameters a request must carry (a null value: the name alone, with any value). */
    public Map<String, String> requiredQuery() {
        return requiredQuery;
    }

    /**
     * The labels of {@code rawPath}, percent-decoded, in path order; null when the path (or the query)
     * is not this template's. A malformed percent escape in a label or literal position does not match.
     *
     * @param rawPath the request's path as sent, without its query
     * @param query the request's decoded query parameters (name -> values)
     */
    public Map<String, String> match(String rawPath, Map<String, List<String>> query) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        for (Map.Entry<String, String> required : requiredQuery.entrySet()) {
            List<String> values = query.get(required.getKey());
            if (values == null || required.getValue() != null && !values.contains(required.getValue())) {
                return null;
            }
        }
        String[] parts = rawPath.length() == 1 ? new String[0] : rawPath.substring(1).split("/", -1);
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        for (Segment segment : segments) {
            if (segment.kind() == Kind.GREEDY) {
                if (i >= parts.length) {
                    return null;
                }
                StringBuilder value = new StringBuilder();
                for (int j = i; j < parts.length; j++) {
                    String decoded = decode(parts[j]);
                    if (decoded == null || decoded.isEmpty()) {
                        return null;
                    }
                    value.append(j == i ? "" : "/").append(decoded);
                }
                labels.put(segment.text(), value.toString());
                return labels;
            }
            if (i >= parts.length) {
                return null;
            }
            String decoded = decode(parts[i++]);
            if (decoded == null || decoded.isEmpty()) {
                return null;
            }
            if (segment.kind() == Kind.LITERAL) {
                if (!decoded.equals(segment.text())) {
                    return null;
                }
            } else {
                labels.put(segment.text(), decoded);
            }
        }
        return i == parts.length ? labels : null;
    }

    /**
     * The path (and literal query) with {@code labels} filled in, percent-encoded as the AWS SDKs encode
     * them (RFC 3986 unreserved characters kept; a greedy label keeps its slashes).
     *
     * @throws IllegalArgumentException when a label is missing or empty
     */
    public String expand(Map<String, String> labels) {
        StringBuilder uri = new StringBuilder();
        for (Segment segment : segments) {
            uri.append('/');
            if (segment.kind() == Kind.LITERAL) {
                uri.append(segment.text());
                continue;
            }
            String value = labels.get(segment.text());
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("label {" + segment.text() + "} of " + template + " has no value");
            }
            uri.append(encode(value, segment.kind() == Kind.GREEDY));
        }
        if (segments.isEmpty()) {
            uri.append('/');
        }
        int question = template.indexOf('?');
        if (question >= 0) {
            uri.append(template, question, template.length());
        }
        return uri.toString();
    }

    /**
     * How specific this template is against {@code other} when both match one request: segment by
     * segment a literal beats a label and a label beats a greedy label; then more segments, then more
     * required query parameters. Negative when this one is more specific.
     */
    int compareSpecificity(UriTemplate other) {
        int common = Math.min(segments.size(), other.segments.size());
        for (int i = 0; i < common; i++) {
            int byKind = segments.get(i).kind().compareTo(other.segments.get(i).kind());
            if (byKind != 0) {
                return byKind;
            }
        }
        if (segments.size() != other.segments.size()) {
            return Integer.compare(other.segments.size(), segments.size());
        }
        return Integer.compare(other.requiredQuery.size(), requiredQuery.size());
    }

    /** Percent-decodes one path segment as UTF-8; null for a malformed escape. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                int codePoint = segment.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
                continue;
            }
            if (i + 2 >= segment.length()) {
                return null;
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes {@code value} as UTF-8, keeping RFC 3986's unreserved characters (and '/' when asked). */
    static String encode(String value, boolean keepSlash) {
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || keepSlash && c == '/') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UriTemplate that && template.equals(that.template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return template;
    }
}
