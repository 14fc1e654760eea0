package io.riffle.sts;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * STS' checks of an action's parameters and their texts ("Value 'x' at 'member' failed to satisfy
 * constraint: ..."), collected and answered as one {@code ValidationError}, as STS answers them.
 */
final class StsParameters {

    private StsParameters() {
    }

    /** Notes in {@code invalid} what is wrong with text member {@code member}, if anything. */
    static void checkText(List<String> invalid, String value, String member, int minLength, int maxLength,
                          Pattern pattern) {
        if (value.length() < minLength) {
            invalid.add(constraint(value, member, "Member must have length greater than or equal to " + minLength));
        } else if (value.length() > maxLength) {
            invalid.add(constraint(value, member, "Member must have length less than or equal to " + maxLength));
        } else if (!pattern.matcher(value).matches()) {
            invalid.add(constraint(value, member, "Member must satisfy regular expression pattern: " + pattern));
        }
    }

    /** Notes in {@code invalid} when list member {@code member} has more than {@code max} items. */
    static void checkListLength(List<String> invalid, List<String> items, String member, int max) {
        if (items.size() > max) {
            invalid.add(constraint(items.toString(), member, "Member must have length less than or equal to " + max));
        }
    }

    /** The number {@code text} spells, or null when it is none. */
    static Long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * DurationSeconds as both actions read it: absent ({@code seconds} null), a number (outside [min, max] noted in
     * {@code invalid}), or not a number ({@code notANumber}, the answer STS gives before any other check).
     */
    record DurationSeconds(Long seconds, AwsAnswer notANumber) {
        long orElse(long otherwise) {
            return seconds == null ? otherwise : seconds;
        }
    }

    static DurationSeconds durationSeconds(AwsRequest request, String text, List<String> invalid, long min, long max) {
        if (text == null) {
            return new DurationSeconds(null, null);
        }
        Long seconds = number(text);
        if (seconds == null) {
            return new DurationSeconds(null, notANumber(request, text, "durationSeconds"));
        }
        checkRange(invalid, seconds, text, "durationSeconds", min, max);
        return new DurationSeconds(seconds, null);
    }

    /** A numeric member that is not a number: STS answers it alone, before the other checks. */
    static AwsAnswer notANumber(AwsRequest request, String value, String member) {
        return StsXml.error(400, "ValidationError", "Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must be a number", request.requestId());
    }

    /** Notes in {@code invalid} when numeric member {@code member} is outside [min, max]. */
    static void checkRange(List<String> invalid, long value, String text, String member, long min, long max) {
        if (value < min) {
            invalid.add(constraint(text, member, "Member must have value greater than or equal to " + min));
        } else if (value > max) {
            invalid.add(constraint(text, member, "Member must have value less than or equal to " + max));
        }
    }

    static String constraint(String value, String member, String rule) {
        return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + rule;
    }

    /** A required member that is missing. */
    static String missing(String member) {
        return "Value null at '" + member + "' failed to satisfy constraint: Member must not be null";
    }

    /** The one ValidationError (400) for everything in {@code invalid}. */
    static AwsAnswer validationError(AwsRequest request, List<String> invalid) {
        return StsXml.error(400, "ValidationError", invalid.size() + " validation error"
                + (invalid.size() == 1 ? "" : "s") + " detected: " + String.join("; ", invalid), request.requestId());
    }

    /** Whether the request carries {@code name} as a header or a presigned query parameter. */
    static boolean isSigned(AwsRequest request, String name) {
        return request.header(name) != null || request.queryParameter(name) != null;
    }
}
