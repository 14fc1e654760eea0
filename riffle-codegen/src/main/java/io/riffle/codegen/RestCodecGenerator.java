package io.riffle.codegen;

import io.riffle.codegen.ServiceModel.Member;
import io.riffle.codegen.ServiceModel.Operation;
import io.riffle.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <S>RestCodec} for restJson services (Lambda): per operation its {@code UriTemplate}, the request
 * decode (URI labels, query string, headers, then the JSON body or the payload member) and the answer encode
 * (headers, status code member, JSON body or payload), and {@code operationFor(method, path, query)}.
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
        src.line("/** The restJson bindings of %s. */", g.modelName);
        src.line("public final class %sRestCodec {", g.stem);
        List<String> routes = new ArrayList<>();
        for (Operation op : g.model.operations().values()) {
            String constant = Names.constant(op.name()) + "_URI";
            src.line("public static final UriTemplate %s = new UriTemplate(%s);", constant, Names.literal(op.requestUri()));
            routes.add("new Route(%s, %s, %s)".formatted(Names.literal(op.name()), Names.literal(op.httpMethod()), constant));
        }
        src.blank();
        src.line("private record Route(String operation, String method, UriTemplate template) {");
        src.line("}");
        src.blank();
        src.line("private static final List<Route> ROUTES = List.of(");
        for (int i = 0; i < routes.size(); i++) {
            src.line("        %s%s", routes.get(i), i + 1 < routes.size() ? "," : ");");
        }
        src.blank();
        src.line("private %sRestCodec() {", g.stem);
        src.line("}");
        src.blank();
        src.line("/** The operation of a request's method and path without a query (the most specific template), or null. */");
        src.line("public static String operationFor(String method, String path) {");
        src.line("return operationFor(method, path, Map.of());");
        src.line("}");
        src.blank();
        src.line("/**");
        src.line(" * The operation of a request's method, path and decoded query: the most specific template that matches");
        src.line(" * the path and whose literal query the request carries ({@code ?find=LayerVersion}), or null.");
        src.line(" */");
        src.line("public static String operationFor(String method, String path, Map<String, List<String>> query) {");
        src.line("Route best = null;");
        src.line("for (Route route : ROUTES) {");
        src.line("if (route.method().equals(method) && route.template().match(path) != null && route.template().matchesQuery(query)");
        src.line("        && (best == null || route.template().isMoreSpecificThan(best.template()))) {");
        src.line("best = route;");
        src.line("}");
        src.line("}");
        src.line("return best == null ? null : best.operation();");
        src.line("}");
        src.blank();
        src.line("/** An operation's input from its request (null for an operation without input). */");
        src.line("public static Object decodeRequest(String operation, RestRequest r, WireCodec codec) {");
        src.line("return switch (operation) {");
        for (Operation op : g.model.operations().values()) {
            if (op.input() != null) {
                src.line("case %s -> read%sRest(r, codec, %s.match(r.path()));", Names.literal(op.name()),
                        g.methodStem(op.input()), Names.constant(op.name()) + "_URI");
            }
        }
        src.line("default -> null;");
        src.line("};");
        src.line("}");
        src.blank();
        src.line("/** An operation's answer from its output (of the operation's output type, or null). */");
        src.line("public static RestAnswer encodeResponse(String operation, Object output, WireCodec codec) {");
        src.line("return switch (operation) {");
        for (Operation op : g.model.operations().values()) {
            if (op.output() != null) {
                src.line("case %s -> write%sRest((%s) output, codec, %d);", Names.literal(op.name()),
                        g.methodStem(op.output()), g.names.type(op.output()), op.responseCode());
            } else {
                src.line("case %s -> new RestAnswer(%d, Map.of(), new byte[0]);", Names.literal(op.name()), op.responseCode());
            }
        }
        src.line("default -> throw new IllegalArgumentException(\"no operation \" + operation);");
        src.line("};");
        src.line("}");
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (Operation op : g.model.operations().values()) {
            if (op.input() != null && !inputs.contains(op.input())) {
                inputs.add(op.input());
            }
            if (op.output() != null && !outputs.contains(op.output())) {
                outputs.add(op.output());
            }
        }
        inputs.forEach(i -> input(src, g.model.shape(i)));
        outputs.forEach(o -> output(src, g.model.shape(o)));
        src.line("}");
        return src.toString();
    }

    private void input(JavaSource src, Shape shape) {
        String type = g.names.type(shape.name());
        src.blank();
        src.line("static %s read%sRest(RestRequest r, WireCodec codec, Map<String, String> labels) {", type,
                g.methodStem(shape.name()));
        Member payload = shape.payload() == null ? null : shape.members().get(shape.payload());
        if (payload == null) {
            src.line("%s.Builder b = codec.decode(r.body(), WireFormat.JSON, %sCodec::read%s).toBuilder();", type, g.stem,
                    g.methodStem(shape.name()));
        } else {
            src.line("%s.Builder b = %s.builder();", type, type);
            Shape ps = g.model.shape(payload.shape());
            src.line("if (r.body() != null && r.body().length > 0) {");
            if (ps.type().equals("blob")) {
                src.line("b.%s(Blob.wrap(r.body()));", g.component(payload));
            } else if (ps.isStructure()) {
                src.line("b.%s(codec.decode(r.body(), WireFormat.JSON, %sCodec::read%s));", g.component(payload), g.stem,
                        g.methodStem(ps.name()));
            } else {
                src.line("b.%s(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));", g.component(payload));
            }
            src.line("}");
        }
        for (Member m : shape.members().values()) {
            if (m.location() == null) {
                continue;
            }
            String name = m.locationName() != null ? m.locationName() : m.name();
            String text = switch (m.location()) {
                case "uri" -> "labels == null ? null : labels.get(%s)".formatted(Names.literal(name));
                case "querystring" -> "r.queryFirst(%s)".formatted(Names.literal(name));
                case "header" -> "r.header(%s)".formatted(Names.literal(name));
                default -> null;
            };
            Shape ms = g.model.shape(m.shape());
            if (text == null) {
                continue;
            }
            if (ms.type().equals("list") && m.location().equals("querystring")
                    && g.model.shape(ms.member()).type().equals("string")) {
                src.line("b.%s(r.query().get(%s));", g.component(m), Names.literal(name));
                continue;
            }
            String value = convert(ms, "(" + text + ")", name);
            if (value != null) {
                src.line("b.%s(%s);", g.component(m), value);
            }
        }
        src.line("return b.build();");
        src.line("}");
    }

    private static String convert(Shape s, String text, String name) {
        String n = Names.literal(name);
        return switch (s.type()) {
            case "string" -> text;
            case "integer" -> "RestJsonProtocol.integer(%s, %s)".formatted(text, n);
            case "long" -> "RestJsonProtocol.longValue(%s, %s)".formatted(text, n);
            case "boolean" -> "RestJsonProtocol.booleanValue(%s, %s)".formatted(text, n);
            case "timestamp" -> "RestJsonProtocol.timestamp(%s, %s)".formatted(text, n);
            default -> null;
        };
    }

    private void output(JavaSource src, Shape shape) {
        String type = g.names.type(shape.name());
        src.blank();
        src.line("static RestAnswer write%sRest(%s v, WireCodec codec, int status) {", g.methodStem(shape.name()), type);
        src.line("Map<String, String> headers = new LinkedHashMap<>();");
        src.line("int code = status;");
        for (Member m : shape.members().values()) {
            if ("header".equals(m.location())) {
                String name = m.locationName() != null ? m.locationName() : m.name();
                src.line("if (v.%s() != null) {", g.component(m));
                src.line("headers.put(%s, String.valueOf(v.%s()));", Names.literal(name), g.component(m));
                src.line("}");
            } else if ("statusCode".equals(m.location())) {
                src.line("if (v.%s() != null) {", g.component(m));
                src.line("code = v.%s();", g.component(m));
                src.line("}");
            }
        }
        Member payload = shape.payload() == null ? null : shape.members().get(shape.payload());
        if (payload == null) {
            src.line("headers.put(\"Content-Type\", \"application/json\");");
            src.line("return new RestAnswer(code, headers, codec.encode(WireFormat.JSON, v, %sCodec::write%s));", g.stem,
                    g.methodStem(shape.name()));
        } else {
            Shape ps = g.model.shape(payload.shape());
            String c = "v." + g.component(payload) + "()";
            if (ps.type().equals("blob")) {
                src.line("return new RestAnswer(code, headers, %s == null ? new byte[0] : %s.toByteArray());", c, c);
            } else if (ps.isStructure()) {
                src.line("headers.put(\"Content-Type\", \"application/json\");");
                src.line("return new RestAnswer(code, headers, %s == null ? new byte[0] : codec.encode(WireFormat.JSON, %s, %sCodec::write%s));",
                        c, c, g.stem, g.methodStem(ps.name()));
            } else {
                src.line("return new RestAnswer(code, headers, %s == null ? new byte[0] : String.valueOf(%s).getBytes(java.nio.charset.StandardCharsets.UTF_8));", c, c);
            }
        }
        src.line("}");
    }
}
