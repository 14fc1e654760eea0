package io.riffle.functions;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms Lambda accepts where an API names a function, reduced to the function's name (the key of the
 * {@code function.<name>.url} settings): {@code my-function}, {@code my-function:v1},
 * {@code 123456789012:function:my-function[:v1]} and {@code arn:aws:lambda:us-east-1:123456789012:function:my-function[:v1]}.
 * Pure.
 */
public final class FunctionName {
    // Lambda's FunctionName pattern (CreateEventSourceMapping's), with named groups for the parts we need.
    private static final Pattern FORMS = Pattern.compile(
            "(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\\d{1}):)?(?:(?<account>\\d{12}):)?"
                    + "(?:function:)?(?<name>[a-zA-Z0-9-_]+)(?::(?<qualifier>\\$LATEST|[a-zA-Z0-9-_]+))?");

    private FunctionName() {
    }

    /** The function's name in any of Lambda's forms, or empty when {@code function} is none of them. */
    public static Optional<String> of(String function) {
        if (function == null || function.isEmpty() || function.length() > 140) {
            return Optional.empty();
        }
        Matcher m = FORMS.matcher(function);
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group("name");
        return name.length() > 64 ? Optional.empty() : Optional.of(name);
    }

    /** The qualifier (version or alias) {@code function} names, or null. */
    public static String qualifier(String function) {
        Matcher m = FORMS.matcher(function);
        return m.matches() ? m.group("qualifier") : null;
    }
}
