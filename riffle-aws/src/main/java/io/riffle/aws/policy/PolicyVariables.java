package io.riffle.aws.policy;

import java.util.List;

/**
 * IAM's policy variables ({@code ${aws:username}}, and {@code ${*}}, {@code ${?}}, {@code ${$}} for
 * the literal characters) in a Resource or a condition's values, replaced with the request's single
 * value of the key. A key the request lacks, or holds several values of, leaves the element
 * unmatchable, as IAM does.
 */
public final class PolicyVariables {

    /** What an unresolvable variable becomes: no ARN or value contains it. */
    static final String UNRESOLVED = "\u0000unresolved\u0000";

    private final AccessRequest request;

    PolicyVariables(AccessRequest request) {
        this.request = request;
    }

    String resolve(String text) {
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder resolved = new StringBuilder(text.length());
        int from = 0;
        while (start >= 0) {
            int end = text.indexOf('}', start);
            if (end < 0) {
                break;
            }
            resolved.append(text, from, start);
            String name = text.substring(start + 2, end);
            switch (name) {
                case "*", "?", "$" -> resolved.append(name);
                default -> {
                    List<String> values = request.values(name);
                    resolved.append(values.size() == 1 ? values.get(0) : UNRESOLVED);
                }
            }
            from = end + 1;
            start = text.indexOf("${", from);
        }
        return resolved.append(text, from, text.length()).toString();
    }
}
