package io.riffle.aws.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * One condition of a statement: an operator ({@code StringLike}, {@code IpAddress}, ... with IAM's
 * {@code IfExists} suffix and {@code ForAnyValue:}/{@code ForAllValues:} qualifiers), a key and
 * the values it is compared with. As IAM evaluates it: a positive operator is true when the key's
 * value matches any of the values; a negated one ({@code StringNotEquals}, {@code NotIpAddress},
 * ...) when it matches none; a key the request lacks makes a positive operator false and a negated
 * one true, {@code IfExists} makes either true; {@code Null} asks whether the key is absent.
 */
public record Condition(String operator, String key, List<String> values) {

    private enum Kind {
        STRING_EQUALS(false, (p, v) -> p.equals(v)),
        STRING_NOT_EQUALS(true, STRING_EQUALS.test),
        STRING_EQUALS_IGNORE_CASE(false, (p, v) -> p.equalsIgnoreCase(v)),
        STRING_NOT_EQUALS_IGNORE_CASE(true, STRING_EQUALS_IGNORE_CASE.test),
        STRING_LIKE(false, (p, v) -> Wildcard.matches(p, v, false)),
        STRING_NOT_LIKE(true, STRING_LIKE.test),
        ARN_EQUALS(false, STRING_LIKE.test),
        ARN_LIKE(false, STRING_LIKE.test),
        ARN_NOT_EQUALS(true, STRING_LIKE.test),
        ARN_NOT_LIKE(true, STRING_LIKE.test),
        NUMERIC_EQUALS(false, (p, v) -> compareNumbers(v, p) == 0),
        NUMERIC_NOT_EQUALS(true, NUMERIC_EQUALS.test),
        NUMERIC_LESS_THAN(false, (p, v) -> compareNumbers(v, p) < 0),
        NUMERIC_LESS_THAN_EQUALS(false, (p, v) -> compareNumbers(v, p) <= 0),
        NUMERIC_GREATER_THAN(false, (p, v) -> compareNumbers(v, p) > 0),
        NUMERIC_GREATER_THAN_EQUALS(false, (p, v) -> compareNumbers(v, p) >= 0),
        DATE_EQUALS(false, (p, v) -> compareDates(v, p) == 0),
        DATE_NOT_EQUALS(true, DATE_EQUALS.test),
        DATE_LESS_THAN(false, (p, v) -> compareDates(v, p) < 0),
        DATE_LESS_THAN_EQUALS(false, (p, v) -> compareDates(v, p) <= 0),
        DATE_GREATER_THAN(false, (p, v) -> compareDates(v, p) > 0),
        DATE_GREATER_THAN_EQUALS(false, (p, v) -> compareDates(v, p) >= 0),
        BOOL(false, (p, v) -> p.equalsIgnoreCase(v)),
        IP_ADDRESS(false, Condition::inCidr),
        NOT_IP_ADDRESS(true, Condition::inCidr),
        NULL(false, (p, v) -> false);

        final boolean isNegated;
        final BiPredicate<String, String> test;

        Kind(boolean isNegated, BiPredicate<String, String> test) {
            this.isNegated = isNegated;
            this.test = test;
        }
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("stringequals", Kind.STRING_EQUALS), Map.entry("stringnotequals", Kind.STRING_NOT_EQUALS),
            Map.entry("stringequalsignorecase", Kind.STRING_EQUALS_IGNORE_CASE),
            Map.entry("stringnotequalsignorecase", Kind.STRING_NOT_EQUALS_IGNORE_CASE),
            Map.entry("stringlike", Kind.STRING_LIKE), Map.entry("stringnotlike", Kind.STRING_NOT_LIKE),
            Map.entry("arnequals", Kind.ARN_EQUALS), Map.entry("arnlike", Kind.ARN_LIKE),
            Map.entry("arnnotequals", Kind.ARN_NOT_EQUALS), Map.entry("arnnotlike", Kind.ARN_NOT_LIKE),
            Map.entry("numericequals", Kind.NUMERIC_EQUALS), Map.entry("numericnotequals", Kind.NUMERIC_NOT_EQUALS),
            Map.entry("numericlessthan", Kind.NUMERIC_LESS_THAN),
            Map.entry("numericlessthanequals", Kind.NUMERIC_LESS_THAN_EQUALS),
            Map.entry("numericgreaterthan", Kind.NUMERIC_GREATER_THAN),
            Map.entry("numericgreaterthanequals", Kind.NUMERIC_GREATER_THAN_EQUALS),
            Map.entry("dateequals", Kind.DATE_EQUALS), Map.entry("datenotequals", Kind.DATE_NOT_EQUALS),
            Map.entry("datelessthan", Kind.DATE_LESS_THAN), Map.entry("datelessthanequals", Kind.DATE_LESS_THAN_EQUALS),
            Map.entry("dategreaterthan", Kind.DATE_GREATER_THAN),
            Map.entry("dategreaterthanequals", Kind.DATE_GREATER_THAN_EQUALS),
            Map.entry("bool", Kind.BOOL), Map.entry("ipaddress", Kind.IP_ADDRESS),
            Map.entry("notipaddress", Kind.NOT_IP_ADDRESS), Map.entry("null", Kind.NULL));

