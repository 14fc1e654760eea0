package io.riffle.codegen;

import io.riffle.codegen.ServiceModel.Metadata;
import io.riffle.codegen.ServiceModel.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code <S>Operations}: an {@code OperationSpec} per operation, {@code ALL} in model order, {@code SERVICE}. */
final class OperationsGenerator {
    private final Generator g;

    OperationsGenerator(Generator g) {
        this.g = g;
    }

    String operations() {
        JavaSource src = new JavaSource();
        g.header(src, g.servicePackage);
        g.imports(src, g.servicePackage);
        src.line("/** The operations of %s as data: names, HTTP bindings, types, readers and writers, errors. */", g.modelName);
        src.line("public final class %sOperations {", g.stem);
        List<String> constants = new ArrayList<>();
        Set<String> used = new HashSet<>(Set.of("ALL", "SERVICE"));
        for (Operation op : g.model.operations().values()) {
            String constant = Names.constant(op.name());
            while (!used.add(constant)) {
                constant = constant + "_";
            }
            constants.add(constant);
            String in = op.input() == null ? "Void" : g.names.type(op.input());
            String out = op.output() == null ? "Void" : g.names.type(op.output());
            List<String> errors = new ArrayList<>();
            op.errors().forEach(e -> errors.add(Names.literal(e)));
            src.line("public static final OperationSpec<%s, %s> %s = new OperationSpec<>(%s, %s, %s,", in, out, constant,
                    Names.literal(op.name()), Names.literal(op.httpMethod()), Names.literal(op.requestUri()));
            src.line("        %s,", io(op.input(), in));
            src.line("        %s,", io(op.output(), out));
            src.line("        List.of(%s));", String.join(", ", errors));
        }
        src.blank();
        src.line("/** Every operation, in model order. */");
        src.line("public static final List<OperationSpec<?, ?>> ALL = List.of(%s);", String.join(", ", constants));
        Metadata md = g.model.metadata();
        src.blank();
        src.line("public static final ServiceSpec SERVICE = new ServiceSpec(%s, %s, %s, %s, %s, %s, ALL);",
                Names.literal(md.serviceId()), Names.literal(md.protocol()), Names.literal(md.targetPrefix()),
                Names.literal(md.jsonVersion()), Names.literal(md.apiVersion()), Names.literal(md.signingName()));
        src.blank();
        src.line("private %sOperations() {", g.stem);
        src.line("}");
        src.line("}");
        return src.toString();
    }

    private String io(String shape, String type) {
        if (shape == null) {
            return "null, Void.class, null, null";
        }
        String stem = g.methodStem(shape);
        return "%s, %s.class, %sCodec::read%s, %sCodec::write%s".formatted(Names.literal(shape), type, g.stem, stem,
                g.stem, stem);
    }
}
