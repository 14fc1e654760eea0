package io.riffle.codegen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Java names for a model's shapes, members and enum values: type names that do not hide a JDK or runtime
 * type the generated code uses (a shape named {@code List} becomes {@code ListShape}), members in lowerCamelCase
 * clear of keywords and of the methods a record may not declare.
 */
final class Names {
    /** Simple names the generated sources use unqualified: no generated type may take one. */
    private static final Set<String> TAKEN = Set.of("Object", "String", "Integer", "Long", "Boolean", "Double",
            "Float", "Override", "SuppressWarnings", "Deprecated", "List", "Map", "ArrayList", "LinkedHashMap", "Instant",
            "Blob", "IOException", "JsonParser", "JsonGenerator", "JsonToken", "WireFormat", "WireCodec", "Builder",
            "Constraint", "Violations", "OperationSpec", "ServiceSpec", "WireShape", "WireReader", "WireWriter",
            "Void", "Class", "Enum", "Objects", "Collections", "Math", "System", "Number", "Kind",
            "UncheckedIOException", "Route", "RestRequest", "RestAnswer", "UriTemplate", "RestJsonProtocol", "QueryInput",
            "XmlWriter", "QueryProtocol", "AwsServiceException", "ErrorEnvelope");
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "_", "builder", "toBuilder", "build", "wireShapeName",
            // a record may not have components with these names
            "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait", "equals");

    private final Map<String, String> typeNames = new HashMap<>();
    private final Set<String> usedTypes = new HashSet<>();

    /** The Java type name of a structure or enum shape, unique in the package. */
    String type(String shapeName) {
        return typeNames.computeIfAbsent(shapeName, n -> {
            String base = identifier(Character.toUpperCase(n.charAt(0)) + n.substring(1));
            String candidate = TAKEN.contains(base) ? base + "Shape" : base;
            while (!usedTypes.add(candidate.toLowerCase(Locale.ROOT))) {
                candidate = candidate + "_";
            }
            return candidate;
        });
    }

    /** The record component / builder method name of a member. */
    static String member(String memberName) {
        String camel = identifier(javaCase(memberName));
        return KEYWORDS.contains(camel) ? camel + "Value" : camel;
    }

    /** A member name in Java's case: {@code UUID} -> {@code uuid}, {@code ARNPrefix} -> {@code arnPrefix}, {@code StreamARN} -> {@code streamARN}. */
    static String javaCase(String name) {
        int upper = 0;
        while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
            upper++;
        }
        if (upper == name.length()) {
            return name.toLowerCase(Locale.ROOT);
        }
        int lower = upper > 1 ? upper - 1 : 1;
        return name.substring(0, lower).toLowerCase(Locale.ROOT) + name.substring(lower);
    }

    /** lowerCamelCase as AWS's validation paths spell a member. */
    static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** An enum constant: upper snake case of the wire value. */
    static String constant(String wireValue) {
        StringBuilder out = new StringBuilder();
        char prev = 0;
        for (int i = 0; i < wireValue.length(); i++) {
            char c = wireValue.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 128) {
                if (Character.isUpperCase(c) && Character.isLowerCase(prev) && !out.isEmpty()) {
                    out.append('_');
                }
                out.append(Character.toUpperCase(c));
            } else if (!out.isEmpty() && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
            prev = c;
        }
        while (!out.isEmpty() && out.charAt(out.length() - 1) == '_') {
            out.setLength(out.length() - 1);
        }
        if (out.isEmpty() || Character.isDigit(out.charAt(0))) {
            out.insert(0, "VALUE_");
        }
        return out.toString();
    }

    static String identifier(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(Character.isJavaIdentifierPart(c) && c < 128 ? c : '_');
        }
        if (out.isEmpty() || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    /** A Java string literal. */
    static String literal(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