    private static final String IF_EXISTS = "ifexists";
    private static final String FOR_ANY_VALUE = "foranyvalue:";
    private static final String FOR_ALL_VALUES = "forallvalues:";

    public Condition {
        values = List.copyOf(values);
        kind(operator); // refuses an unknown operator when the policy is read
    }

    /** Whether {@code request} satisfies this condition; policy variables in values already resolved by the caller. */
    public boolean isSatisfiedBy(AccessRequest request, PolicyVariables variables) {
        String name = operator.toLowerCase(Locale.ROOT);
        boolean isForAll = name.startsWith(FOR_ALL_VALUES);
        boolean isForAny = name.startsWith(FOR_ANY_VALUE);
        Kind kind = kind(operator);
        List<String> present = request.values(key);
        if (kind == Kind.NULL) {
            boolean isAbsent = present.isEmpty();
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == isAbsent);
        }
        if (present.isEmpty()) {
            if (isForAll) {
                return true;
            }
            return name.endsWith(IF_EXISTS) || kind.isNegated && !isForAny;
        }
        List<String> expected = values.stream().map(variables::resolve).toList();
        if (isForAll) {
            return present.stream().allMatch(v -> matchesOne(kind, expected, v));
        }
        if (kind.isNegated && !isForAny) {
            return present.stream().allMatch(v -> matchesOne(kind, expected, v));
        }
        return present.stream().anyMatch(v -> matchesOne(kind, expected, v));
    }

    /** For one value of the request: a positive kind matches one of the values, a negated none. */
    private static boolean matchesOne(Kind kind, List<String> expected, String value) {
        boolean any = false;
        for (String pattern : expected) {
            try {
                if (kind.test.test(pattern, value)) {
                    any = true;
                    break;
                }
            } catch (IllegalArgumentException unparsable) {
                // a value that is not a number, date or address matches nothing, as in IAM
            }
        }
        return kind.isNegated != any;
    }

    private static Kind kind(String operator) {
        String name = operator.toLowerCase(Locale.ROOT);
        if (name.startsWith(FOR_ANY_VALUE)) {
            name = name.substring(FOR_ANY_VALUE.length());
        } else if (name.startsWith(FOR_ALL_VALUES)) {
            name = name.substring(FOR_ALL_VALUES.length());
        }
        if (name.endsWith(IF_EXISTS) && !name.equals("null" + IF_EXISTS)) {
            name = name.substring(0, name.length() - IF_EXISTS.length());
        }
        Kind kind = KINDS.get(name);
        if (kind == null) {
            throw new MalformedPolicyException("Invalid Condition type : " + operator);
        }
        return kind;
    }

    private static int compareNumbers(String value, String pattern) {
        try {
            return new BigDecimal(value).compareTo(new BigDecimal(pattern));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static int compareDates(String value, String pattern) {
        return instant(value).compareTo(instant(pattern));
    }

    /** ISO 8601 (with a zone, or UTC when none) or epoch seconds, as IAM accepts dates. */
    static Instant instant(String text) {
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            try {
                return Instant.parse(text.endsWith("Z") ? text : text + "Z");
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException(again);
            }
        }
    }

    /** Whether the address {@code value} lies in {@code cidr} (a bare address is a /32 or /128). */
    static boolean inCidr(String cidr, String value) {
        int slash = cidr.indexOf('/');
        byte[] network = address(slash < 0 ? cidr : cidr.substring(0, slash));
        byte[] candidate = address(value);
        if (network.length != candidate.length) {
            return false;
        }
        int bits = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        if (bits < 0 || bits > network.length * 8) {
            throw new IllegalArgumentException("prefix " + bits);
        }
        for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((network[i] & mask) != (candidate[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** A literal IPv4 or IPv6 address; never a name lookup. */
    private static byte[] address(String text) {
        String literal = text.strip();
        if (literal.isEmpty() || !(literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("not an address: " + text);
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
