package io.riffle.aws.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An IAM policy (JSON: Version, Id, Statement as one object or a list) read once and kept as its
 * statements. Reading refuses what IAM refuses, with its {@code MalformedPolicyDocument} texts: not
 * JSON, an unknown Version, a statement without Effect or without Action/NotAction, a Principal in
 * an identity policy, none in a resource policy, an unknown condition operator.
 */
public record PolicyDocument(String text, List<Statement> statements) {

    /** What a policy is attached to decides whether it must name principals. */
    public enum Kind {
        IDENTITY, RESOURCE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    public static PolicyDocument parse(String text, Kind kind) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        JsonNode version = root.get("Version");
        if (version != null && (!version.isTextual() || !VERSIONS.contains(version.asText()))) {
            throw new MalformedPolicyException("The policy must contain a valid version string");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || statementNode.isNull()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        List<Statement> statements = new ArrayList<>();
        if (statementNode.isArray()) {
            for (JsonNode each : statementNode) {
                statements.add(statement(each, kind));
            }
        } else {
            statements.add(statement(statementNode, kind));
        }
        return new PolicyDocument(text, statements);
    }

    private static Statement statement(JsonNode node, Kind kind) {
        if (!node.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        String effect = node.path("Effect").asText(null);
        if (effect == null) {
            throw new MalformedPolicyException("Missing required field Effect");
        }
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new MalformedPolicyException("Invalid effect: " + effect);
        }
        boolean isNotAction = node.has("NotAction");
        if (isNotAction == node.has("Action")) {
            throw new MalformedPolicyException(isNotAction ? "Statement cannot contain both Action and NotAction"
                    : "Missing required field Action");
        }
        boolean isNotResource = node.has("NotResource");
        if (isNotResource && node.has("Resource")) {
            throw new MalformedPolicyException("Statement cannot contain both Resource and NotResource");
        }
        boolean namesPrincipal = node.has("Principal") || node.has("NotPrincipal");
        if (kind == Kind.IDENTITY && namesPrincipal) {
            throw new MalformedPolicyException("Policy document should not specify a principal.");
        }
        if (kind == Kind.RESOURCE && !node.has("Principal")) {
            throw new MalformedPolicyException("Missing required field Principal");
        }
        if (kind == Kind.IDENTITY && !isNotResource && !node.has("Resource")) {
            throw new MalformedPolicyException("Policy statement must contain resources.");
        }
        List<String> resources = isNotResource || node.has("Resource")
                ? strings(node.get(isNotResource ? "NotResource" : "Resource"), "Resource") : List.of("*");
        return new Statement(node.path("Sid").asText(null), effect.equals("Allow"),
                kind == Kind.RESOURCE ? principals(node.get("Principal")) : null,
                strings(node.get(isNotAction ? "NotAction" : "Action"), "Action"), isNotAction, resources,
                isNotResource, conditions(node.get("Condition")));
    }

    private static List<String> principals(JsonNode node) {
        if (node.isTextual()) {
            if (!node.asText().equals("*")) {
                throw new MalformedPolicyException("Invalid principal in policy: " + node.asText());
            }
            return List.of("*");
        }
        if (!node.isObject()) {
            throw new MalformedPolicyException("Invalid principal in policy");
        }
        List<String> principals = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<String> named = strings(entry.getValue(), "Principal");
            if (entry.getKey().equals("AWS")) {
                principals.addAll(named);
            } else {
                named.forEach(n -> principals.add(entry.getKey() + ":" + n)); // a Service principal: no caller of ours
            }
        }
        return principals;
    }

    private static List<Condition> conditions(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            if (!op.getValue().isObject()) {
                throw new MalformedPolicyException("Syntax errors in policy.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                conditions.add(new Condition(op.getKey(), key.getKey(), strings(key.getValue(), "Condition")));
            }
        }
        return conditions;
    }

    /** A string or a list of strings (booleans and numbers as IAM reads them: their text). */
    private static List<String> strings(JsonNode node, String element) {
        if (node == null || node.isNull()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        if (node.isValueNode()) {
            return List.of(node.asText());
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode each : node) {
                if (!each.isValueNode()) {
                    throw new MalformedPolicyException("Syntax errors in policy.");
                }
                values.add(each.asText());
            }
            if (values.isEmpty() && !element.equals("Condition")) {
                throw new MalformedPolicyException("Required field " + element + " cannot be empty");
            }
            return values;
        }
        throw new MalformedPolicyException("Syntax errors in policy.");
    }
}
