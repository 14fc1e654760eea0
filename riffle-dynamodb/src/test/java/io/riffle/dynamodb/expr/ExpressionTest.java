package io.riffle.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.dynamodb.item.AttributeValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The grammar and its evaluation, including every form the KCL 3.x and dynamodb-lock-client send. */
class ExpressionTest {

    private static AttributeValue s(String v) {
        return new AttributeValue.S(v);
    }

    private static AttributeValue n(String v) {
        return new AttributeValue.N(new BigDecimal(v));
    }

    private static Map<String, AttributeValue> item(Object... pairs) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return item;
    }

    private static boolean holds(String expression, Map<String, String> names, Map<String, AttributeValue> values,
                                 Map<String, AttributeValue> item) {
        ExpressionAttributes attributes = new ExpressionAttributes(names, values);
        Ast.Condition condition = ExpressionParser.condition(expression, "ConditionExpression", attributes);
        if (names != null && names.containsKey("#unusedCheck") || values != null && values.size() == 1) {
            attributes.checkAllUsed();
        }
        return Evaluator.matches(condition, item);
    }

    @Test
    void theLockClientsConditions() {
        Map<String, AttributeValue> lock = item("key", s("leader"), "rvn", s("v1"), "ownerName", s("w1"), "ir", s("0"));
        assertThat(holds("attribute_not_exists(#pk)", Map.of("#pk", "key"), null, lock)).isFalse();
        assertThat(holds("attribute_not_exists(#pk)", Map.of("#pk", "key"), null, null)).isTrue();
        assertThat(holds("attribute_exists(#pk) AND #ir = :ir", Map.of("#pk", "key", "#ir", "ir"),
                Map.of(":ir", s("0")), lock)).isTrue();
        assertThat(holds("attribute_exists(#pk) AND #rvn = :rvn AND #on = :on",
                Map.of("#pk", "key", "#rvn", "rvn", "#on", "ownerName"), Map.of(":rvn", s("v1"), ":on", s("w2")), lock))
                .isFalse();
    }

    @Test
    void theEnhancedClientsDeleteConditionWithASpaceBeforeTheBracket() {
        assertThat(holds("#key = :value AND attribute_exists (leaseKey)", Map.of("#key", "workerId"),
                Map.of(":value", s("w1")), item("leaseKey", s("x"), "workerId", s("w1")))).isTrue();
    }

    @Test
    void precedenceNotOverAndOverOr() {
        Map<String, AttributeValue> i = item("a", n("1"), "b", n("2"));
        Map<String, AttributeValue> v = Map.of(":one", n("1"), ":two", n("2"), ":three", n("3"));
        // OR binds loosest: a = 3 OR (a = 1 AND b = 2)
        assertThat(holds("a = :three OR a = :one AND b = :two", null, v, i)).isTrue();
        assertThat(holds("(a = :three OR a = :one) AND b = :three", null, v, i)).isFalse();
        assertThat(holds("NOT a = :three AND b = :two", null, v, i)).isTrue();
        assertThat(holds("not (a = :one) or b <> :two", null, v, i)).isFalse();
    }

    @Test
    void comparisonsFunctionsAndMissingAttributes() {
        Map<String, AttributeValue> i = item("s", s("hello"), "n", n("10"), "l", new AttributeValue.L(List.of(s("x"))),
                "ss", new AttributeValue.SS(Set.of("a", "b")), "m", new AttributeValue.M(Map.of("k", n("5"))));
        Map<String, AttributeValue> v = Map.of(":he", s("he"), ":five", n("5"), ":ten", n("10"), ":x", s("x"),
                ":a", s("a"), ":S", s("S"), ":two", n("2"));
        assertThat(holds("begins_with(s, :he) AND n BETWEEN :five AND :ten AND contains(l, :x) AND contains(ss, :a)",
                null, v, i)).isTrue();
        assertThat(holds("attribute_type(s, :S) AND size(ss) = :two AND m.k = :five AND l[0] = :x", null, v, i)).isTrue();
        assertThat(holds("n IN (:five, :ten)", null, v, i)).isTrue();
        assertThat(holds("absent = :five", null, Map.of(":five", n("5")), i)).isFalse();
        assertThat(holds("absent <> :five", null, Map.of(":five", n("5")), i)).isTrue();
        assertThat(holds("s < :five", null, Map.of(":five", n("5")), i)).as("different types are unordered").isFalse();
        assertThat(holds("n > :five", null, Map.of(":five", n("5")), i)).isTrue();
    }

    @Test
    void placeholdersMustBeDefinedAndUsed() {
        assertThatThrownBy(() -> holds("#a = :v", Map.of(), Map.of(":v", n("1")), null))
                .hasMessage("Invalid ConditionExpression: An expression attribute name used in the document path is not "
                        + "defined; attribute name: #a");
        assertThatThrownBy(() -> holds("a = :w", null, Map.of(":v", n("1")), null))
                .hasMessage("Invalid ConditionExpression: An expression attribute value used in expression is not "
                        + "defined; attribute value: :w");
        assertThatThrownBy(() -> holds("a = :v", Map.of("#unusedCheck", "x"), Map.of(":v", n("1")), null))
                .hasMessage("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unusedCheck}");
    }

    @Test
    void syntaxErrorsNameTheToken() {
        assertThatThrownBy(() -> holds("a = ", null, null, null))
                .hasMessage("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
        assertThatThrownBy(() -> holds("a == :v", null, Map.of(":v", n("1")), null))
                .hasMessage("Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"".replace("= = ", "== "));
        assertThatThrownBy(() -> holds("foo(a)", null, null, null))
                .hasMessage("Invalid ConditionExpression: Invalid function name; function: foo");
        assertThatThrownBy(() -> holds("attribute_exists(:v)", null, Map.of(":v", n("1")), null))
                .hasMessage("Invalid ConditionExpression: Operator or function requires a document path; operator or "
                        + "function: attribute_exists");
    }

    private static Map<String, AttributeValue> update(String expression, Map<String, String> names,
                                                      Map<String, AttributeValue> values, Map<String, AttributeValue> item) {
        ExpressionAttributes attributes = new ExpressionAttributes(names, values);
        List<Ast.UpdateAction> actions = ExpressionParser.update(expression, attributes);
        attributes.checkAllUsed();
        return Evaluator.update(item, actions);
    }

    @Test
    void everyReservedWordIsRefusedAsABareNameInAnyCaseButNotAsAPlaceholder() {
        assertThat(ReservedWords.count()).isEqualTo(573);
        assertThatThrownBy(() -> holds("attribute_exists(Status)", null, null, item()))
                .hasMessage("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Status");
        assertThatThrownBy(() -> ExpressionParser.update("SET a.ttl = :v",
                new ExpressionAttributes(null, Map.of(":v", s("x")))))
                .hasMessage("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: ttl");
        assertThatThrownBy(() -> ExpressionParser.projection("leaseKey, name",
                new ExpressionAttributes(null, null)))
                .hasMessage("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
        assertThat(holds("attribute_exists(#s) AND statusCode = :v", Map.of("#s", "status"), Map.of(":v", s("x")),
                item("status", s("y"), "statusCode", s("x")))).isTrue();
    }

    @Test
    void updateClauses() {
        Map<String, AttributeValue> i = item("pk", s("k"), "n", n("1"), "l", new AttributeValue.L(List.of(n("1"), n("2"),
                n("3"))), "ss", new AttributeValue.SS(Set.of("a", "b")), "gone", s("x"),
                "l2", new AttributeValue.L(List.of(n("7"), n("8"))), "ss2", new AttributeValue.SS(Set.of("a")));
        Map<String, AttributeValue> out = update(
                "SET #ld = :ld, #rvn = :newRvn, n = n + :one, l = list_append(l, :more), c = if_not_exists(c, :zero) "
                        + "REMOVE gone, l2[0] ADD tally :one, ss :c DELETE ss2 :a",
                Map.of("#ld", "leaseDuration", "#rvn", "rvn"),
                Map.of(":ld", n("10000"), ":newRvn", s("v2"), ":one", n("1"), ":more",
                        new AttributeValue.L(List.of(n("4"))), ":zero", n("0"), ":c", new AttributeValue.SS(Set.of("c")),
                        ":a", new AttributeValue.SS(Set.of("a"))), i);
        assertThat(out).containsEntry("leaseDuration", n("10000")).containsEntry("rvn", s("v2"))
                .containsEntry("n", n("2")).containsEntry("c", n("0")).containsEntry("tally", n("1"))
                .containsEntry("ss", new AttributeValue.SS(Set.of("a", "b", "c"))).doesNotContainKey("gone")
                .as("a set emptied by DELETE goes").doesNotContainKey("ss2");
        assertThat(out.get("l")).isEqualTo(new AttributeValue.L(List.of(n("1"), n("2"), n("3"), n("4"))));
        assertThat(out.get("l2")).isEqualTo(new AttributeValue.L(List.of(n("8"))));
    }

    @Test
    void updateRefusals() {
        assertThatThrownBy(() -> update("SET a = :v, a = :v", null, Map.of(":v", n("1")), item()))
                .hasMessage("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite "
                        + "one of these paths; path one: [a], path two: [a]");
        assertThatThrownBy(() -> update("SET a = :v SET b = :v", null, Map.of(":v", n("1")), item()))
                .hasMessage("Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
        assertThatThrownBy(() -> update("ADD a :v", null, Map.of(":v", s("x")), item()))
                .hasMessage("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                        + "operand type: S");
        assertThatThrownBy(() -> update("SET a = b + :v", null, Map.of(":v", n("1")), item()))
                .hasMessage("The provided expression refers to an attribute that does not exist in the item");
        assertThatThrownBy(() -> update("SET m.x.y = :v", null, Map.of(":v", n("1")), item("m", new AttributeValue.M(Map.of()))))
                .hasMessage("The document path provided in the update expression is invalid for update");
    }

    @Test
    void projectionKeepsNestedPaths() {
        Map<String, AttributeValue> i = item("a", n("1"), "m", new AttributeValue.M(Map.of("x", n("1"), "y", n("2"))),
                "l", new AttributeValue.L(List.of(s("p"), s("q"), s("r"))));
        List<Path> paths = ExpressionParser.projection("a, m.y, l[2], l[0], absent", ExpressionAttributes.none());
        assertThat(Evaluator.project(i, paths)).isEqualTo(item("a", n("1"), "m", new AttributeValue.M(Map.of("y", n("2"))),
                "l", new AttributeValue.L(List.of(s("p"), s("r")))));
    }
}
