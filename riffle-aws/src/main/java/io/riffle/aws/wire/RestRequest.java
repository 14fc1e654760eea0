package io.riffle.aws.wire;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A restJson request as its operation's generated reader sees it: the URI labels its
 * {@link RestOperationTable} match found, the decoded query parameters, the headers and the body. Members
 * bound to the URI, the query string or a header are read here by name, typed: integers and booleans in
 * decimal and {@code true}/{@code false}, timestamps ISO 8601 in a label or the query string and an HTTP date
 * in a header (the protocol's defaults), a query list as the parameter repeated. A value not of its type is a
 * {@link MalformedValueException} naming where it was, for the service to answer in its own words.
 * Read-only after construction; used on one request's thread.
 */
public final class RestRequest {

    /** A bound value that is not of its member's type. */
    public static final class MalformedValueException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedValueException(String where, String value, String expected) {
            super("'" + value + "' in " + where + " is not " + expected);
        }
    }

    private final Map<String, String> labels;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final byte[] body;

    /**
     * @param headers the request's headers (names in any case; one value each)
     * @param body the body, empty when there is none
     */
    public RestRequest(Map<String, String> labels, Map<String, List<String>> query, Map<String, String> headers,
            byte[] body) {
        this.labels = Map.copyOf(labels);
        this.query = query;
        this.headers = new HashMap<>();
        headers.forEach((name, value) -> this.headers.put(name.toLowerCase(Locale.ROOT), value));
        this.body = body;
    }

    public byte[] body() {
        return body;
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    public String label(String name) {
        return labels.get(name);
    }

    public Long labelLong(String name) {
        return parse("label " + name, labels.get(name), "a long", Long::valueOf);
    }

    public Integer labelInteger(String name) {
        return parse("label " + name, labels.get(name), "an integer", Integer::valueOf);
    }

    /** The first value of query parameter {@code name}, or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of query parameter {@code name} in order, or null when it is absent. */
    public List<String> queryList(String name) {
        List<String> values = query.get(name);
        return values == null ? null : List.copyOf(values);
    }

    public Integer queryInteger(String name) {
        return parse("query parameter " + name, query(name), "an integer", Integer::valueOf);
    }

    public Long queryLong(String name) {
        return parse("query parameter " + name, query(name), "a long", Long::valueOf);
    }

    public Boolean queryBoolean(String name) {
        return parse("query parameter " + name, query(name), "a boolean", RestRequest::bool);
    }

    public Instant queryTimestamp(String name) {
        return parse("query parameter " + name, query(name), "an ISO 8601 timestamp",
                value -> OffsetDateTime.parse(value).toInstant());
    }

    /** Header {@code name} (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Integer headerInteger(String name) {
        return parse("header " + name, header(name), "an integer", Integer::valueOf);
    }

    public Long headerLong(String name) {
        return parse("header " + name, header(name), "a long", Long::valueOf);
    }

    public Boolean headerBoolean(String name) {
        return parse("header " + name, header(name), "a boolean", RestRequest::bool);
    }

    public Instant headerTimestamp(String name) {
        return parse("header " + name, header(name), "an HTTP date",
                value -> ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    }

    private static Boolean bool(String value) {
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static <T> T parse(String where, String value, String expected, Function<String, T> parser) {
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedValueException(where, value, expected);
        }
    }
}
