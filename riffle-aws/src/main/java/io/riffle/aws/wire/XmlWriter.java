package io.riffle.aws.wire;

/** A minimal XML writer for query-protocol answers: elements and escaped text, no attributes but the namespace. */
public final class XmlWriter {
    private final StringBuilder out = new StringBuilder(512);

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    public XmlWriter start(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"");
        escape(xmlns);
        out.append("\">");
        return this;
    }

    public XmlWriter end(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>text</name>}, the text escaped. */
    public XmlWriter element(String name, String text) {
        start(name);
        escape(text);
        return end(name);
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
