package io.riffle.firehose.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The MetadataExtraction processor's query (JsonParsingEngine JQ-1.6): a jq expression run on each record's JSON
 * whose one output is an object of partition keys, e.g. {@code {customer_id: .customer_id, year: .ts |
 * strftime("%Y")}}. jackson-jq's jq 1.6 built-ins plus {@link JqDateFunctions}. A record that is not JSON, or whose
 * query fails or gives anything but one object of non-null scalars, has no keys ({@code null}): Firehose writes it
 * to the error prefix.
 *
 * <p>Not thread-safe by contract (jackson-jq's compiled query is, but callers use one per delivery thread).
 */
public final class PartitionKeyQuery {
    public static final String ENGINE = "JQ-1.6";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scope BUILTINS = builtins();

    private final String expression;
    private final JsonQuery query;

    private PartitionKeyQuery(String expression, JsonQuery query) {
        this.expression = expression;
        this.query = query;
    }

    private static Scope builtins() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
        JqDateFunctions.addTo(scope);
        return scope;
    }

    /** Compiles a query; a malformed one is an {@link IllegalArgumentException} (InvalidArgumentException). */
    public static PartitionKeyQuery compile(String expression) {
        try {
            return new PartitionKeyQuery(expression, JsonQuery.compile(expression, Versions.JQ_1_6));
        } catch (JsonQueryException e) {
            throw new IllegalArgumentException("MetadataExtractionQuery is not a valid JQ-1.6 expression: "
                    + e.getMessage());
        }
    }

    public String expression() {
        return expression;
    }

    /** The keys of one record, in the query's order, or null when they cannot be extracted. */
    public Map<String, String> keys(byte[] data) {
        JsonNode in;
        try {
            in = JSON.readTree(data);
        } catch (IOException e) {
            return null;
        }
        if (in == null || in.isMissingNode()) {
            return null;
        }
        return keys(in);
    }

    Map<String, String> keys(JsonNode in) {
        List<JsonNode> out = new ArrayList<>(1);
        try {
            query.apply(Scope.newChildScope(BUILTINS), in, out::add);
        } catch (JsonQueryException | RuntimeException e) {
            return null;
        }
        if (out.size() != 1 || !out.get(0).isObject()) {
            return null;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = out.get(0).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                return null;
            }
            keys.put(field.getKey(), value.asText());
        }
        return keys;
    }

    /** Runs any jq expression on a JSON text and returns its outputs as JSON texts (for tests of the functions). */
    static List<String> run(String expression, String input) throws IOException {
        List<String> out = new ArrayList<>();
        JsonQuery.compile(expression, Versions.JQ_1_6).apply(Scope.newChildScope(BUILTINS), JSON.readTree(input),
                v -> out.add(v.toString()));
        return out;
    }
}
