package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.riffle.kinesis.protocol.ServiceModel.Member;
import io.riffle.kinesis.protocol.ServiceModel.Shape;
import io.riffle.kinesis.protocol.ServiceModel.ShapeType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a normalized request (see {@link ApiCodec}) against the constraints of its input shape
 * and words the failures as Kinesis does:
 * <pre>
 * 2 validation errors detected: Value null at 'shardIteratorType' failed to satisfy constraint: Member must
 * not be null; Value 'a b' at 'streamName' failed to satisfy constraint: Member must satisfy regular
 * expression pattern: [a-zA-Z0-9_.-]+
 * </pre>
 * Rules (from kinesalite's validations and its tests, which were checked against Kinesis):
 * <ul>
 *   <li>members in model order; paths in lowerCamelCase, list items as {@code records.1.member.partitionKey}
 *       (1-based), map values as {@code tags.KEY};</li>
 *   <li>per member: not null (required members), then enum, pattern, minimum, maximum; every failing
 *       check is its own message, so {@code ''} for a stream name fails the pattern and the length;</li>
 *   <li>{@code min}/{@code max} are lengths for strings (UTF-16 units) and blobs (bytes), item counts for
 *       lists and maps ("Member must have length ..."), values for numbers ("Member must have value ...");</li>
 *   <li>the constraints of a list's scalar items are checked once, on the list: "Member must satisfy
 *       constraint: [Member must have length less than or equal to 128, Member must have length greater than
 *       or equal to 1]"; a map's keys and values likewise ("Map keys must satisfy constraint: [...]",
 *       "Map value must satisfy constraint: [...]");</li>
 *   <li>values are quoted; null is not; a blob shows as {@code java.nio.HeapByteBuffer[pos=0 lim=N cap=N]},
 *       a structure as Java's object name, a list as {@code [a, b]}, a map as {@code {k=v}};</li>
 *   <li>at most 10 messages are reported.</li>
 * </ul>
 * Stateless after construction; any thread may use it.
 */
public final class RequestValidator {
    static final int MAX_REPORTED = 10;
    /** How Kinesis names the Java objects it shows for structure values (hash as kinesalite recorded it). */
    private static final String JAVA_OBJECT = "com.amazonaws.kinesis.v20131202.%s@c965e310";
    /**
     * Enum value sets whose order in Kinesis' message is known and differs from the model's (Kinesis
     * prints a hash set); every other enum is listed in model order.
     */
    private static final Map<String, List<String>> KINESIS_ENUM_ORDER = Map.of(
            "ShardIteratorType",
            List.of("AFTER_SEQUENCE_NUMBER", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "TRIM_HORIZON"));

    private final ServiceModel model;
    private final Map<String, Pattern> patterns = new HashMap<>();

    public RequestValidator(ServiceModel model) {
        this.model = model;
        for (Shape shape : model.shapes().values()) {
            if (shape.pattern() != null) {
                patterns.put(shape.name(), Pattern.compile(shape.pattern()));
            }
        }
    }

    /** Throws a ValidationException when the request breaks a constraint of the input shape (by name). */
    public void validate(ObjectNode request, String inputShape) {
        List<String> violations = violations(request, inputShape);
        if (!violations.isEmpty()) {
            throw KinesisError.VALIDATION.exception(message(violations));
        }
    }

    /** The violations in Kinesis' words, at most {@value #MAX_REPORTED}; empty when the request is valid. */
    public List<String> violations(ObjectNode request, String inputShape) {
        List<String> out = new ArrayList<>();
        if (inputShape != null) {
            structure(request, model.shape(inputShape), "", out);
        }
        return out;
    }

    static String message(List<String> violations) {
        return violations.size() + " validation error" + (violations.size() == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations);
    }

    private void structure(JsonNode node, Shape shape, String prefix, List<String> out) {
        for (Member member : shape.members().values()) {
            JsonNode v = node.get(member.name());
            value(v == null || v.isNull() ? null : v, model.shape(member.shape()), shape.isRequired(member.name()),
                    prefix + lowerFirst(member.name()), out);
        }
    }

    private void value(JsonNode v, Shape shape, boolean isRequired, String path, List<String> out) {
        if (v == null) {
            if (isRequired) {
                report(out, null, shape, path, "Member must not be null");
            }
            return;
        }
        switch (shape.type()) {
            case STRING, BLOB, INTEGER, LONG, DOUBLE, FLOAT -> {
                for (String failed : failedConstraints(v, shape)) {
                    report(out, v, shape, path, failed);
                }
            }
            case LIST -> {
                sizeChecks(v, v.size(), shape, path, out);
                Shape item = model.shape(shape.member());
                if (isComposite(item)) {
                    int i = 1;
                    for (JsonNode element : v) {
                        value(element.isNull() ? null : element, item, true, path + "." + i + ".member", out);
                        i++;
                    }
                } else if (item.hasValueConstraints()) {
                    aggregate(v, shape, path, out, "Member", item, elementsOf(v));
                }
            }
            case MAP -> {
                sizeChecks(v, v.size(), shape, path, out);
                Shape key = model.shape(shape.key());
                Shape valueShape = model.shape(shape.value());
                if (key.hasValueConstraints()) {
                    List<JsonNode> keys = new ArrayList<>();
                    v.fieldNames().forEachRemaining(k -> keys.add(TextNode.valueOf(k)));
                    aggregate(v, shape, path, out, "Map keys", key, keys);
                }
                if (isComposite(valueShape)) {
                    v.properties().forEach(e -> value(e.getValue().isNull() ? null : e.getValue(), valueShape, true,
                            path + "." + e.getKey(), out));
                } else if (valueShape.hasValueConstraints()) {
                    aggregate(v, shape, path, out, "Map value", valueShape, elementsOf(v));
                }
            }
            case STRUCTURE -> structure(v, shape, path + ".", out);
            case BOOLEAN, TIMESTAMP -> {
                // no constraints in the model language
            }
        }
    }

