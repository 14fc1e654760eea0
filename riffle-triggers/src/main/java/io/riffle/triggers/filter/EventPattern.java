package io.riffle.triggers.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One filter pattern of Lambda's event filtering (the grammar EventBridge's patterns share), compiled once and
 * matched against an event's JSON. Pure.
 *
 * <pre>
 * pattern   := { field: rule-list | pattern, ..., "$or": [pattern, ...] }   every field holds (AND)
 * rule-list := [ rule, ... ]                                                  any rule holds (OR)
 * rule      := "text" | number | true | false | null                          equals (numbers compared as numbers)
 *            | {"prefix": "us-"} | {"suffix": ".png"} | {"equals-ignore-case": "alice"}
 *            | {"anything-but": value | [value, ...] | {"prefix"|"suffix"|"equals-ignore-case": "text"}}
 *            | {"numeric": [op, n]} | {"numeric": [">" | ">=", n, "<" | "<=", m]}   op: = &lt; &lt;= &gt; &gt;=
 *            | {"exists": true | false}
 * </pre>
 *
 * A rule matches a field's value; when the value is an array, any of its elements. A field the event lacks matches
 * only {@code {"exists": false}}; a nested pattern over a field that is not an object does not match.
 */
public final class EventPattern {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectRule root;

    private EventPattern(ObjectRule root) {
        this.root = root;
    }

