package io.riffle.dynamodb.expr;

import io.riffle.dynamodb.DynamoDbException;
import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens; the parser works on the list. */
final class Lexer {

    enum Kind { IDENT, NAME_PLACEHOLDER, VALUE_PLACEHOLDER, NUMBER, SYMBOL, END }

    record Token(Kind kind, String text, int offset) {
        boolean is(String symbolOrKeyword) {
            return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equalsIgnoreCase(symbolOrKeyword);
        }
    }

    private Lexer() {
    }

    static List<Token> tokens(String expression, String kind) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = expression.length();
        while (i < n) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == ':') {
                int start = i++;
                while (i < n && isWordChar(expression.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw syntax(kind, expression, String.valueOf(c), start);
                }
                tokens.add(new Token(c == '#' ? Kind.NAME_PLACEHOLDER : Kind.VALUE_PLACEHOLDER,
                        expression.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && Character.isDigit(expression.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, expression.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && isWordChar(expression.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, expression.substring(start, i), start));
            } else if (c == '<' && i + 1 < n && (expression.charAt(i + 1) == '=' || expression.charAt(i + 1) == '>')
                    || c == '>' && i + 1 < n && expression.charAt(i + 1) == '=') {
                tokens.add(new Token(Kind.SYMBOL, expression.substring(i, i + 2), i));
                i += 2;
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                i++;
            } else {
                throw DynamoDbException.validation("Invalid " + kind + ": Invalid token: \"" + c + "\"");
            }
        }
        tokens.add(new Token(Kind.END, "<EOF>", n));
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static DynamoDbException syntax(String kind, String expression, String token, int offset) {
        int from = Math.max(0, offset - 10);
        int to = Math.min(expression.length(), offset + token.length() + 10);
        return DynamoDbException.validation("Invalid " + kind + ": Syntax error; token: \"" + token + "\", near: \""
                + expression.substring(from, to).strip() + "\"");
    }
}