    private static boolean isComposite(Shape shape) {
        return shape.type() == ShapeType.STRUCTURE || shape.type() == ShapeType.LIST || shape.type() == ShapeType.MAP;
    }

    private static List<JsonNode> elementsOf(JsonNode container) {
        List<JsonNode> elements = new ArrayList<>();
        container.elements().forEachRemaining(elements::add);
        return elements;
    }

    private void sizeChecks(JsonNode v, int size, Shape shape, String path, List<String> out) {
        if (shape.min() != null && size < shape.min()) {
            report(out, v, shape, path, "Member must have length greater than or equal to " + shape.min());
        }
        if (shape.max() != null && size > shape.max()) {
            report(out, v, shape, path, "Member must have length less than or equal to " + shape.max());
        }
    }

    /** One message on the container when any of its scalar items breaks the item shape's constraints. */
    private void aggregate(JsonNode container, Shape containerShape, String path, List<String> out, String subject,
                           Shape item, List<JsonNode> items) {
        Predicate<JsonNode> isBad = n -> !n.isNull() && !failedConstraints(n, item).isEmpty();
        if (items.stream().anyMatch(isBad)) {
            report(out, container, containerShape, path, subject + " must satisfy constraint: ["
                    + String.join(", ", describeConstraints(item)) + "]");
        }
    }

    /** The constraints of a scalar shape that a value breaks, in Kinesis' order and words. */
    private List<String> failedConstraints(JsonNode v, Shape shape) {
        List<String> failed = new ArrayList<>(2);
        switch (shape.type()) {
            case STRING -> {
                String s = v.asText();
                if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(s)) {
                    failed.add(enumConstraint(shape));
                }
                Pattern pattern = patterns.get(shape.name());
                if (pattern != null && !pattern.matcher(s).matches()) {
                    failed.add("Member must satisfy regular expression pattern: " + shape.pattern());
                }
                lengthChecks(s.length(), shape, failed);
            }
            case BLOB -> lengthChecks(blobLength(v), shape, failed);
            case INTEGER, LONG, DOUBLE, FLOAT -> {
                BigDecimal n = v.decimalValue();
                if (shape.min() != null && n.compareTo(BigDecimal.valueOf(shape.min())) < 0) {
                    failed.add("Member must have value greater than or equal to " + shape.min());
                }
                if (shape.max() != null && n.compareTo(BigDecimal.valueOf(shape.max())) > 0) {
                    failed.add("Member must have value less than or equal to " + shape.max());
                }
            }
            default -> {
            }
        }
        return failed;
    }

    private static void lengthChecks(long length, Shape shape, List<String> failed) {
        if (shape.min() != null && length < shape.min()) {
            failed.add("Member must have length greater than or equal to " + shape.min());
        }
        if (shape.max() != null && length > shape.max()) {
            failed.add("Member must have length less than or equal to " + shape.max());
        }
    }

    /** All constraints of an item shape, as Kinesis lists them inside "must satisfy constraint: [...]". */
    private static List<String> describeConstraints(Shape shape) {
        List<String> all = new ArrayList<>();
        String unit = shape.type().isNumber() ? "value" : "length";
        if (shape.max() != null) {
            all.add("Member must have " + unit + " less than or equal to " + shape.max());
        }
        if (shape.min() != null) {
            all.add("Member must have " + unit + " greater than or equal to " + shape.min());
        }
        if (shape.pattern() != null) {
            all.add("Member must satisfy regular expression pattern: " + shape.pattern());
        }
        if (!shape.enumValues().isEmpty()) {
            all.add(enumConstraint(shape));
        }
        return all;
    }

    private static String enumConstraint(Shape shape) {
        List<String> values = KINESIS_ENUM_ORDER.getOrDefault(shape.name(), shape.enumValues());
        return "Member must satisfy enum value set: [" + String.join(", ", values) + "]";
    }

    private static int blobLength(JsonNode v) {
        try {
            return v.binaryValue() == null ? 0 : v.binaryValue().length;
        } catch (IOException e) {
            return 0;
        }
    }

    private void report(List<String> out, JsonNode v, Shape shape, String path, String constraint) {
        if (out.size() >= MAX_REPORTED) {
            return;
        }
        String value = v == null ? "null" : "'" + show(v, shape) + "'";
        out.add("Value " + value + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    /** How Kinesis (a Java service) prints a value: its Java toString. */
    private String show(JsonNode v, Shape shape) {
        if (v == null || v.isNull()) {
            return "null";
        }
        return switch (shape.type()) {
            case BLOB -> {
                int length = blobLength(v);
                yield "java.nio.HeapByteBuffer[pos=0 lim=" + length + " cap=" + length + "]";
            }
            case STRUCTURE -> JAVA_OBJECT.formatted(shape.name());
            case LIST -> {
                Shape item = model.shape(shape.member());
                List<String> items = new ArrayList<>();
                v.forEach(e -> items.add(show(e, item)));
                yield "[" + String.join(", ", items) + "]";
            }
            case MAP -> {
                Shape valueShape = model.shape(shape.value());
                List<String> entries = new ArrayList<>();
                v.properties().forEach(e -> entries.add(e.getKey() + "=" + show(e.getValue(), valueShape)));
                yield "{" + String.join(", ", entries) + "}";
            }
            default -> v.asText();
        };
    }

    private static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
