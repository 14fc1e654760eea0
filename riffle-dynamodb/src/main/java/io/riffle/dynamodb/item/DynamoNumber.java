package io.riffle.dynamodb.item;

import io.riffle.dynamodb.DynamoDbException;
import java.math.BigDecimal;

/**
 * DynamoDB's number rules, in one pure place: a number is a decimal of at most 38 significant
 * digits whose magnitude is 0 or lies in [1E-130, 9.9999999999999999999999999999999999999E+125].
 * Numbers are kept normalized (trailing zeros stripped), so equal numbers are equal values and
 * print as DynamoDB prints them ({@code "1.50"} is {@code "1.5"}, {@code "1e2"} is {@code "100"}).
 */
public final class DynamoNumber {
    public static final int MAX_DIGITS = 38;
    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private DynamoNumber() {
    }

    /** Parses a number as a request carries it, refusing what DynamoDB refuses with its words. */
    public static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.endsWith(".") && trimmed.length() == 1) {
                throw new NumberFormatException();
            }
            value = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw DynamoDbException.validation("A value provided cannot be converted into a number");
        }
        return check(value);
    }

    /** The result of arithmetic (ADD, SET a = b + c), checked against the same rules. */
    public static BigDecimal check(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal normal = value.stripTrailingZeros();
        if (normal.precision() > MAX_DIGITS) {
            throw DynamoDbException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal magnitude = normal.abs();
        if (magnitude.compareTo(MAX) > 0) {
            throw DynamoDbException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude.compareTo(MIN) < 0) {
            throw DynamoDbException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return normal;
    }

    /** How DynamoDB writes a number back: plain notation, no trailing zeros. */
    public static String format(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.toPlainString();
    }

    /** Sum or difference with the rules applied (precision of the exact result, as DynamoDB refuses rounding). */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        return check(a.add(b));
    }
}
