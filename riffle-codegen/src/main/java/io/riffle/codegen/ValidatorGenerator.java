package io.riffle.codegen;

import io.riffle.codegen.ServiceModel.Member;
import io.riffle.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <S>Validator}: the model's constraints checked on the records, in the order and words AWS uses
 * (members in model order; per member not null, then enum, pattern, minimum, maximum; a list's or map's
 * scalar items checked once, on the container; paths in lowerCamelCase, list items as
 * {@code records.1.member.partitionKey}, map values as {@code tags.KEY}).
 */
final class ValidatorGenerator {
    private final Generator g;

    ValidatorGenerator(Generator g) {
        this.g = g;
    }

    String validator() {
        JavaSource src = new JavaSource();
        g.header(src, g.servicePackage);
        g.imports(src, g.servicePackage);
        String apiVersion = g.model.metadata().apiVersion() == null ? "" : g.model.metadata().apiVersion().replace("-", "");
        String prefix = g.model.metadata().endpointPrefix() == null ? "service" : g.model.metadata().endpointPrefix();
        src.line("/** Checks %s's requests against the model's constraints and words the failures as AWS does. */",
                g.stem);
        src.line("public final class %sValidator {", g.stem);
        src.line("/** How the service (a Java service) names the structures it shows in a message. */");
        src.line("public static final String JAVA_OBJECT = %s;",
                Names.literal("com.amazonaws." + prefix + ".v" + apiVersion + ".%s@c965e310"));
        for (Shape s : g.model.shapes().values()) {
            if (hasConstraints(s)) {
                String kind = switch (s.type()) {
                    case "integer", "long", "double", "float" -> "NUMBER";
                    case "blob" -> "BLOB";
                    default -> "STRING";
                };
                List<String> values = g.enumOrder.getOrDefault(s.name(), s.enumValues());
                List<String> literals = new ArrayList<>();
                values.forEach(v -> literals.add(Names.literal(v)));
                src.line("private static final Constraint %s = new Constraint(Constraint.Kind.%s, %s, %s, %s, List.of(%s));",
                        constant(s.name()), kind, Names.literal(s.min()), Names.literal(s.max()),
                        Names.literal(s.pattern()), String.join(", ", literals));
            }
        }
        src.blank();
        src.line("private %sValidator() {", g.stem);
        src.line("}");
        src.blank();
        src.line("/** The violations of any structure of the model (an operation's input, whichever it is). */");
        src.line("public static Violations validateAny(WireShape value) {");
        src.line("return switch (value) {");
        for (Shape shape : g.model.shapes().values()) {
            if (shape.isStructure()) {
                src.line("case %s v -> validate(v);", g.names.type(shape.name()));
            }
        }
        src.line("default -> throw new IllegalArgumentException(\"not a structure of %s: \" + value.wireShapeName());", g.stem);
        src.line("};");
        src.line("}");
        for (Shape shape : g.model.shapes().values()) {
            if (shape.isStructure()) {
                String type = g.names.type(shape.name());
                String stem = g.methodStem(shape.name());
                src.blank();
                src.line("/** The violations of a {@link %s} (none: {@link Violations#isEmpty()}). */", type);
                src.line("public static Violations validate(%s v) {", type);
                src.line("Violations out = new Violations(JAVA_OBJECT);");
                src.line("validate%s(v, \"\", out);", stem);
                src.line("return out;");
                src.line("}");
                src.blank();
                src.line("static void validate%s(%s v, String prefix, Violations out) {", stem, type);
                for (Member m : shape.members().values()) {
                    value(src, "v." + g.component(m) + "()", m.shape(), shape.required().contains(m.name()),
                            "prefix + " + Names.literal(Names.lowerFirst(m.name())));
                }
                src.line("}");
            } else if (shape.type().equals("list") || shape.type().equals("map")) {
                container(src, shape);
            }
        }
        src.line("}");
        return src.toString();
    }

    private void container(JavaSource src, Shape shape) {
        String stem = g.methodStem(shape.name());
        src.blank();
        src.line("static void validate%s(%s v, String path, Violations out) {", stem, g.javaType(shape.name()));
        if (shape.min() != null || shape.max() != null) {
            src.line("out.size(v, v.size(), path, %s);", constant(shape.name()));
        }
        if (shape.type().equals("list")) {
            Shape item = g.model.shape(shape.member());
            if (isComposite(item)) {
                src.line("int i = 1;");
                src.line("for (%s item : v) {", g.javaType(item.name()));
                value(src, "item", item.name(), true, "path + \".\" + i + \".member\"");
                src.line("i++;");
                src.line("}");
            } else if (hasConstraints(item)) {
                src.line("out.items(v, v, path, \"Member\", %s);", constant(item.name()));
            }
        } else {
            Shape key = g.model.shape(shape.key());
            Shape value = g.model.shape(shape.value());
            if (hasConstraints(key)) {
                src.line("out.items(v, v.keySet(), path, \"Map keys\", %s);", constant(key.name()));
            }
            if (isComposite(value)) {
                src.line("for (Map.Entry<String, %s> e : v.entrySet()) {", g.javaType(value.name()));
                value(src, "e.getValue()", value.name(), true, "path + \".\" + e.getKey()");
                src.line("}");
            } else if (hasConstraints(value)) {
                src.line("out.items(v, v.values(), path, \"Map value\", %s);", constant(value.name()));
            }
        }
        src.line("}");
    }

    /** Statements checking one value (an expression, evaluated more than once) of a shape at a path. */
    private void value(JavaSource src, String expr, String shapeName, boolean isRequired, String path) {
        Shape s = g.model.shape(shapeName);
        boolean isChecked = switch (s.type()) {
            case "structure", "list", "map" -> true;
            case "boolean", "timestamp" -> false;
            default -> hasConstraints(s);
        };
        if (!isRequired && !isChecked) {
            return;
        }
        if (isRequired) {
            src.line("if (%s == null) {", expr);
            src.line("out.missing(%s);", path);
        }
        if (isChecked) {
            src.line(isRequired ? "} else {" : "if (%s != null) {".formatted(expr));
            switch (s.type()) {
                case "structure" -> src.line("validate%s(%s, %s + \".\", out);", g.methodStem(s.name()), expr, path);
                case "list", "map" -> src.line("validate%s(%s, %s, out);", g.methodStem(s.name()), expr, path);
                default -> src.line("out.scalar(%s, %s, %s);", expr, path, constant(s.name()));
            }
        }
        src.line("}");
    }

    private static boolean isComposite(Shape s) {
        return s.type().equals("structure") || s.type().equals("list") || s.type().equals("map");
    }

    static boolean hasConstraints(Shape s) {
        return switch (s.type()) {
            case "string", "blob", "integer", "long", "double", "float", "list", "map" ->
                    s.min() != null || s.max() != null || s.pattern() != null || !s.enumValues().isEmpty();
            default -> false;
        };
    }

    private static String constant(String shapeName) {
        return "C_" + Names.identifier(shapeName);
    }
}
