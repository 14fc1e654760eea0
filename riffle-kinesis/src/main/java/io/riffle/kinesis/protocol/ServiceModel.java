package io.riffle.kinesis.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The published Kinesis service model (botocore's {@code service-2.json}, a classpath resource),
 * read once into small immutable records: operations with their input and output shapes and
 * listed errors, and shapes with the constraints the validator enforces. Member order is the
 * model's order; the codec and the validator walk members in it.
 *
 * <p>Immutable after loading, so any thread may read it.
 */
public final class ServiceModel {
    /** Where the Kinesis model lives on the classpath. */
    public static final String KINESIS_RESOURCE = "/kinesis/service-2.json";

    /** The shape types of botocore models that Riffle understands. */
    public enum ShapeType {
        STRUCTURE, STRING, BLOB, INTEGER, LONG, BOOLEAN, TIMESTAMP, LIST, MAP, DOUBLE, FLOAT;

        static ShapeType of(String modelName) {
            return valueOf(modelName.toUpperCase(Locale.ROOT));
        }

        public boolean isNumber() {
            return this == INTEGER || this == LONG || this == DOUBLE || this == FLOAT;
        }
    }

    /** One operation: its input and output shape names (null when it has none) and its listed errors. */
    public record OperationModel(String name, String inputShape, String outputShape, List<String> errors) {
        public OperationModel {
            errors = List.copyOf(errors);
        }
    }

    /** A member of a structure: its wire name and the shape it targets. */
    public record Member(String name, String shape) {
    }

    /**
     * One shape. {@code min}/{@code max} are lengths for strings and blobs, item counts for lists
     * and maps, values for numbers; null when absent. {@code members} keeps the model's order.
     * {@code key}/{@code value} are set for maps, {@code member} for lists.
     */
    public record Shape(String name, ShapeType type, Map<String, Member> members, Set<String> required,
                        Long min, Long max, String pattern, List<String> enumValues,
                        String key, String value, String member, boolean isException, boolean isEventStream) {
        public Shape {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
            required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
            enumValues = List.copyOf(enumValues);
        }

        public boolean isRequired(String memberName) {
            return required.contains(memberName);
        }

        /** Whether this shape carries any constraint the validator checks on a value of it. */
        public boolean hasValueConstraints() {
            return min != null || max != null || pattern != null || !enumValues.isEmpty();
        }
    }

    private static volatile ServiceModel kinesis;

    private final String targetPrefix;
    private final Map<String, OperationModel> operations;
    private final Map<String, Shape> shapes;

    private ServiceModel(String targetPrefix, Map<String, OperationModel> operations, Map<String, Shape> shapes) {
        this.targetPrefix = targetPrefix;
        this.operations = Collections.unmodifiableMap(operations);
        this.shapes = Collections.unmodifiableMap(shapes);
    }

    /** The Kinesis model, loaded from the classpath on first use. */
    public static ServiceModel kinesis() {
        ServiceModel model = kinesis;
        if (model == null) {
            synchronized (ServiceModel.class) {
                model = kinesis;
                if (model == null) {
                    model = load(KINESIS_RESOURCE);
                    kinesis = model;
                }
            }
        }
        return model;
    }

    /** Reads a botocore {@code service-2.json} from the classpath. */
    public static ServiceModel load(String resource) {
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("service model " + resource + " is not on the classpath");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read service model " + resource, e);
        }
    }

    static ServiceModel parse(JsonNode root) {
        String targetPrefix = root.path("metadata").path("targetPrefix").asText();
        Map<String, OperationModel> operations = new LinkedHashMap<>();
        root.path("operations").properties().forEach(e -> {
            JsonNode op = e.getValue();
            List<String> errors = new ArrayList<>();
            op.path("errors").forEach(err -> errors.add(err.path("shape").asText()));
            operations.put(e.getKey(), new OperationModel(e.getKey(), textOrNull(op.path("input").path("shape")),
                    textOrNull(op.path("output").path("shape")), errors));
        });
        Map<String, Shape> shapes = new LinkedHashMap<>();
        root.path("shapes").properties().forEach(e -> shapes.put(e.getKey(), shape(e.getKey(), e.getValue())));
        ServiceModel model = new ServiceModel(targetPrefix, operations, shapes);
        model.checkReferences();
        return model;
    }

    private static Shape shape(String name, JsonNode node) {
        Map<String, Member> members = new LinkedHashMap<>();
        node.path("members").properties().forEach(m ->
                members.put(m.getKey(), new Member(m.getKey(), m.getValue().path("shape").asText())));
        Set<String> required = new LinkedHashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        List<String> enumValues = new ArrayList<>();
        node.path("enum").forEach(v -> enumValues.add(v.asText()));
        return new Shape(name, ShapeType.of(node.path("type").asText()), members, required,
                longOrNull(node.get("min")), longOrNull(node.get("max")), textOrNull(node.path("pattern")), enumValues,
                textOrNull(node.path("key").path("shape")), textOrNull(node.path("value").path("shape")),
                textOrNull(node.path("member").path("shape")),
                node.path("exception").asBoolean(false), node.path("eventstream").asBoolean(false));
    }

    /** Fails at load time, not at the first request, when the model names a shape it does not define. */
    private void checkReferences() {
        for (OperationModel op : operations.values()) {
            if (op.inputShape() != null) {
                shape(op.inputShape());
            }
            if (op.outputShape() != null) {
                shape(op.outputShape());
            }
        }
        for (Shape s : shapes.values()) {
            s.members().values().forEach(m -> shape(m.shape()));
            for (String ref : new String[] {s.key(), s.value(), s.member()}) {
                if (ref != null) {
                    shape(ref);
                }
            }
        }
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Long longOrNull(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.asLong();
    }

    /** The {@code X-Amz-Target} prefix, {@code Kinesis_20131202} for Kinesis. */
    public String targetPrefix() {
        return targetPrefix;
    }

    public Map<String, OperationModel> operations() {
        return operations;
    }

    public Optional<OperationModel> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public Map<String, Shape> shapes() {
        return shapes;
    }

    /** The named shape; throws when the model has no such shape (a bug, not a client error). */
    public Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("the service model has no shape " + name);
        }
        return shape;
    }
}
