package io.riffle.triggers.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.kinesis.source.StreamSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A mapping's FilterCriteria: up to {@link #MAX_FILTERS} patterns, ORed (a record any pattern matches goes to the
 * function; the others are skipped and checkpointed past, as Lambda drops them). Pure.
 *
 * <p>A pattern sees a Kinesis record as the {@code kinesis} object of Lambda's event, with {@code data} decoded:
 * <pre>
 * {"kinesisSchemaVersion": "1.0", "partitionKey": "k", "sequenceNumber": "4959...",
 *  "approximateArrivalTimestamp": 1545084650.987, "data": {...the record's JSON...}}
 * </pre>
 * Data that is not JSON is its UTF-8 text (so {@code "data": [{"prefix": "ERROR"}]} works on plain text) and never
 * matches a nested pattern ({@code "data": {"field": [...]}}). Data is parsed only when a pattern names it.
 */
public final class RecordFilter {
    /** Lambda's default quota of filters per mapping. */
    public static final int MAX_FILTERS = 5;
    public static final RecordFilter ACCEPT_ALL = new RecordFilter(List.of(), false);

    private final List<EventPattern> patterns;
    private final boolean isDataNamed;

    private RecordFilter(List<EventPattern> patterns, boolean isDataNamed) {
        this.patterns = patterns;
        this.isDataNamed = isDataNamed;
    }

    /** Compiles a mapping's patterns; throws {@link InvalidPatternException} for a bad one or too many. */
    public static RecordFilter of(List<String> patternTexts) {
        if (patternTexts == null || patternTexts.isEmpty()) {
            return ACCEPT_ALL;
        }
        if (patternTexts.size() > MAX_FILTERS) {
            throw new InvalidPatternException("at most " + MAX_FILTERS + " filters, not " + patternTexts.size());
        }
        List<EventPattern> compiled = new ArrayList<>();
        boolean isDataNamed = false;
        for (String text : patternTexts) {
            EventPattern pattern = EventPattern.parse(text);
            compiled.add(pattern);
            isDataNamed |= pattern.names("data");
        }
        return new RecordFilter(List.copyOf(compiled), isDataNamed);
    }

    public boolean isAcceptingAll() {
        return patterns.isEmpty();
    }

    public boolean accepts(StreamSource.Record r) {
        if (patterns.isEmpty()) {
            return true;
        }
        JsonNode view = view(r, isDataNamed);
        for (EventPattern p : patterns) {
            if (p.matches(view)) {
                return true;
            }
        }
        return false;
    }

    /** The record as patterns see it. */
    static ObjectNode view(StreamSource.Record r, boolean withData) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("kinesisSchemaVersion", "1.0");
        node.put("partitionKey", r.partitionKey());
        node.put("sequenceNumber", r.sequenceNumber());
        node.put("approximateArrivalTimestamp", BigDecimal.valueOf(r.arrivalTimestampMs(), 3));
        if (withData) {
            node.set("data", data(r.data()));
        }
        return node;
    }

    private static JsonNode data(byte[] data) {
        try {
            JsonNode json = data.length == 0 ? null : EventPattern.readJson(data);
            if (json != null && !json.isMissingNode()) {
                return json;
            }
        } catch (IOException notJson) {
            // plain data: matched as text below
        }
        return JsonNodeFactory.instance.textNode(new String(data, StandardCharsets.UTF_8));
    }
}
