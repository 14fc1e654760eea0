package io.riffle.dynamodb.expr;

import io.riffle.dynamodb.DynamoDbException;
import io.riffle.dynamodb.expr.Lexer.Kind;
import io.riffle.dynamodb.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for DynamoDB's expression grammars, resolving placeholders through
 * the request's {@link ExpressionAttributes} as it goes:
 * <pre>
 *   condition  := or
 *   or         := and ("OR" and)*
 *   and        := not ("AND" not)*
 *   not        := "NOT" not | primary
 *   primary    := "(" condition ")"
 *               | function "(" operand ("," operand)* ")"
 *               | operand comparator operand
 *               | operand "BETWEEN" operand "AND" operand
 *               | operand "IN" "(" operand ("," operand)* ")"
 *   operand    := path | :value | "size" "(" path ")"
 *   path       := (name | #name) ("." (name | #name) | "[" digits "]")*
 *
 *   update     := clause+              each of SET, REMOVE, ADD, DELETE at most once
 *   clause     := "SET" path "=" value ("," path "=" value)*
 *               | "REMOVE" path ("," path)*
 *               | "ADD" path :value ("," path :value)*
 *               | "DELETE" path :value ("," path :value)*
 *   value      := term (("+" | "-") term)?
 *   term       := path | :value | "if_not_exists" "(" path "," value ")"
 *               | "list_append" "(" value "," value ")"
 *
 *   projection := path ("," path)*
 * </pre>
 * Keywords and function names are case-insensitive, as DynamoDB takes them. Errors are
 * ValidationExceptions in DynamoDB's words ("Invalid ConditionExpression: Syntax error; token: ...").
 */
public final class ExpressionParser {
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
    private final String expression;
    private final String kind;
    private final ExpressionAttributes attributes;
    private final List<Token> tokens;
    private int next;

    private ExpressionParser(String expression, String kind, ExpressionAttributes attributes) {
        this.expression = expression;
        this.kind = kind;
        this.attributes = attributes;
        if (expression.isBlank()) {
            throw DynamoDbException.validation("Invalid " + kind + ": The expression can not be empty;");
        }
        this.tokens = Lexer.tokens(expression, kind);
    }

    /** A ConditionExpression, FilterExpression or KeyConditionExpression ({@code kind} names it in errors). */
    public static Ast.Condition condition(String expression, String kind, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser(expression, kind, attributes);
        Ast.Condition condition = parser.or();
        parser.expectEnd();
        return condition;
    }

    public static List<Ast.UpdateAction> update(String expression, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser(expression, "UpdateExpression", attributes);
        List<Ast.UpdateAction> actions = parser.updateClauses();
        checkNoOverlap(actions);
        return actions;
    }

    public static List<Path> projection(String expression, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser(expression, "ProjectionExpression", attributes);
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(parser.path());
        } while (parser.accept(","));
        parser.expectEnd();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).overlaps(paths.get(j))) {
                    throw DynamoDbException.validation("Invalid ProjectionExpression: Two document paths overlap with "
                            + "each other; must remove or rewrite one of these paths; path one: "
                            + paths.get(i).bracketed() + ", path two: " + paths.get(j).bracketed());
                }
            }
        }
        return paths;
    }

    // ---- conditions

    private Ast.Condition or() {
        Ast.Condition left = and();
        while (acceptKeyword("or")) {
            left = new Ast.Or(left, and());
        }
        return left;
    }

    private Ast.Condition and() {
        Ast.Condition left = not();
        while (acceptKeyword("and")) {
            left = new Ast.And(left, not());
        }
        return left;
    }

    private Ast.Condition not() {
        if (acceptKeyword("not")) {
            return new Ast.Not(not());
        }
        return primary();
    }

    private Ast.Condition primary() {
        if (accept("(")) {
            Ast.Condition inner = or();
            expect(")");
            return inner;
        }
        Token token = peek();
        if (token.kind() == Kind.IDENT && peekAt(1).is("(")) {
            String name = token.text().toLowerCase(Locale.ROOT);
            if (CONDITION_FUNCTIONS.contains(name)) {
                next += 2;
                List<Ast.Operand> arguments = arguments(false);
                return function(name, arguments);
            }
            if (!name.equals("size")) {
                throw functionProblem(name);
            }
        }
        Ast.Operand left = conditionOperand();
        Token operator = take();
        if (operator.kind() == Kind.SYMBOL) {
            for (Ast.Comparator comparator : Ast.Comparator.values()) {
                if (comparator.symbol.equals(operator.text())) {
                    return new Ast.Compare(comparator, left, conditionOperand());
                }
            }
        } else if (operator.is("between")) {
            Ast.Operand low = conditionOperand();
            expectKeyword("and");
            return new Ast.Between(left, low, conditionOperand());
        } else if (operator.is("in")) {
            expect("(");
            List<Ast.Operand> candidates = new ArrayList<>();
            do {
                candidates.add(conditionOperand());
            } while (accept(","));
            expect(")");
            if (candidates.size() > 100) {
                throw DynamoDbException.validation("Invalid " + kind + ": The IN operator is provided with too many "
                        + "operands; number of operands: " + candidates.size());
            }
            return new Ast.In(left, candidates);
        }
        throw syntax(operator);
    }

    private Ast.Condition function(String name, List<Ast.Operand> arguments) {
        int expected = switch (name) {
            case "attribute_exists", "attribute_not_exists" -> 1;
            default -> 2;
        };
        if (arguments.size() != expected) {
            throw DynamoDbException.validation("Invalid " + kind + ": Incorrect number of operands for operator or "
                    + "function; operator or function: " + name + ", number of operands: " + arguments.size());
        }
        if (!(arguments.get(0) instanceof Ast.PathOperand)) {
            throw DynamoDbException.validation("Invalid " + kind + ": Operator or function requires a document path; "
                    + "operator or function: " + name);
        }
        return new Ast.Function(name, arguments);
    }

    private List<Ast.Operand> arguments(boolean isUpdate) {
        List<Ast.Operand> arguments = new ArrayList<>();
        do {
            arguments.add(isUpdate ? updateValue() : conditionOperand());
        } while (accept(","));
        expect(")");
        return arguments;
    }

    private Ast.Operand conditionOperand() {
        Token token = peek();
        if (token.kind() == Kind.VALUE_PLACEHOLDER) {
            next++;
            return new Ast.ValueOperand(token.text(), attributes.value(token.text(), kind));
        }
        if (token.kind() == Kind.IDENT && peekAt(1).is("(")) {
            String name = token.text().toLowerCase(Locale.ROOT);
            if (!name.equals("size")) {
                throw functionProblem(name);
            }
            next += 2;
            List<Ast.Operand> arguments = arguments(false);
            if (arguments.size() != 1) {
                throw DynamoDbException.validation("Invalid " + kind + ": Incorrect number of operands for operator or "
                        + "function; operator or function: size, number of operands: " + arguments.size());
            }
            if (!(arguments.get(0) instanceof Ast.PathOperand path)) {
                throw DynamoDbException.validation("Invalid " + kind + ": Operator or function requires a document "
                        + "path; operator or function: size");
            }
            return new Ast.Size(path.path());
        }
        return new Ast.PathOperand(path());
    }

    private DynamoDbException functionProblem(String name) {
        if (CONDITION_FUNCTIONS.contains(name) || UPDATE_FUNCTIONS.contains(name) || name.equals("size")) {
            String where = kind.equals("UpdateExpression") ? "an update expression" : "a condition expression";
            if (kind.equals("KeyConditionExpression") || kind.equals("FilterExpression")
                    || kind.equals("ConditionExpression") || kind.equals("UpdateExpression")) {
                return DynamoDbException.validation("Invalid " + kind + ": The function is not allowed in " + where
                        + "; function: " + name);
            }
        }
        return DynamoDbException.validation("Invalid " + kind + ": Invalid function name; function: " + name);
    }

    // ---- paths

    private Path path() {
        List<Path.Element> elements = new ArrayList<>();
        elements.add(new Path.Name(pathName()));
        while (true) {
            if (accept(".")) {
                elements.add(new Path.Name(pathName()));
            } else if (peek().is("[")) {
                next++;
                Token index = take();
                if (index.kind() != Kind.NUMBER) {
                    throw syntax(index);
                }
                int value;
                try {
                    value = Integer.parseInt(index.text());
                } catch (NumberFormatException e) {
                    throw syntax(index);
                }
                expect("]");
                elements.add(new Path.Index(value));
            } else {
                return new Path(elements);
            }
        }
    }

    private String pathName() {
        Token token = take();
        if (token.kind() == Kind.NAME_PLACEHOLDER) {
            return attributes.name(token.text(), kind);
        }
        if (token.kind() == Kind.IDENT) {
            if (ReservedWords.isReserved(token.text())) {
                throw DynamoDbException.validation("Invalid " + kind + ": Attribute name is a reserved keyword; "
                        + "reserved keyword: " + token.text());
            }
            return token.text();
        }
        throw syntax(token);
    }

    // ---- updates

    private List<Ast.UpdateAction> updateClauses() {
        List<Ast.UpdateAction> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        do {
            Token clause = take();
            String name = clause.kind() == Kind.IDENT ? clause.text().toUpperCase(Locale.ROOT) : "";
            if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(name)) {
                throw syntax(clause);
            }
            if (!seen.add(name)) {
                throw DynamoDbException.validation("Invalid UpdateExpression: The \"" + name
                        + "\" section can only be used once in an update expression;");
            }
            do {
                Path path = path();
                switch (name) {
                    case "SET" -> {
                        expect("=");
                        actions.add(new Ast.Set(path, updateValue()));
                    }
                    case "REMOVE" -> actions.add(new Ast.Remove(path));
                    case "ADD" -> actions.add(new Ast.Add(path, placeholderValue()));
                    default -> actions.add(new Ast.Delete(path, placeholderValue()));
                }
            } while (accept(","));
        } while (peek().kind() != Kind.END);
        return actions;
    }

    private Ast.Operand placeholderValue() {
        Token token = take();
        if (token.kind() != Kind.VALUE_PLACEHOLDER) {
            throw syntax(token);
        }
        return new Ast.ValueOperand(token.text(), attributes.value(token.text(), kind));
    }

    private Ast.Operand updateValue() {
        Ast.Operand left = updateTerm();
        if (peek().is("+") || peek().is("-")) {
            boolean isPlus = take().is("+");
            return new Ast.Arithmetic(left, isPlus, updateTerm());
        }
        return left;
    }

    private Ast.Operand updateTerm() {
        Token token = peek();
        if (token.kind() == Kind.VALUE_PLACEHOLDER) {
            next++;
            return new Ast.ValueOperand(token.text(), attributes.value(token.text(), kind));
        }
        if (token.kind() == Kind.IDENT && peekAt(1).is("(")) {
            String name = token.text().toLowerCase(Locale.ROOT);
            if (!UPDATE_FUNCTIONS.contains(name)) {
                throw functionProblem(name);
            }
            next += 2;
            List<Ast.Operand> arguments = arguments(true);
            if (arguments.size() != 2) {
                throw DynamoDbException.validation("Invalid UpdateExpression: Incorrect number of operands for operator "
                        + "or function; operator or function: " + name + ", number of operands: " + arguments.size());
            }
            if (name.equals("if_not_exists")) {
                if (!(arguments.get(0) instanceof Ast.PathOperand path)) {
                    throw DynamoDbException.validation("Invalid UpdateExpression: Operator or function requires a "
                            + "document path; operator or function: if_not_exists");
                }
                return new Ast.IfNotExists(path.path(), arguments.get(1));
            }
            return new Ast.ListAppend(arguments.get(0), arguments.get(1));
        }
        return new Ast.PathOperand(path());
    }

    private static void checkNoOverlap(List<Ast.UpdateAction> actions) {
        for (int i = 0; i < actions.size(); i++) {
            for (int j = i + 1; j < actions.size(); j++) {
                Path a = actions.get(i).path();
                Path b = actions.get(j).path();
                if (a.overlaps(b)) {
                    throw DynamoDbException.validation("Invalid UpdateExpression: Two document paths overlap with each "
                            + "other; must remove or rewrite one of these paths; path one: " + a.bracketed()
                            + ", path two: " + b.bracketed());
                }
            }
        }
    }

    // ---- tokens

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    private boolean accept(String symbol) {
        if (peek().kind() == Kind.SYMBOL && peek().text().equals(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().kind() == Kind.IDENT && peek().text().equalsIgnoreCase(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        Token token = take();
        if (!(token.kind() == Kind.SYMBOL && token.text().equals(symbol))) {
            throw syntax(token);
        }
    }

    private void expectKeyword(String keyword) {
        Token token = take();
        if (!(token.kind() == Kind.IDENT && token.text().equalsIgnoreCase(keyword))) {
            throw syntax(token);
        }
    }

    private void expectEnd() {
        if (peek().kind() != Kind.END) {
            throw syntax(peek());
        }
    }

    /** DynamoDB's syntax error: the token, and "near" it the text from the token before to the one after. */
    private DynamoDbException syntax(Token token) {
        int at = tokens.indexOf(token);
        Token before = tokens.get(Math.max(0, at - 1));
        Token after = tokens.get(Math.min(tokens.size() - 1, at + 1));
        int end = after.kind() == Kind.END ? expression.length() : after.offset() + after.text().length();
        return DynamoDbException.validation("Invalid " + kind + ": Syntax error; token: \"" + token.text()
                + "\", near: \"" + expression.substring(before.offset(), end) + "\"");
    }
}
