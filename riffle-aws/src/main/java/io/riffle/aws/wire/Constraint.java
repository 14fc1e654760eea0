package io.riffle.aws.wire;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model constraints of one scalar shape (generated once per constrained shape in {@code <Service>Validator}),
 * checked and worded as AWS does: for a string enum, pattern, then minimum and maximum length (UTF-16 units);
 * for a blob its length in bytes; for a number its value. {@code enumValues} is in the order AWS lists them in
 * its message (the model's, unless the generator was told otherwise).
 */
public final class Constraint {
    /** What {@code min}/{@code max} measure. */
    public enum Kind { STRING, BLOB, NUMBER }

    private final Kind kind;
    private final BigDecimal min;
    private final BigDecimal max;
    private final String patternText;
    private final Pattern pattern;
    private final List<String> enumValues;
    private final Set<String> enumSet;
    /** {@code min} and {@code max} as the whole lengths (or item counts) they allow, for {@link #isKeptBy}. */
    private final long minLength;
    private final long maxLength;

    public Constraint(Kind kind, String min, String max, String pattern, List<String> enumValues) {
        this.kind = kind;
        this.min = min == null ? null : new BigDecimal(min);
        this.max = max == null ? null : new BigDecimal(max);
        this.patternText = pattern;
        this.pattern = pattern == null ? null : Pattern.compile(pattern);
        this.enumValues = List.copyOf(enumValues);
        this.enumSet = Set.copyOf(enumValues);
        this.minLength = this.min == null ? Long.MIN_VALUE : wholeLength(this.min, RoundingMode.CEILING);
        this.maxLength = this.max == null ? Long.MAX_VALUE : wholeLength(this.max, RoundingMode.FLOOR);
    }

    /** A bound as the whole lengths it allows: length >= 1.5 is length >= 2; past long's range, long's end. */
    private static long wholeLength(BigDecimal bound, RoundingMode rounding) {
        BigDecimal whole = bound.setScale(0, rounding);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        return whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 ? Long.MIN_VALUE : whole.longValueExact();
    }

    /**
     * Whether the value keeps every constraint: what a request that passes validation (nearly all) costs, without
     * {@link #failedAny}'s list and number objects per member (PutRecords checks three members of 500 entries).
     */
    public boolean isKeptBy(Object value) {
        return switch (value) {
            case null -> true;
            case String s -> (enumValues.isEmpty() || enumSet.contains(s))
                    && (pattern == null || pattern.matcher(s).matches()) && isLengthKept(s.length());
            case Blob b -> isLengthKept(b.length());
            case Number n -> failed(n).isEmpty();
            default -> true;
        };
    }

    /** Whether a list or map of {@code size} items keeps the size constraints ({@link #failedSize} is empty). */
    public boolean isSizeKept(int size) {
        return isLengthKept(size);
    }

    /** The constraints a string breaks, in AWS's order and words; empty when it keeps them all. */
    public List<String> failed(String value) {
        List<String> failed = new ArrayList<>(2);
        if (!enumValues.isEmpty() && !enumSet.contains(value)) {
            failed.add(enumConstraint());
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            failed.add("Member must satisfy regular expression pattern: " + patternText);
        }
        lengthChecks(value.length(), failed);
        return failed;
    }

    public List<String> failed(Blob value) {
        List<String> failed = new ArrayList<>(2);
        lengthChecks(value.length(), failed);
        return failed;
    }

    public List<String> failed(Number value) {
        List<String> failed = new ArrayList<>(2);
        BigDecimal n = value instanceof Double || value instanceof Float
                ? BigDecimal.valueOf(value.doubleValue()) : BigDecimal.valueOf(value.longValue());
        if (min != null && n.compareTo(min) < 0) {
            failed.add("Member must have value greater than or equal to " + text(min));
        }
        if (max != null && n.compareTo(max) > 0) {
            failed.add("Member must have value less than or equal to " + text(max));
        }
        return failed;
    }

    /** The constraints any item value breaks (for lists and maps of scalars). */
    public List<String> failedAny(Object value) {
        return switch (value) {
            case null -> List.of();
            case String s -> failed(s);
            case Blob b -> failed(b);
            case Number n -> failed(n);
            default -> List.of();
        };
    }

    /** Size checks of a list or map: its item count. */
    public List<String> failedSize(int size) {
        List<String> failed = new ArrayList<>(2);
        lengthChecks(size, failed);
        return failed;
    }

    /** Every constraint, as AWS lists them inside "must satisfy constraint: [...]". */
    public List<String> describe() {
        List<String> all = new ArrayList<>();
        String unit = kind == Kind.NUMBER ? "value" : "length";
        if (max != null) {
            all.add("Member must have " + unit + " less than or equal to " + text(max));
        }
        if (min != null) {
            all.add("Member must have " + unit + " greater than or equal to " + text(min));
        }
        if (patternText != null) {
            all.add("Member must satisfy regular expression pattern: " + patternText);
        }
        if (!enumValues.isEmpty()) {
            all.add(enumConstraint());
        }
        return all;
    }

    private boolean isLengthKept(long length) {
        return length >= minLength && length <= maxLength;
    }

    private void lengthChecks(long length, List<String> failed) {
        if (min != null && BigDecimal.valueOf(length).compareTo(min) < 0) {
            failed.add("Member must have length greater than or equal to " + text(min));
        }
        if (max != null && BigDecimal.valueOf(length).compareTo(max) > 0) {
            failed.add("Member must have length less than or equal to " + text(max));
        }
    }

    private String enumConstraint() {
        return "Member must satisfy enum value set: [" + String.join(", ", enumValues) + "]";
    }

    private static String text(BigDecimal n) {
        return n.stripTrailingZeros().scale() <= 0 ? n.toBigInteger().toString() : n.toPlainString();
    }
}
