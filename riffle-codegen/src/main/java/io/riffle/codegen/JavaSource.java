package io.riffle.codegen;

/** A Java source file being written: lines with indentation (four spaces a level). */
final class JavaSource {
    private final StringBuilder text = new StringBuilder();
    private int depth;

    /** Appends one line; a line ending in '{' opens a level, one starting with '}' closes one. */
    JavaSource line(String line) {
        if (line.startsWith("}")) {
            depth--;
        }
        if (!line.isEmpty()) {
            text.append("    ".repeat(Math.max(depth, 0)));
        }
        text.append(line).append('\n');
        if (line.endsWith("{")) {
            depth++;
        }
        return this;
    }

    JavaSource line(String format, Object... args) {
        return line(String.format(format, args));
    }

    JavaSource blank() {
        text.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
