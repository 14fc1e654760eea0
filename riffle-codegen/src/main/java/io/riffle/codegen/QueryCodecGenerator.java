package io.riffle.codegen;

import io.riffle.codegen.ServiceModel.Member;
import io.riffle.codegen.ServiceModel.Operation;
import io.riffle.codegen.ServiceModel.Shape;

/**
 * {@code <S>QueryCodec} for awsQuery services (STS, IAM): a form reader ({@code QueryInput}, dotted keys, list
 * items {@code .member.N}, map entries {@code .entry.N.key/.value}) and an XML writer per structure, list and map,
 * and per operation the request decode and the response encode (result wrapper, namespace, request id).
 */
final class QueryCodecGenerator {
    private final Generator g;

    QueryCodecGenerator(Generator g) {
        this.g = g;
    }

    String codec() {
        JavaSource src = new JavaSource();
        g.header(src, g.servicePackage);
        g.imports(src, g.servicePackage);
        src.line("/** The awsQuery form readers and XML writers of %s. */", g.modelName);
        src.line("public final class %sQueryCodec {", g.stem);
        src.line("public static final String XMLNS = %s;", Names.literal(g.model.metadata().xmlNamespace()));
        src.blank();
        src.line("private %sQueryCodec() {", g.stem);
        src.line("}");
        src.blank();
        src.line("private static String key(String prefix, String name) {");
        src.line("return prefix.isEmpty() ? name : prefix + \".\" + name;");
        src.line("}");
        operations(src);
        for (Shape shape : g.model.shapes().values()) {
            switch (shape.type()) {
                case "structure" -> structure(src, shape);
                case "list" -> list(src, shape);
                case "map" -> map(src, shape);
                default -> {
                }
            }
        }
        src.line("}");
        return src.toString();
    }

    private void operations(JavaSource src) {
        src.blank();
        src.line("/** An operation's input from its form (null for an operation without input). */");
        src.line("public static Object decodeRequest(String operation, QueryInput in) {");
        src.line("return switch (operation) {");
        for (Operation op : g.model.operations().values()) {
            if (op.input() != null) {
                src.line("case %s -> read%s(in, \"\");", Names.literal(op.name()), g.methodStem(op.input()));
            }
        }
        src.line("default -> null;");
        src.line("};");
        src.line("}");
        src.blank();
        src.line("/** An operation's answer, its output (of the operation's output type, or null) in the result wrapper. */");
        src.line("public static byte[] encodeResponse(String operation, Object output, String requestId) {");
        src.line("return switch (operation) {");
        for (Operation op : g.model.operations().values()) {
            if (op.output() != null) {
                src.line("case %s -> QueryProtocol.response(%s, %s, XMLNS, requestId, w -> write%s(w, (%s) output));",
                        Names.literal(op.name()), Names.literal(op.name()), Names.literal(op.resultWrapper()),
                        g.methodStem(op.output()), g.names.type(op.output()));
            }
        }
        src.line("default -> QueryProtocol.response(operation, null, XMLNS, requestId, w -> {");
        src.line("});");
        src.line("};");
        src.line("}");
        src.blank();
        src.line("/**");
        src.line(" * The code an error shape goes by in an ErrorResponse: the model's {@code error.code} where it has one");
        src.line(" * (IAM's NoSuchEntityException is {@code NoSuchEntity}; the SDKs map that code to their exception),");
        src.line(" * else the shape's name; a name the model does not know comes back unchanged.");
        src.line(" */");
        src.line("public static String errorCode(String errorShape) {");
        src.line("return switch (errorShape) {");
        for (Shape s : g.model.shapes().values()) {
            if (s.isException() && s.errorCode() != null && !s.errorCode().equals(s.name())) {
                src.line("case %s -> %s;", Names.literal(s.name()), Names.literal(s.errorCode()));
            }
        }
        src.line("default -> errorShape;");
        src.line("};");
        src.line("}");
    }

    private void structure(JavaSource src, Shape shape) {
        String type = g.names.type(shape.name());
        String stem = g.methodStem(shape.name());
        src.blank();
        src.line("public static %s read%s(QueryInput in, String prefix) {", type, stem);
        src.line("%s.Builder b = %s.builder();", type, type);
        for (Member m : shape.members().values()) {
            src.line("b.%s(%s);", g.component(m), read(m.shape(), "key(prefix, " + Names.literal(queryName(m)) + ")"));
        }
        src.line("return b.build();");
        src.line("}");
        src.blank();
        src.line("public static void write%s(XmlWriter w, %s v) {", stem, type);
        for (Member m : shape.members().values()) {
            src.line("if (v.%s() != null) {", g.component(m));
            write(src, m.shape(), Names.literal(queryName(m)), "v." + g.component(m) + "()");
            src.line("}");
        }
        src.line("}");
    }

