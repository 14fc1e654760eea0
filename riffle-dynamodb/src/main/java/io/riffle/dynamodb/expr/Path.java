package io.riffle.dynamodb.expr;

import java.util.List;

/**
 * A document path, {@code a.b[2].c}: its elements with placeholders already resolved. The first
 * element is always a name (a top-level attribute).
 */
public record Path(List<Element> elements) {
    public Path {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.get(0) instanceof Name)) {
            throw new IllegalArgumentException("a path starts with a name");
        }
    }

    public sealed interface Element permits Name, Index {
    }

    public record Name(String name) implements Element {
        @Override
        public String toString() {
            return name;
        }
    }

    public record Index(int index) implements Element {
        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    public static Path of(String topLevel) {
        return new Path(List.of(new Name(topLevel)));
    }

    /** The top-level attribute the path starts at. */
    public String attribute() {
        return ((Name) elements.get(0)).name();
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** Whether one path is a prefix of the other (equal included): DynamoDB's "overlap". */
    public boolean overlaps(Path other) {
        int n = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, n).equals(other.elements.subList(0, n));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Element e : elements) {
            if (e instanceof Name name) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(name.name());
            } else {
                out.append(e);
            }
        }
        return out.toString();
    }

    /** As DynamoDB prints a path in its messages: {@code [a, b, [2]]}. */
    public String bracketed() {
        return elements.toString();
    }
}
