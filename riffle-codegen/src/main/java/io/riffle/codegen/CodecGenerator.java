package io.riffle.codegen;

import io.riffle.codegen.ServiceModel.Member;
import io.riffle.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <S>Codec}: a reader and a writer per structure, list and map shape, over Jackson's streaming
 * parser and generator (JSON or CBOR alike), calling {@code WireCodec} for scalars. Body members only: a REST
 * protocol's URI, query and header members are bound elsewhere.
 */
final class CodecGenerator {
    private final Generator g;

    CodecGenerator(Generator g) {
        this.g = g;
    }

    String codec() {
        JavaSource src = new JavaSource();
        g.header(src, g.servicePackage);
        g.imports(src, g.servicePackage);
        src.line("/**");
        src.line(" * Streaming JSON/CBOR readers and writers of every structure of %s (no tree; each member read once", g.modelName);
        src.line(" * into its record's builder). A reader starts at the value's first token and ends on its last.");
        src.line(" */");
        src.line("public final class %sCodec {", g.stem);
        src.line("private %sCodec() {", g.stem);
        src.line("}");
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

    private void structure(JavaSource src, Shape shape) {
        String type = g.names.type(shape.name());
        String stem = g.methodStem(shape.name());
        List<Member> body = new ArrayList<>();
        shape.members().values().stream().filter(Generator::isBodyMember).forEach(body::add);
        src.blank();
        src.line("public static %s read%s(JsonParser p, WireFormat f) throws IOException {", type, stem);
        src.line("WireCodec.expectStructure(p);");
        src.line("%s.Builder b = %s.builder();", type, type);
        src.line("for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {");
        src.line("String field = p.currentName();");
        src.line("if (p.nextToken() == JsonToken.VALUE_NULL) {");
        src.line("continue;");
        src.line("}");
        if (body.isEmpty()) {
            src.line("p.skipChildren();");
        } else {
            src.line("switch (field) {");
            for (Member m : body) {
                src.line("case %s -> b.%s(%s);", Names.literal(Generator.wireName(m)), g.component(m), read(m.shape()));
            }
            src.line("default -> p.skipChildren();");
            src.line("}");
        }
        src.line("}");
        src.line("return b.build();");
        src.line("}");

        src.blank();
        src.line("public static void write%s(JsonGenerator g, %s v, WireFormat f) throws IOException {", stem, type);
        src.line("int n = 0;");
        for (Member m : body) {
            src.line("if (v.%s() != null) {", g.component(m));
            src.line("n++;");
            src.line("}");
        }
        src.line("g.writeStartObject(v, n);");
        for (Member m : body) {
            src.line("if (v.%s() != null) {", g.component(m));
            src.line("g.writeFieldName(%s);", Names.literal(Generator.wireName(m)));
            write(src, m.shape(), "v." + g.component(m) + "()");
            src.line("}");
        }
        src.line("g.writeEndObject();");
        src.line("}");
    }

    private void list(JavaSource src, Shape shape) {
        String stem = g.methodStem(shape.name());
        String item = g.javaType(shape.member());
        src.blank();
        src.line("public static List<%s> read%s(JsonParser p, WireFormat f) throws IOException {", item, stem);
        src.line("WireCodec.expectList(p);");
        src.line("List<%s> out = new ArrayList<>();", item);
        src.line("while (p.nextToken() != JsonToken.END_ARRAY) {");
        src.line("out.add(p.currentToken() == JsonToken.VALUE_NULL ? null : %s);", read(shape.member()));
        src.line("}");
        src.line("return out;");
        src.line("}");
        src.blank();
        src.line("public static void write%s(JsonGenerator g, List<%s> v, WireFormat f) throws IOException {", stem, item);
        src.line("g.writeStartArray(v, v.size());");
        src.line("for (%s item : v) {", item);
        src.line("if (item == null) {");
        src.line("g.writeNull();");
        src.line("} else {");
        write(src, shape.member(), "item");
        src.line("}");
        src.line("}");
        src.line("g.writeEndArray();");
        src.line("}");
    }

    private void map(JavaSource src, Shape shape) {
        String stem = g.methodStem(shape.name());
        String value = g.javaType(shape.value());
        src.blank();
        src.line("public static Map<String, %s> read%s(JsonParser p, WireFormat f) throws IOException {", value, stem);
        src.line("WireCodec.expectMap(p);");
        src.line("Map<String, %s> out = new LinkedHashMap<>();", value);
        src.line("for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {");
        src.line("String key = p.currentName();");
        src.line("if (p.nextToken() != JsonToken.VALUE_NULL) {");
        src.line("out.put(key, %s);", read(shape.value()));
        src.line("}");
        src.line("}");
        src.line("return out;");
        src.line("}");
        src.blank();
        src.line("public static void write%s(JsonGenerator g, Map<String, %s> v, WireFormat f) throws IOException {", stem, value);
        src.line("int n = 0;");
        src.line("for (%s value : v.values()) {", value);
        src.line("if (value != null) {");
        src.line("n++;");
        src.line("}");
        src.line("}");
        src.line("g.writeStartObject(v, n);");
        src.line("for (Map.Entry<String, %s> e : v.entrySet()) {", value);
        src.line("if (e.getValue() != null) {");
        src.line("g.writeFieldName(e.getKey());");
        write(src, shape.value(), "e.getValue()");
        src.line("}");
        src.line("}");
        src.line("g.writeEndObject();");
        src.line("}");
    }

    /** An expression reading a value of the shape at the parser's current token. */
    private String read(String shapeName) {
        Shape s = g.model.shape(shapeName);
        return switch (s.type()) {
            case "string" -> "WireCodec.readString(p)";
            case "boolean" -> "WireCodec.readBoolean(p)";
            case "integer" -> "WireCodec.readInteger(p)";
            case "long" -> "WireCodec.readLong(p)";
            case "double" -> "WireCodec.readDouble(p)";
            case "float" -> "WireCodec.readFloat(p)";
            case "blob" -> "WireCodec.readBlob(p)";
            case "timestamp" -> "WireCodec.readTimestamp(p, f)";
            default -> "read" + g.methodStem(s.name()) + "(p, f)";
        };
    }

    /** Statements writing a non-null value of the shape. */
    private void write(JavaSource src, String shapeName, String value) {
        Shape s = g.model.shape(shapeName);
        switch (s.type()) {
            case "string" -> src.line("g.writeString(%s);", value);
            case "boolean" -> src.line("g.writeBoolean(%s.booleanValue());", value);
            case "integer" -> src.line("g.writeNumber(%s.intValue());", value);
            case "long" -> src.line("g.writeNumber(%s.longValue());", value);
            case "double" -> src.line("g.writeNumber(%s.doubleValue());", value);
            case "float" -> src.line("g.writeNumber(%s.floatValue());", value);
            case "blob" -> src.line("WireCodec.writeBlob(g, %s);", value);
            case "timestamp" -> src.line("WireCodec.writeTimestamp(g, %s, f);", value);
            default -> src.line("write%s(g, %s, f);", g.methodStem(s.name()), value);
        }
    }
}
