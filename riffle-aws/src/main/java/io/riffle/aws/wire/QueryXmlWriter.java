package io.riffle.aws.wire;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Objects;

/**
 * The XML answers of the awsQuery protocol (STS, IAM), written as the services write them:
 * <pre>
 *   &lt;GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"&gt;
 *     &lt;GetCallerIdentityResult&gt;          the output's resultWrapper (absent for an empty output)
 *       &lt;Arn&gt;...&lt;/Arn&gt;                  members by name; lists as &lt;member&gt; elements
 *     &lt;/GetCallerIdentityResult&gt;
 *     &lt;ResponseMetadata&gt;&lt;RequestId&gt;...&lt;/RequestId&gt;&lt;/ResponseMetadata&gt;
 *   &lt;/GetCallerIdentityResponse&gt;
 *
 *   &lt;ErrorResponse xmlns="..."&gt;
 *     &lt;Error&gt;&lt;Type&gt;Sender&lt;/Type&gt;&lt;Code&gt;...&lt;/Code&gt;&lt;Message&gt;...&lt;/Message&gt;&lt;/Error&gt;
 *     &lt;RequestId&gt;...&lt;/RequestId&gt;
 *   &lt;/ErrorResponse&gt;
 * </pre>
 * A generated encoder walks its output shape with {@link #start}, {@link #end} and the value methods;
 * timestamps are ISO 8601 in UTC to the millisecond, blobs base64. Text is escaped; a character XML 1.0
 * cannot carry (a control character other than tab, newline and carriage return, a lone surrogate) becomes
 * U+FFFD, since no parser would read it. One writer per answer, on the answering thread; not thread-safe.
 */
public final class QueryXmlWriter {

    private final StringBuilder xml = new StringBuilder(256);
    private final Deque<String> open = new ArrayDeque<>();
    private final String resultWrapper;

    private QueryXmlWriter(String operation, String namespace, String resultWrapper) {
        this.resultWrapper = resultWrapper;
        xml.append('<').append(operation).append("Response xmlns=\"");
        escape(namespace, true);
        xml.append("\">");
        open.push(operation + "Response");
        if (resultWrapper != null) {
            start(resultWrapper);
        }
    }

    /**
     * Starts the answer of {@code operation}.
     *
     * @param namespace the model's {@code metadata.xmlNamespace}
     * @param resultWrapper the output's {@code resultWrapper} ({@code <Operation>Result}), or null when the
     *        operation has no output
     */
    public static QueryXmlWriter response(String operation, String namespace, String resultWrapper) {
        return new QueryXmlWriter(Objects.requireNonNull(operation, "operation"),
                Objects.requireNonNull(namespace, "namespace"), resultWrapper);
    }

    /** Opens element {@code name} (a structure, a list, a list's {@code member}, a map's {@code entry}). */
    public QueryXmlWriter start(String name) {
        xml.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public QueryXmlWriter end() {
        if (open.size() <= (resultWrapper == null ? 1 : 2)) {
            throw new IllegalStateException("no element of the output is open");
        }
        xml.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>value</name>}; nothing for a null value (an absent member is left out). */
    public QueryXmlWriter string(String name, String value) {
        if (value != null) {
            xml.append('<').append(name).append('>');
            escape(value, false);
            xml.append("</").append(name).append('>');
        }
        return this;
    }

    public QueryXmlWriter bool(String name, Boolean value) {
        return value == null ? this : plain(name, value.toString());
    }

    public QueryXmlWriter number(String name, Number value) {
        if (value == null) {
            return this;
        }
        return plain(name, value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
    }

    /** An ISO 8601 timestamp in UTC, to the millisecond ({@code 2026-12-04T05:00:00.123Z}). */
    public QueryXmlWriter timestamp(String name, Instant value) {
        return value == null ? this : plain(name, value.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    public QueryXmlWriter blob(String name, byte[] value) {
        return value == null ? this : plain(name, Base64.getEncoder().encodeToString(value));
    }

    /** Closes the result and writes the response metadata: the answer, done. */
    public String finish(String requestId) {
        if (open.size() != (resultWrapper == null ? 1 : 2)) {
            throw new IllegalStateException("elements still open: " + open);
        }
        if (resultWrapper != null) {
            xml.append("</").append(open.pop()).append('>');
        }
        xml.append("<ResponseMetadata><RequestId>");
        escape(requestId, false);
        xml.append("</RequestId></ResponseMetadata></").append(open.pop()).append('>');
        return xml.toString();
    }

    /** {@link #finish} as UTF-8 bytes. */
    public byte[] finishBytes(String requestId) {
        return finish(requestId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An awsQuery error answer.
     *
     * @param isSenderFault {@code Sender} (the caller's fault, a 4xx) or {@code Receiver} (a 5xx)
     */
    public static String errorResponse(String namespace, boolean isSenderFault, String code, String message,
            String requestId) {
        QueryXmlWriter writer = new QueryXmlWriter();
        StringBuilder xml = writer.xml;
        xml.append("<ErrorResponse xmlns=\"");
        writer.escape(namespace, true);
        xml.append("\"><Error><Type>").append(isSenderFault ? "Sender" : "Receiver").append("</Type><Code>");
        writer.escape(code, false);
        xml.append("</Code>");
        if (message != null) {
            xml.append("<Message>");
            writer.escape(message, false);
            xml.append("</Message>");
        }
        xml.append("</Error><RequestId>");
        writer.escape(requestId, false);
        xml.append("</RequestId></ErrorResponse>");
        return xml.toString();
    }

    private QueryXmlWriter() {
        this.resultWrapper = null;
    }

    private QueryXmlWriter plain(String name, String text) {
        xml.append('<').append(name).append('>').append(text).append("</").append(name).append('>');
        return this;
    }

    private void escape(String text, boolean isAttribute) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append(isAttribute ? "&quot;" : "\"");
                case '\r' -> xml.append("&#xD;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
                        xml.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        xml.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        xml.append('\uFFFD');
                    } else {
                        xml.append(c);
                    }
                }
            }
        }
    }
}
