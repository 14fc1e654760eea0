package io.riffle.codegen;

import io.riffle.codegen.ServiceModel.Member;
import io.riffle.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A structure's record with its builder, and an enum shape's Java enum. */
final class TypesGenerator {
    private final Generator g;

    TypesGenerator(Generator g) {
        this.g = g;
    }

    String record(Shape shape) {
        String type = g.names.type(shape.name());
        JavaSource src = new JavaSource();
        g.header(src, g.structurePackage);
        g.imports(src, g.structurePackage);
        List<Member> members = new ArrayList<>(shape.members().values());
        List<String> components = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Member m : members) {
            String name = g.component(m);
            if (!used.add(name)) {
                throw new IllegalStateException("two members of " + shape.name() + " are both " + name);
            }
            components.add(g.javaType(m.shape()) + " " + name);
        }
        src.line("/** The structure {@code %s} of the model%s. */", shape.name(),
                shape.isException() ? " (an error, HTTP " + shape.errorStatus() + ")" : "");
        src.line("public record %s(%s) implements WireShape {", type, String.join(", ", components));
        src.line("@Override");
        src.line("public String wireShapeName() {");
        src.line("return %s;", Names.literal(shape.name()));
        src.line("}");
        src.blank();
        src.line("public static Builder builder() {");
        src.line("return new Builder();");
        src.line("}");
        src.blank();
        src.line("public Builder toBuilder() {");
        src.line("return new Builder(this);");
        src.line("}");
        for (Member m : members) {
            Shape ms = g.model.shape(m.shape());
            if (ms.isEnum()) {
                String enumType = g.names.type(ms.name());
                src.blank();
                src.line("/** {@link #%s()} as the enum ({@code UNKNOWN_TO_MODEL} for a value the model does not list). */",
                        g.component(m));
                src.line("public %s %s() {", enumType, Names.member(m.name()));
                src.line("return %s == null ? null : %s.fromWire(%s);", g.component(m), enumType, g.component(m));
                src.line("}");
            }
        }
        src.blank();
        src.line("/** Builds a {@link %s}; not thread-safe. */", type);
        src.line("public static final class Builder {");
        for (Member m : members) {
            src.line("private %s %s;", g.javaType(m.shape()), g.component(m));
        }
        src.blank();
        src.line("private Builder() {");
        src.line("}");
        src.blank();
        src.line("private Builder(%s value) {", type);
        for (Member m : members) {
            src.line("this.%s = value.%s();", g.component(m), g.component(m));
        }
        src.line("}");
        for (Member m : members) {
            String c = g.component(m);
            src.blank();
            src.line("public Builder %s(%s value) {", c, g.javaType(m.shape()));
            src.line("this.%s = value;", c);
            src.line("return this;");
            src.line("}");
            Shape ms = g.model.shape(m.shape());
            if (ms.isEnum()) {
                src.blank();
                src.line("public Builder %s(%s value) {", Names.member(m.name()), g.names.type(ms.name()));
                src.line("this.%s = value == null ? null : value.toString();", c);
                src.line("return this;");
                src.line("}");
            }
        }
        src.blank();
        src.line("public %s build() {", type);
        List<String> args = new ArrayList<>();
        members.forEach(m -> args.add(g.component(m)));
        src.line("return new %s(%s);", type, String.join(", ", args));
        src.line("}");
        src.line("}");
        src.line("}");
        return src.toString();
    }

    String enumeration(Shape shape) {
        String type = g.names.type(shape.name());
        JavaSource src = new JavaSource();
        g.header(src, g.structurePackage);
        src.line("/** The enum {@code %s} of the model; {@link #toString()} is the wire value. */", shape.name());
        src.line("public enum %s {", type);
        Set<String> used = new HashSet<>();
        for (String value : shape.enumValues()) {
            String constant = Names.constant(value);
            while (!used.add(constant) || constant.equals("UNKNOWN_TO_MODEL")) {
                constant = constant + "_";
            }
            src.line("%s(%s),", constant, Names.literal(value));
        }
        src.line("/** A value the model does not list. */");
        src.line("UNKNOWN_TO_MODEL(null);");
        src.blank();
        src.line("private final String wire;");
        src.blank();
        src.line("%s(String wire) {", type);
        src.line("this.wire = wire;");
        src.line("}");
        src.blank();
        src.line("/** The constant for a wire value: {@link #UNKNOWN_TO_MODEL} for one the model does not list, null for null. */");
        src.line("public static %s fromWire(String value) {", type);
        src.line("if (value == null) {");
        src.line("return null;");
        src.line("}");
        src.line("return switch (value) {");
        List<String> constants = new ArrayList<>();
        used.clear();
        for (String value : shape.enumValues()) {
            String constant = Names.constant(value);
            while (!used.add(constant) || constant.equals("UNKNOWN_TO_MODEL")) {
                constant = constant + "_";
            }
            constants.add(constant);
        }
        Set<String> seenValues = new HashSet<>();
        for (int i = 0; i < constants.size(); i++) {
            if (seenValues.add(shape.enumValues().get(i))) {
                src.line("case %s -> %s;", Names.literal(shape.enumValues().get(i)), constants.get(i));
            }
        }
        src.line("default -> UNKNOWN_TO_MODEL;");
        src.line("};");
        src.line("}");
        src.blank();
        src.line("@Override");
        src.line("public String toString() {");
        src.line("return wire == null ? \"UNKNOWN_TO_MODEL\" : wire;");
        src.line("}");
        src.line("}");
        return src.toString();
    }
}
