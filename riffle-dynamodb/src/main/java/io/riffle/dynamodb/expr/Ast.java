package io.riffle.dynamodb.expr;

import io.riffle.dynamodb.item.AttributeValue;
import java.util.List;

/** The syntax trees of DynamoDB's expressions (placeholders resolved at parse time). */
public final class Ast {
    private Ast() {
    }

    /** Something that yields a value: a path, a value, size(path), and in updates the functions and + / -. */
    public sealed interface Operand permits PathOperand, ValueOperand, Size, IfNotExists, ListAppend, Arithmetic {
    }

    public record PathOperand(Path path) implements Operand {
    }

    public record ValueOperand(String placeholder, AttributeValue value) implements Operand {
    }

    public record Size(Path path) implements Operand {
    }

    public record IfNotExists(Path path, Operand fallback) implements Operand {
    }

    public record ListAppend(Operand first, Operand second) implements Operand {
    }

    public record Arithmetic(Operand left, boolean isPlus, Operand right) implements Operand {
    }

    public enum Comparator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }
    }

    /** A condition: what ConditionExpression, FilterExpression and KeyConditionExpression hold. */
    public sealed interface Condition permits Compare, Between, In, Function, And, Or, Not {
    }

    public record Compare(Comparator comparator, Operand left, Operand right) implements Condition {
    }

    public record Between(Operand value, Operand low, Operand high) implements Condition {
    }

    public record In(Operand value, List<Operand> candidates) implements Condition {
    }

    /** attribute_exists, attribute_not_exists, attribute_type, begins_with, contains (lower case). */
    public record Function(String name, List<Operand> arguments) implements Condition {
    }

    public record And(Condition left, Condition right) implements Condition {
    }

    public record Or(Condition left, Condition right) implements Condition {
    }

    public record Not(Condition condition) implements Condition {
    }

    /** One action of an UpdateExpression. */
    public sealed interface UpdateAction permits Set, Remove, Add, Delete {
        Path path();
    }

    public record Set(Path path, Operand value) implements UpdateAction {
    }

    public record Remove(Path path) implements UpdateAction {
    }

    public record Add(Path path, Operand value) implements UpdateAction {
    }

    public record Delete(Path path, Operand value) implements UpdateAction {
    }
}
