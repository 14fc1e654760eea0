package io.riffle.aws.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The validation failures of one request, in AWS's words (at most {@value #MAX_REPORTED}):
 * <pre>
 * 2 validation errors detected: Value null at 'shardIteratorType' failed to satisfy constraint: Member must
 * not be null; Value 'a b' at 'streamName' failed to satisfy constraint: Member must satisfy regular
 * expression pattern: [a-zA-Z0-9_.-]+
 * </pre>
 * Values are shown as the Java service shows them: quoted, null unquoted, a blob as
 * {@code java.nio.HeapByteBuffer[pos=0 lim=N cap=N]}, a structure as Java's object name
 * ({@code javaObjectFormat} with the shape's name), a list as {@code [a, b]}, a map as {@code {k=v}}.
 * One per request; not thread-safe.
 */
public final class Violations {
    public static final int MAX_REPORTED = 10;

    private final String javaObjectFormat;
    private final List<String> messages = new ArrayList<>();

    /** @param javaObjectFormat how the service names its Java objects, e.g. {@code com.amazonaws.kinesis.v20131202.%s@c965e310} */
    public Violations(String javaObjectFormat) {
        this.javaObjectFormat = javaObjectFormat;
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** "N validation error(s) detected: ..." */
    public String message() {
        return messages.size() + " validation error" + (messages.size() == 1 ? "" : "s") + " detected: "
                + String.join("; ", messages);
    }

    /** These violations but those whose message {@code isExcused} (a documented deviation a setting allows). */
    public Violations without(java.util.function.Predicate<String> isExcused) {
        Violations kept = new Violations(javaObjectFormat);
        messages.stream().filter(isExcused.negate()).forEach(kept.messages::add);
        return kept;
    }

    /** Throws a ValidationException (400) with {@link #message()} when there is any violation. */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new AwsServiceException("ValidationException", 400, message());
        }
    }

    public void missing(String path) {
        report(null, path, "Member must not be null");
    }

    /** Reports each constraint a scalar breaks. */
    public void scalar(Object value, String path, Constraint constraint) {
        if (constraint.isKeptBy(value)) {
            return;
        }
        for (String failed : constraint.failedAny(value)) {
            report(value, path, failed);
        }
    }

    /** A list's or map's size checks. */
    public void size(Object container, int size, String path, Constraint constraint) {
        if (constraint.isSizeKept(size)) {
            return;
        }
        for (String failed : constraint.failedSize(size)) {
            report(container, path, failed);
        }
    }

    /** One message on a list (subject "Member") or map ("Map keys", "Map value") when any scalar item breaks {@code item}. */
    public void items(Object container, Iterable<?> items, String path, String subject, Constraint item) {
        for (Object v : items) {
            if (!item.isKeptBy(v)) {
                report(container, path, subject + " must satisfy constraint: [" + String.join(", ", item.describe()) + "]");
                return;
            }
        }
    }

    public void report(Object value, String path, String constraint) {
        if (messages.size() >= MAX_REPORTED) {
            return;
        }
        String shown = value == null ? "null" : "'" + show(value) + "'";
        messages.add("Value " + shown + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    private String show(Object v) {
        return switch (v) {
            case null -> "null";
            case Blob b -> "java.nio.HeapByteBuffer[pos=0 lim=" + b.length() + " cap=" + b.length() + "]";
            case WireShape s -> javaObjectFormat.formatted(s.wireShapeName());
            case Instant t -> Long.toString(t.toEpochMilli());
            case List<?> list -> {
                List<String> items = new ArrayList<>(list.size());
                list.forEach(e -> items.add(show(e)));
                yield "[" + String.join(", ", items) + "]";
            }
            case Map<?, ?> map -> {
                List<String> entries = new ArrayList<>(map.size());
                map.forEach((k, e) -> entries.add(k + "=" + show(e)));
                yield "{" + String.join(", ", entries) + "}";
            }
            default -> String.valueOf(v);
        };
    }
}
