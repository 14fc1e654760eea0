package io.riffle.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A botocore {@code service-2.json}, read once into small records: metadata, operations, shapes in model
 * order (the order AWS validates members in). Build-time only.
 */
record ServiceModel(Metadata metadata, Map<String, Operation> operations, Map<String, Shape> shapes) {

    record Metadata(String protocol, String apiVersion, String serviceId, String endpointPrefix,
                    String signingName, String targetPrefix, String jsonVersion, String xmlNamespace) {
    }

    /** {@code resultWrapper}: the query protocol's element around the output ({@code <OpResult>}). */
    record Operation(String name, String httpMethod, String requestUri, int responseCode, String input,
                     String output, String resultWrapper, List<String> errors) {
    }

    /**
     * A member of a structure. {@code location} is where a REST protocol puts it (uri, querystring, header,
     * headers, or null for the body), {@code locationName} its name there (or the query protocol's element name).
     */
    record Member(String name, String shape, String location, String locationName, boolean isPayload,
                  boolean isIdempotencyToken) {
    }

    /** One shape; {@code min}/{@code max} as the model's number text. */
    record Shape(String name, String type, Map<String, Member> members, Set<String> required, String min,
                 String max, String pattern, List<String> enumValues, String member, String key, String value,
                 boolean isException, boolean isEventStream, boolean isEvent, boolean isStreaming, int errorStatus,
                 String errorCode, String timestampFormat, String payload, boolean isFlattened) {
        boolean isStructure() {
            return type.equals("structure");
        }

        boolean isEnum() {
            return type.equals("string") && !enumValues.isEmpty();
        }
    }

    Shape shape(String name) {
        Shape s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no shape " + name + " in the model");
        }
        return s;
    }

    static ServiceModel read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode md = root.path("metadata");
        Metadata metadata = new Metadata(text(md, "protocol"), text(md, "apiVersion"), text(md, "serviceId"),
                text(md, "endpointPrefix"), md.has("signingName") ? text(md, "signingName") : text(md, "endpointPrefix"),
                text(md, "targetPrefix"), text(md, "jsonVersion"), text(md, "xmlNamespace"));
        Map<String, Operation> operations = new LinkedHashMap<>();
        root.path("operations").properties().forEach(e -> {
            JsonNode op = e.getValue();
            List<String> errors = new ArrayList<>();
            op.path("errors").forEach(err -> errors.add(err.path("shape").asText()));
            operations.put(e.getKey(), new Operation(e.getKey(), text(op.path("http"), "method"),
                    text(op.path("http"), "requestUri"), op.path("http").path("responseCode").asInt(200),
                    text(op.path("input"), "shape"),
                    text(op.path("output"), "shape"), text(op.path("output"), "resultWrapper"), List.copyOf(errors)));
        });
        Map<String, Shape> shapes = new LinkedHashMap<>();
        root.path("shapes").properties().forEach(e -> shapes.put(e.getKey(), shape(e.getKey(), e.getValue())));
        return new ServiceModel(metadata, operations, shapes);
    }

    private static Shape shape(String name, JsonNode s) {
        Map<String, Member> members = new LinkedHashMap<>();
        s.path("members").properties().forEach(m -> {
            JsonNode v = m.getValue();
            members.put(m.getKey(), new Member(m.getKey(), text(v, "shape"), text(v, "location"),
                    text(v, "locationName"), v.path("payload").asBoolean(false) || v.path("eventpayload").asBoolean(false),
                    v.path("idempotencyToken").asBoolean(false)));
        });
        Set<String> required = new LinkedHashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        List<String> enumValues = new ArrayList<>();
        s.path("enum").forEach(v -> enumValues.add(v.asText()));
        JsonNode error = s.path("error");
        return new Shape(name, text(s, "type"), members, required, number(s, "min"), number(s, "max"),
                text(s, "pattern"), List.copyOf(enumValues), text(s.path("member"), "shape"),
                text(s.path("key"), "shape"), text(s.path("value"), "shape"), s.path("exception").asBoolean(false),
                s.path("eventstream").asBoolean(false), s.path("event").asBoolean(false),
                s.path("streaming").asBoolean(false), error.path("httpStatusCode").asInt(400), text(error, "code"),
                text(s, "timestampFormat"), text(s, "payload"), s.path("flattened").asBoolean(false));
    }

    private static String number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