    /** Compiles a pattern's text, or throws {@link InvalidPatternException} saying what is wrong with it. */
    public static EventPattern parse(String patternJson) {
        JsonNode tree;
        try {
            tree = JSON.readTree(patternJson == null ? "" : patternJson);
        } catch (JsonProcessingException e) {
            throw new InvalidPatternException("the pattern is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidPatternException("the pattern must be a JSON object");
        }
        return new EventPattern(objectRule(tree, "$"));
    }

    /** Reads an event (or a part of one) as a JSON tree with exact decimals, as patterns compare numbers. */
    public static JsonNode readJson(byte[] json) throws java.io.IOException {
        return JSON.readTree(json);
    }

    /** Whether the pattern tests the event's top-level field {@code name} (directly or in an {@code $or}). */
    public boolean names(String name) {
        return root.names(name);
    }

    public boolean matches(JsonNode event) {
        return root.test(event == null ? MissingNode.getInstance() : event);
    }

    // ---------------------------------------------------------------- compiling

    private static ObjectRule objectRule(JsonNode node, String path) {
        List<Map.Entry<String, Rule>> fields = new ArrayList<>();
        List<List<ObjectRule>> alternatives = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "." + name;
            if (name.equals("$or")) {
                if (!value.isArray() || value.size() < 2) {
                    throw new InvalidPatternException(at + " must be an array of at least two patterns");
                }
                List<ObjectRule> any = new ArrayList<>();
                for (JsonNode alternative : value) {
                    if (!alternative.isObject()) {
                        throw new InvalidPatternException(at + " must hold only patterns (JSON objects)");
                    }
                    any.add(objectRule(alternative, at));
                }
                alternatives.add(any);
            } else if (value.isObject()) {
                fields.add(Map.entry(name, objectRule(value, at)));
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new InvalidPatternException(at + " has no rules: an empty array matches nothing");
                }
                List<Rule> any = new ArrayList<>();
                for (JsonNode rule : value) {
                    any.add(leafRule(rule, at));
                }
                fields.add(Map.entry(name, new AnyRule(any)));
            } else {
                throw new InvalidPatternException(at + " must be an array of rules or a nested pattern, not " + value);
            }
        }
        return new ObjectRule(fields, alternatives);
    }

    private static Rule leafRule(JsonNode rule, String at) {
        if (rule.isTextual() || rule.isNumber() || rule.isBoolean() || rule.isNull()) {
            return new EqualsRule(rule);
        }
        if (!rule.isObject() || rule.size() != 1) {
            throw new InvalidPatternException(at + ": a rule is a value or an object with one operator, not " + rule);
        }
        Map.Entry<String, JsonNode> op = rule.fields().next();
        JsonNode arg = op.getValue();
        return switch (op.getKey()) {
            case "prefix", "suffix", "equals-ignore-case" -> textRule(op.getKey(), arg, at);
            case "anything-but" -> anythingBut(arg, at);
            case "numeric" -> NumericRule.of(arg, at);
            case "exists" -> {
                if (!arg.isBoolean()) {
                    throw new InvalidPatternException(at + ": exists takes true or false");
                }
                yield new ExistsRule(arg.booleanValue());
            }
            default -> throw new InvalidPatternException(at + ": unknown operator " + op.getKey());
        };
    }

    private static Rule textRule(String operator, JsonNode arg, String at) {
        if (!arg.isTextual()) {
            throw new InvalidPatternException(at + ": " + operator + " takes a string");
        }
        String text = arg.textValue();
        return switch (operator) {
            case "prefix" -> new TextRule(v -> v.startsWith(text));
            case "suffix" -> new TextRule(v -> v.endsWith(text));
            default -> new TextRule(v -> v.equalsIgnoreCase(text));
        };
    }

    private static Rule anythingBut(JsonNode arg, String at) {
        if (arg.isObject()) {
            if (arg.size() != 1) {
                throw new InvalidPatternException(at + ": anything-but takes one of prefix, suffix, equals-ignore-case");
            }
            Map.Entry<String, JsonNode> op = arg.fields().next();
            if (!List.of("prefix", "suffix", "equals-ignore-case").contains(op.getKey())) {
                throw new InvalidPatternException(at + ": anything-but does not take " + op.getKey());
            }
            return new NotRule(textRule(op.getKey(), op.getValue(), at));
        }
        List<Rule> excluded = new ArrayList<>();
        if (arg.isArray()) {
            if (arg.isEmpty()) {
                throw new InvalidPatternException(at + ": anything-but needs at least one value");
            }
            for (JsonNode value : arg) {
                if (!value.isTextual() && !value.isNumber()) {
                    throw new InvalidPatternException(at + ": anything-but lists strings or numbers, not " + value);
                }
                excluded.add(new EqualsRule(value));
            }
        } else if (arg.isTextual() || arg.isNumber()) {
            excluded.add(new EqualsRule(arg));
        } else {
            throw new InvalidPatternException(at + ": anything-but takes a string, a number, a list or an operator");
        }
        return new NotRule(new AnyRule(excluded));
    }

    // ---------------------------------------------------------------- rules

    /** A test of one value; {@code MissingNode} stands for a field the event lacks. */
    private interface Rule {
        boolean test(JsonNode value);
    }

    /** Every field's rule holds and, per {@code $or}, one of its patterns. */
    private record ObjectRule(List<Map.Entry<String, Rule>> fields, List<List<ObjectRule>> alternatives)
            implements Rule {
        @Override
        public boolean test(JsonNode value) {
            if (!value.isObject() && !value.isMissingNode()) {
                return false;
            }
            for (Map.Entry<String, Rule> field : fields) {
                if (!field.getValue().test(value.path(field.getKey()))) {
                    return false;
                }
            }
            for (List<ObjectRule> any : alternatives) {
                if (any.stream().noneMatch(rule -> rule.test(value))) {
                    return false;
                }
            }
            return true;
        }

        boolean names(String name) {
            return fields.stream().anyMatch(f -> f.getKey().equals(name))
                    || alternatives.stream().flatMap(List::stream).anyMatch(rule -> rule.names(name));
        }
    }

    /** A rule list: any rule holds, for the value or (an array) any of its elements. */
    private record AnyRule(List<Rule> rules) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (testOne(element)) {
                        return true;
                    }
                }
                return value.isEmpty() && rules.stream().anyMatch(r -> r instanceof ExistsRule e && !e.exists());
            }
            return testOne(value);
        }

        private boolean testOne(JsonNode value) {
            for (Rule rule : rules) {
                if (rule.test(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record EqualsRule(JsonNode expected) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            if (expected.isNumber()) {
                return value.isNumber() && value.decimalValue().compareTo(expected.decimalValue()) == 0;
            }
            return expected.equals(value);
        }
    }

    private record TextRule(java.util.function.Predicate<String> predicate) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            return value.isTextual() && predicate.test(value.textValue());
        }
    }

    /** anything-but: the field is there, holds a value, and the excluded rule does not match it. */
    private record NotRule(Rule excluded) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            return !value.isMissingNode() && !value.isContainerNode() && !excluded.test(value);
        }
    }

    private record ExistsRule(boolean exists) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            boolean isPresent = !value.isMissingNode() && !value.isObject();
            return isPresent == exists;
        }
    }

    /** {@code [op, n]} or a range {@code [">"|">=", lower, "<"|"<=", upper]}. */
    private record NumericRule(String op1, BigDecimal n1, String op2, BigDecimal n2) implements Rule {
        private static final List<String> OPERATORS = List.of("=", "<", "<=", ">", ">=");

        static NumericRule of(JsonNode arg, String at) {
            if (!arg.isArray() || (arg.size() != 2 && arg.size() != 4)) {
                throw new InvalidPatternException(at + ": numeric takes [op, number] or [op, number, op, number]");
            }
            for (int i = 0; i < arg.size(); i += 2) {
                if (!arg.get(i).isTextual() || !OPERATORS.contains(arg.get(i).textValue())
                        || !arg.get(i + 1).isNumber()) {
                    throw new InvalidPatternException(at + ": numeric takes operators = < <= > >= each followed by a "
                            + "number, not " + arg);
                }
            }
            String op1 = arg.get(0).textValue();
            BigDecimal n1 = arg.get(1).decimalValue();
            if (arg.size() == 2) {
                return new NumericRule(op1, n1, null, null);
            }
            String op2 = arg.get(2).textValue();
            BigDecimal n2 = arg.get(3).decimalValue();
            if (!op1.startsWith(">") || !op2.startsWith("<") || n1.compareTo(n2) >= 0) {
                throw new InvalidPatternException(at + ": a numeric range is a lower bound (> or >=) then a greater "
                        + "upper bound (< or <=), not " + arg);
            }
            return new NumericRule(op1, n1, op2, n2);
        }

        @Override
        public boolean test(JsonNode value) {
            if (!value.isNumber()) {
                return false;
            }
            BigDecimal v = value.decimalValue();
            return holds(v, op1, n1) && (op2 == null || holds(v, op2, n2));
        }

        private static boolean holds(BigDecimal v, String op, BigDecimal n) {
            int c = v.compareTo(n);
            return switch (op) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
    }
}
