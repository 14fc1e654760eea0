package io.riffle.codegen;

import io.riffle.codegen.ServiceModel.Member;
import io.riffle.codegen.ServiceModel.Operation;
import io.riffle.codegen.ServiceModel.Shape;

/**
 * {@code <S>RestCodec}, for a restJson service (Lambda): per operation {@code read<Op>Input(RestRequest, WireCodec)}
 * (the body members through {@code <S>Codec}, or the payload member from the whole body; members bound to a
 * URI label, the query string or a header from the {@code RestRequest}) and
 * {@code write<Op>Output(output, WireCodec)} (a {@code RestResponse}: the operation's {@code responseCode} or a
 * member bound to the status, header-bound members, the body). A member bound to a header prefix map
 * ({@code headers}), a query map, an event stream payload, or of a type the protocol does not bind there is left
 * null on input and unwritten on output: no model we serve binds one on the operations we answer.
 */
final class RestCodecGenerator {
    private final Generator g;

    RestCodecGenerator(Generator g) {
        this.g = g;
    }

    String codec() {
        JavaSource src = new JavaSource();
        g.header(src, g.servicePackage);
        g.imports(src, g.servicePackage);
        String cls = g.stem + "RestCodec";
        src.line("/** The restJson bindings of %s: labels, query string, headers, payload and status. */", g.modelName);
        src.line("public final class %s {", cls);
        src.line("private %s() {", cls);
        src.line("}");
        for (Operation op : g.model.operations().values()) {
            if (op.input() != null) {
                input(src, op);
            }
            if (op.output() != null) {
                output(src, op);
            }
        }
        src.line("}");
        return src.toString();
    }

    private void input(JavaSource src, Operation op) {
        Shape shape = g.model.shape(op.input());
        String type = g.names.type(shape.name());
        String stem = g.methodStem(shape.name());
        src.blank();
        src.line("public static %s read%sInput(RestRequest r, WireCodec codec) {", type, Names.identifier(op.name()));
        Member payload = payload(shape);
        if (payload == null) {
            src.line("%s.Builder b = r.hasBody() ? codec.decode(r.body(), WireFormat.JSON, %sCodec::read%s).toBuilder()",
                    type, g.stem, stem);
            src.line("        : %s.builder();", type);
        } else {
            src.line("%s.Builder b = %s.builder();", type, type);
            Shape ps = g.model.shape(payload.shape());
            if (ps.type().equals("blob")) {
                src.line("b.%s(r.hasBody() ? Blob.wrap(r.body()) : null);", g.component(payload));
            } else if (ps.isStructure() && !ps.isEventStream()) {
                src.line("b.%s(r.hasBody() ? codec.decode(r.body(), WireFormat.JSON, %sCodec::read%s) : null);",
                        g.component(payload), g.stem, g.methodStem(ps.name()));
            }
        }
        for (Member m : shape.members().values()) {
            String read = boundRead(m);
            if (read != null) {
                src.line("b.%s(%s);", g.component(m), read);
            }
        }
        src.line("return b.build();");
        src.line("}");
    }

    private void output(JavaSource src, Operation op) {
        Shape shape = g.model.shape(op.output());
        String type = g.names.type(shape.name());
        String stem = g.methodStem(shape.name());
        src.blank();
        src.line("public static RestResponse write%sOutput(%s v, WireCodec codec) {", Names.identifier(op.name()), type);
        src.line("int status = %d;", op.responseCode());
        src.line("Map<String, String> headers = new LinkedHashMap<>();");
        for (Member m : shape.members().values()) {
            String value = "v." + g.component(m) + "()";
            if ("statusCode".equals(m.location())) {
                src.line("if (%s != null) {", value);
                src.line("status = %s;", value);
                src.line("}");
            } else if ("header".equals(m.location()) && isScalar(g.model.shape(m.shape()))) {
                src.line("if (%s != null) {", value);
                src.line("headers.put(%s, %s);", Names.literal(m.locationName()), headerText(g.model.shape(m.shape()), value));
                src.line("}");
            }
        }
        Member payload = payload(shape);
        if (payload == null) {
            src.line("return new RestResponse(status, headers, \"application/json\", codec.encode(WireFormat.JSON, v, %sCodec::write%s));",
                    g.stem, stem);
        } else {
            Shape ps = g.model.shape(payload.shape());
            String value = "v." + g.component(payload) + "()";
            if (ps.type().equals("blob")) {
                src.line("return new RestResponse(status, headers, \"application/octet-stream\", %s == null ? new byte[0] : %s.toByteArray());",
                        value, value);
            } else if (ps.isStructure() && !ps.isEventStream()) {
                src.line("return new RestResponse(status, headers, \"application/json\", %s == null ? new byte[0]", value);
                src.line("        : codec.encode(WireFormat.JSON, %s, %sCodec::write%s));", value, g.stem, g.methodStem(ps.name()));
            } else {
                src.line("return new RestResponse(status, headers, \"application/json\", new byte[0]);");
            }
        }
        src.line("}");
    }

    private static Member payload(Shape shape) {
        return shape.payload() == null ? null : shape.members().get(shape.payload());
    }

    private static boolean isScalar(Shape s) {
        return switch (s.type()) {
            case "string", "integer", "long", "boolean", "timestamp" -> true;
            default -> false;
        };
    }

    /** The expression reading a member bound to a label, the query string or a header; null for a body member. */
    private String boundRead(Member m) {
        if (m.location() == null || m.locationName() == null) {
            return null;
        }
        Shape s = g.model.shape(m.shape());
        String name = Names.literal(m.locationName());
        return switch (m.location()) {
            case "uri" -> switch (s.type()) {
                case "string" -> "r.label(" + name + ")";
                case "long" -> "r.labelLong(" + name + ")";
                case "integer" -> "r.labelInteger(" + name + ")";
                default -> null;
            };
            case "querystring" -> switch (s.type()) {
                case "string" -> "r.query(" + name + ")";
                case "integer" -> "r.queryInteger(" + name + ")";
                case "long" -> "r.queryLong(" + name + ")";
                case "boolean" -> "r.queryBoolean(" + name + ")";
                case "timestamp" -> "r.queryTimestamp(" + name + ")";
                case "list" -> g.model.shape(s.member()).type().equals("string") ? "r.queryList(" + name + ")" : null;
                default -> null;
            };
            case "header" -> switch (s.type()) {
                case "string" -> "r.header(" + name + ")";
                case "integer" -> "r.headerInteger(" + name + ")";
                case "long" -> "r.headerLong(" + name + ")";
                case "boolean" -> "r.headerBoolean(" + name + ")";
                case "timestamp" -> "r.headerTimestamp(" + name + ")";
                default -> null;
            };
            default -> null;
        };
    }

    private static String headerText(Shape s, String value) {
        return switch (s.type()) {
            case "timestamp" -> "java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(" + value
                    + ".atOffset(java.time.ZoneOffset.UTC))";
            case "string" -> value;
            default -> value + ".toString()";
        };
    }
}
