package io.riffle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The input members of each DynamoDB operation, read from botocore's model (the resource
 * {@code service-2.json} beside this class, Apache-2.0), so that a member Riffle does not serve is
 * told apart from one DynamoDB does not define.
 */
final class ModelMembers {
    private final Map<String, Set<String>> byOperation = new HashMap<>();

    private ModelMembers(JsonNode model) {
        JsonNode shapes = model.get("shapes");
        for (Iterator<Map.Entry<String, JsonNode>> it = model.get("operations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            Set<String> members = new TreeSet<>();
            JsonNode input = op.getValue().path("input").path("shape");
            if (!input.isMissingNode()) {
                shapes.get(input.asText()).path("members").fieldNames().forEachRemaining(members::add);
            }
            byOperation.put(op.getKey(), members);
        }
    }

    static ModelMembers load() {
        try (InputStream in = ModelMembers.class.getResourceAsStream("service-2.json")) {
            return new ModelMembers(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the DynamoDB model resource cannot be read", e);
        }
    }

    boolean isOperation(String name) {
        return byOperation.containsKey(name);
    }

    Set<String> members(String operation) {
        return byOperation.getOrDefault(operation, Set.of());
    }
}