    private void list(JavaSource src, Shape shape) {
        String stem = g.methodStem(shape.name());
        String item = g.javaType(shape.member());
        src.blank();
        src.line("public static List<%s> read%s(QueryInput in, String key) {", item, stem);
        src.line("if (!in.has(key) && !in.hasUnder(key)) {");
        src.line("return null;");
        src.line("}");
        src.line("List<%s> out = new ArrayList<>();", item);
        src.line("for (int i = 1; ; i++) {");
        src.line("String k = key + %s + i;", shape.isFlattened() ? "\".\"" : "\".member.\"");
        src.line("if (!in.has(k) && !in.hasUnder(k)) {");
        src.line("return out;");
        src.line("}");
        src.line("out.add(%s);", read(shape.member(), "k"));
        src.line("}");
        src.line("}");
        src.blank();
        src.line("/** The list's elements (flattened: repeated {@code name} elements; else {@code <name><member>...}). */");
        src.line("public static void write%s(XmlWriter w, String name, List<%s> v) {", stem, item);
        if (shape.isFlattened()) {
            src.line("for (%s item : v) {", item);
            src.line("if (item != null) {");
            write(src, shape.member(), "name", "item");
            src.line("}");
            src.line("}");
        } else {
            src.line("w.start(name);");
            src.line("for (%s item : v) {", item);
            src.line("if (item != null) {");
            write(src, shape.member(), "\"member\"", "item");
            src.line("}");
            src.line("}");
            src.line("w.end(name);");
        }
        src.line("}");
    }

    private void map(JavaSource src, Shape shape) {
        String stem = g.methodStem(shape.name());
        String value = g.javaType(shape.value());
        src.blank();
        src.line("public static Map<String, %s> read%s(QueryInput in, String key) {", value, stem);
        src.line("if (!in.has(key) && !in.hasUnder(key)) {");
        src.line("return null;");
        src.line("}");
        src.line("Map<String, %s> out = new LinkedHashMap<>();", value);
        src.line("for (int i = 1; in.has(key + \".entry.\" + i + \".key\"); i++) {");
        src.line("String k = key + \".entry.\" + i;");
        src.line("out.put(in.string(k + \".key\"), %s);", read(shape.value(), "k + \".value\""));
        src.line("}");
        src.line("return out;");
        src.line("}");
        src.blank();
        src.line("public static void write%s(XmlWriter w, String name, Map<String, %s> v) {", stem, value);
        src.line("w.start(name);");
        src.line("for (Map.Entry<String, %s> e : v.entrySet()) {", value);
        src.line("if (e.getValue() != null) {");
        src.line("w.start(\"entry\").element(\"key\", e.getKey());");
        write(src, shape.value(), "\"value\"", "e.getValue()");
        src.line("w.end(\"entry\");");
        src.line("}");
        src.line("}");
        src.line("w.end(name);");
        src.line("}");
    }

    private String read(String shapeName, String key) {
        Shape s = g.model.shape(shapeName);
        return switch (s.type()) {
            case "string" -> "in.string(" + key + ")";
            case "boolean" -> "in.booleanValue(" + key + ")";
            case "integer" -> "in.integer(" + key + ")";
            case "long" -> "in.longValue(" + key + ")";
            case "double" -> "in.doubleValue(" + key + ")";
            case "float" -> "in.floatValue(" + key + ")";
            case "blob" -> "in.blob(" + key + ")";
            case "timestamp" -> "in.timestamp(" + key + ")";
            case "structure" -> "in.hasUnder(%s) ? read%s(in, %s) : null".formatted(key, g.methodStem(s.name()), key);
            default -> "read%s(in, %s)".formatted(g.methodStem(s.name()), key);
        };
    }

    private void write(JavaSource src, String shapeName, String name, String value) {
        Shape s = g.model.shape(shapeName);
        switch (s.type()) {
            case "string" -> src.line("w.element(%s, %s);", name, value);
            case "timestamp" -> src.line("w.element(%s, QueryProtocol.timestamp(%s));", name, value);
            case "blob" -> src.line("w.element(%s, QueryProtocol.blob(%s));", name, value);
            case "boolean", "integer", "long", "double", "float" -> src.line("w.element(%s, %s.toString());", name, value);
            case "structure" -> {
                src.line("w.start(%s);", name);
                src.line("write%s(w, %s);", g.methodStem(s.name()), value);
                src.line("w.end(%s);", name);
            }
            default -> src.line("write%s(w, %s, %s);", g.methodStem(s.name()), name, value);
        }
    }

    /** A member's name in the form and the XML: its locationName where the model gives one. */
    private static String queryName(Member m) {
        return m.locationName() != null ? m.locationName() : m.name();
    }
}
