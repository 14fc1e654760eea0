package io.riffle.codegen;

import io.riffle.codegen.ServiceModel.Member;
import io.riffle.codegen.ServiceModel.Operation;
import io.riffle.codegen.ServiceModel.Shape;

/**
 * {@code <S>QueryCodec}, for a service of the awsQuery protocol (STS, IAM): per structure a reader from the
 * request's form ({@code QueryInput}: members by name, lists as {@code .member.N}, maps as
 * {@code .entry.N.key/.value}, flattened ones without the wrapper) and a writer into the XML answer
 * ({@code QueryXmlWriter}); per operation {@code read<Op>Input} and {@code respond<Op>} (the
 * {@code <Op>Response}/{@code <Op>Result} envelope); {@code errorCode} (an error shape's query code, such as
 * IAM's {@code NoSuchEntity}) and {@code errorResponse}. The XML namespace is the protocol's convention,
 * {@code https://<endpointPrefix>.amazonaws.com/doc/<apiVersion>/} (STS's and IAM's); a list member's own
 * locationName is not read (neither model has one): elements are {@code member}.
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
        String cls = g.stem + "QueryCodec";
        src.line("/** The awsQuery form readers and XML writers of %s. */", g.modelName);
        src.line("public final class %s {", cls);
        src.line("/** The XML namespace of the answers. */");
        src.line("public static final String NAMESPACE = %s;", Names.literal("https://" + g.model.metadata().endpointPrefix()
                + ".amazonaws.com/doc/" + g.model.metadata().apiVersion() + "/"));
        src.blank();
        src.line("private %s() {", cls);
        src.line("}");
        for (Operation op : g.model.operations().values()) {
            operation(src, op);
        }
        errors(src);
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

    private void operation(JavaSource src, Operation op) {
        String name = Names.identifier(op.name());
        if (op.input() != null) {
            src.blank();
            src.line("public static %s read%sInput(QueryInput in) {", g.names.type(op.input()), name);
            src.line("return read%s(in, \"\");", g.methodStem(op.input()));
            src.line("}");
        }
        src.blank();
        if (op.output() != null) {
            src.line("public static String respond%s(%s v, String requestId) {", name, g.names.type(op.output()));
            src.line("QueryXmlWriter w = QueryXmlWriter.response(%s, NAMESPACE, %s);", Names.literal(op.name()),
                    Names.literal(op.name() + "Result"));
            src.line("write%s(w, v);", g.methodStem(op.output()));
        } else {
            src.line("public static String respond%s(String requestId) {", name);
            src.line("QueryXmlWriter w = QueryXmlWriter.response(%s, NAMESPACE, null);", Names.literal(op.name()));
        }
        src.line("return w.finish(requestId);");
        src.line("}");
    }

    private void errors(JavaSource src) {
        src.blank();
        src.line("/** The query code of an error shape (its {@code error.code}, else its name); the name itself for one the model lacks. */");
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
        src.blank();
        src.line("/** The ErrorResponse of {@code error} ({@code type()} the error shape's name), in this service's namespace. */");
        src.line("public static String errorResponse(AwsServiceException error, String requestId) {");
        src.line("return QueryXmlWriter.errorResponse(NAMESPACE, error.status() < 500, errorCode(error.type()), error.getMessage(), requestId);");
        src.line("}");
    }

    private void structure(JavaSource src, Shape shape) {
        String type = g.names.type(shape.name());
        String stem = g.methodStem(shape.name());
        src.blank();
        src.line("/** Reads a {@code %s} whose members' names start with {@code prefix} (\"\" or ending in '.'). */", shape.name());
        src.line("public static %s read%s(QueryInput in, String prefix) {", type, stem);
        src.line("%s.Builder b = %s.builder();", type, type);
        for (Member m : shape.members().values()) {
            if (!Generator.isBodyMember(m)) {
                continue;
            }
            src.line("b.%s(%s);", g.component(m), read(m.shape(), "prefix + " + Names.literal(Generator.wireName(m))));
        }
        src.line("return b.build();");
        src.line("}");
        src.blank();
        src.line("public static void write%s(QueryXmlWriter w, %s v) {", stem, type);
        for (Member m : shape.members().values()) {
            if (!Generator.isBodyMember(m)) {
                continue;
            }
            String value = "v." + g.component(m) + "()";
            Shape ms = g.model.shape(m.shape());
            if (ms.isStructure() || ms.type().equals("list") || ms.type().equals("map")) {
                src.line("if (%s != null) {", value);
                write(src, m.shape(), Names.literal(Generator.wireName(m)), value);
                src.line("}");
            } else {
                write(src, m.shape(), Names.literal(Generator.wireName(m)), value);
            }
        }
        src.line("}");
    }

    private void list(JavaSource src, Shape shape) {
        String stem = g.methodStem(shape.name());
        String type = g.javaType(shape.name());
        String element = g.javaType(shape.member());
        src.blank();
        src.line("public static %s read%s(QueryInput in, String key) {", type, stem);
        src.line("if (!in.has(key)) {");
        src.line("return null;");
        src.line("}");
        src.line("%s out = new ArrayList<>();", type);
        src.line("for (String e : in.listElements(key, \"member\", %s)) {", shape.isFlattened());
        src.line("out.add(%s);", read(shape.member(), "e"));
        src.line("}");
        src.line("return out;");
        src.line("}");
        src.blank();
        src.line("public static void write%s(QueryXmlWriter w, String name, %s v) {", stem, type);
        if (!shape.isFlattened()) {
            src.line("w.start(name);");
        }
        src.line("for (%s e : v) {", element);
        write(src, shape.member(), shape.isFlattened() ? "name" : "\"member\"", "e");
        src.line("}");
        if (!shape.isFlattened()) {
            src.line("w.end();");
        }
        src.line("}");
    }

    private void map(JavaSource src, Shape shape) {
        String stem = g.methodStem(shape.name());
        String type = g.javaType(shape.name());
        String value = g.javaType(shape.value());
        src.blank();
        src.line("public static %s read%s(QueryInput in, String key) {", type, stem);
        src.line("if (!in.has(key)) {");
        src.line("return null;");
        src.line("}");
        src.line("%s out = new LinkedHashMap<>();", type);
        src.line("for (QueryInput.MapEntry e : in.mapEntries(key, %s, \"key\", \"value\")) {", shape.isFlattened());
        src.line("out.put(in.string(e.keyKey()), %s);", read(shape.value(), "e.valueKey()"));
        src.line("}");
        src.line("return out;");
        src.line("}");
        src.blank();
        src.line("public static void write%s(QueryXmlWriter w, String name, %s v) {", stem, type);
        if (!shape.isFlattened()) {
            src.line("w.start(name);");
        }
        src.line("for (Map.Entry<String, %s> e : v.entrySet()) {", value);
        src.line("w.start(%s);", shape.isFlattened() ? "name" : "\"entry\"");
        src.line("w.string(\"key\", e.getKey());");
        src.line("if (e.getValue() != null) {");
        write(src, shape.value(), "\"value\"", "e.getValue()");
        src.line("}");
        src.line("w.end();");
        src.line("}");
        if (!shape.isFlattened()) {
            src.line("w.end();");
        }
        src.line("}");
    }

    /** The expression reading a value of {@code shapeName} at {@code key} (an expression of the form name). */
    private String read(String shapeName, String key) {
        Shape s = g.model.shape(shapeName);
        return switch (s.type()) {
            case "string" -> "in.string(" + key + ")";
            case "integer" -> "in.integer(" + key + ")";
            case "long" -> "in.longValue(" + key + ")";
            case "boolean" -> "in.bool(" + key + ")";
            case "double" -> "in.doubleValue(" + key + ")";
            case "float" -> "in.floatValue(" + key + ")";
            case "timestamp" -> "in.timestamp(" + key + ")";
            case "blob" -> "in.blobValue(" + key + ")";
            case "structure" -> "in.has(" + key + ") ? read" + g.methodStem(shapeName) + "(in, " + key + " + \".\") : null";
            case "list", "map" -> "read" + g.methodStem(shapeName) + "(in, " + key + ")";
            default -> throw new IllegalArgumentException("shape " + shapeName + " has an unknown type " + s.type());
        };
    }

    /** Writes {@code value} (non-null for structures, lists and maps) of {@code shapeName} as element {@code name}. */
    private void write(JavaSource src, String shapeName, String name, String value) {
        Shape s = g.model.shape(shapeName);
        switch (s.type()) {
            case "string" -> src.line("w.string(%s, %s);", name, value);
            case "integer", "long", "double", "float" -> src.line("w.number(%s, %s);", name, value);
            case "boolean" -> src.line("w.bool(%s, %s);", name, value);
            case "timestamp" -> src.line("w.timestamp(%s, %s);", name, value);
            case "blob" -> src.line("w.blob(%s, %s == null ? null : %s.toByteArray());", name, value, value);
            case "structure" -> {
                src.line("w.start(%s);", name);
                src.line("write%s(w, %s);", g.methodStem(shapeName), value);
                src.line("w.end();");
            }
            case "list", "map" -> src.line("write%s(w, %s, %s);", g.methodStem(shapeName), name, value);
            default -> throw new IllegalArgumentException("shape " + shapeName + " has an unknown type " + s.type());
        }
    }
}
