package io.riffle.aws.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restJson operation's request URI template, e.g. {@code /2015-03-31/functions/{FunctionName}/invocations}:
 * literal segments and labels ({@code {Name}} one segment, {@code {Name+}} the rest of the path); a query part in
 * the model's template ({@code ?find=LayerVersion}, {@code ?versioning}) is not part of the path but must be in the
 * request's query ({@link #matchesQuery}): it is how two operations on one method and path differ (Lambda's ListLayers
 * and GetLayerVersionByArn). Immutable.
 */
public final class UriTemplate {
    private final String template;
    private final List<String> segments = new ArrayList<>();
    private final int literalChars;
    /** The template's literal query: name -> value (null: the name alone, any value). */
    private final Map<String, String> requiredQuery = new LinkedHashMap<>();

    public UriTemplate(String template) {
        this.template = template;
        int q = template.indexOf('?');
        String path = q < 0 ? template : template.substring(0, q);
        int literal = 0;
        for (String segment : path.split("/", -1)) {
            segments.add(segment);
            literal += segment.startsWith("{") ? 0 : segment.length() + 1;
        }
        this.literalChars = literal;
        if (q >= 0) {
            for (String pair : template.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int equals = pair.indexOf('=');
                    requiredQuery.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? null : pair.substring(equals + 1));
                }
            }
        }
    }

    /** Whether {@code query} (decoded parameters) carries the template's literal query; true when it has none. */
    public boolean matchesQuery(Map<String, List<String>> query) {
        for (Map.Entry<String, String> required : requiredQuery.entrySet()) {
            List<String> values = query.get(required.getKey());
            if (values == null || required.getValue() != null && !values.contains(required.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this template is more specific than {@code other} when both match a request: more literal
     * characters in the path, then more literal query parameters.
     */
    public boolean isMoreSpecificThan(UriTemplate other) {
        return literalChars != other.literalChars ? literalChars > other.literalChars
                : requiredQuery.size() > other.requiredQuery.size();
    }

    /** How specific the template is: its literal characters (the router prefers the most specific match). */
    public int literalChars() {
        return literalChars;
    }

    /** The labels of a matching path (percent-decoded), or null when the path does not match. */
    public Map<String, String> match(String path) {
        String[] parts = path.split("/", -1);
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        for (; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean isGreedy = segment.startsWith("{") && segment.endsWith("+}");
            if (isGreedy) {
                if (i >= parts.length) {
                    return null;
                }
                labels.put(segment.substring(1, segment.length() - 2),
                        percentDecode(String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length))));
                return labels;
            }
            if (i >= parts.length) {
                // a trailing slash in the template is optional
                return i == segments.size() - 1 && segment.isEmpty() ? labels : null;
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                labels.put(segment.substring(1, segment.length() - 1), percentDecode(parts[i]));
            } else if (!segment.equals(parts[i])) {
                return null;
            }
        }
        boolean isRestEmpty = i == parts.length || (i == parts.length - 1 && parts[i].isEmpty());
        return isRestEmpty ? labels : null;
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            // a whole code point: a character outside the BMP is two chars, and one alone encodes as '?'
            int codePoint = s.codePointAt(i);
            byte[] bytes = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            i += Character.charCount(codePoint) - 1;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return template;
    }
}
