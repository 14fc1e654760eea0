package io.riffle.firehose.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.path.Path;

/**
 * jq 1.6's date functions that jackson-jq does not have, as jq 1.6 defines them (UTC only, as jq's are):
 * {@code gmtime} (seconds since the epoch to jq's "broken down time" {@code [year, month 0-11, day, hours, minutes,
 * seconds, weekday 0-6 from Sunday, day of the year 0-365]}), {@code mktime} (the reverse, whole seconds),
 * {@code strftime(fmt)} (from seconds or broken down time, C's directives), {@code strptime(fmt)} (a string to
 * broken down time), {@code todate}/{@code date} ({@code strftime("%Y-%m-%dT%H:%M:%SZ")}) and {@code fromdate}
 * (its reverse, to seconds). AWS's dynamic partitioning examples use them (e.g. {@code .ts | strftime("%Y")}).
 */
final class JqDateFunctions {
    static final String ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ";

    private JqDateFunctions() {
    }

    /** Adds the functions to a jq scope. */
    static void addTo(Scope scope) {
        scope.addFunction("gmtime", 0, unary((in, args) -> brokenDown(seconds(in, "gmtime"))));
        scope.addFunction("mktime", 0, unary((in, args) -> LongNode.valueOf(mktime(in))));
        scope.addFunction("strftime", 1, unary((in, args) -> TextNode.valueOf(strftime(in, text(args, "strftime")))));
        scope.addFunction("strptime", 1, unary((in, args) -> strptime(in, text(args, "strptime"))));
        Function todate = unary((in, args) -> TextNode.valueOf(strftime(in, ISO_FORMAT)));
        scope.addFunction("todate", 0, todate);
        scope.addFunction("date", 0, todate);
        scope.addFunction("fromdate", 0, unary((in, args) -> LongNode.valueOf(mktime(strptime(in, ISO_FORMAT)))));
    }

    /** A function of its input and its (already evaluated, single-valued) arguments. */
    private interface Body {
        JsonNode apply(JsonNode in, List<JsonNode> args) throws JsonQueryException;
    }

    private static Function unary(Body body) {
        return (Scope scope, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version) -> {
            if (args.isEmpty()) {
                output.emit(body.apply(in, List.of()), null);
                return;
            }
            // jq evaluates an argument once per output (cartesian): enough for the one-argument functions here
            args.get(0).apply(scope, in, arg -> output.emit(body.apply(in, List.of(arg)), null));
        };
    }

    private static String text(List<JsonNode> args, String function) throws JsonQueryException {
        if (!args.get(0).isTextual()) {
            throw new JsonQueryException(function + "/1 requires a string format");
        }
        return args.get(0).asText();
    }

    private static double seconds(JsonNode in, String function) throws JsonQueryException {
        if (!in.isNumber()) {
            throw new JsonQueryException(function + "() requires a number");
        }
        return in.asDouble();
    }

    static ArrayNode brokenDown(double epochSeconds) {
        long whole = (long) Math.floor(epochSeconds);
        LocalDateTime t = LocalDateTime.ofEpochSecond(whole, 0, ZoneOffset.UTC);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        out.add(t.getYear()).add(t.getMonthValue() - 1).add(t.getDayOfMonth()).add(t.getHour()).add(t.getMinute());
        double fraction = epochSeconds - whole;
        out.add(fraction == 0 ? IntNode.valueOf(t.getSecond()) : DoubleNode.valueOf(t.getSecond() + fraction));
        out.add(t.getDayOfWeek().getValue() % 7).add(t.getDayOfYear() - 1);
        return out;
    }

    private static LocalDateTime time(JsonNode brokenDown, String function) throws JsonQueryException {
        if (!brokenDown.isArray() || brokenDown.size() < 6) {
            throw new JsonQueryException(function + " requires array of 6 numbers");
        }
        for (int i = 0; i < 6; i++) {
            if (!brokenDown.get(i).isNumber()) {
                throw new JsonQueryException(function + " requires parsed datetime inputs");
            }
        }
        try {
            // jq normalises out-of-range fields as timegm does: add them up from the start of the year
            return LocalDateTime.of(brokenDown.get(0).asInt(), 1, 1, 0, 0)
                    .plusMonths(brokenDown.get(1).asInt()).plusDays(brokenDown.get(2).asInt() - 1L)
                    .plusHours(brokenDown.get(3).asInt()).plusMinutes(brokenDown.get(4).asInt())
                    .plusSeconds((long) Math.floor(brokenDown.get(5).asDouble()));
        } catch (java.time.DateTimeException e) {
            throw new JsonQueryException(function + ": " + e.getMessage());
        }
    }

    static long mktime(JsonNode brokenDown) throws JsonQueryException {
        return time(brokenDown, "mktime").toEpochSecond(ZoneOffset.UTC);
    }

    static String strftime(JsonNode in, String format) throws JsonQueryException {
        JsonNode brokenDown = in.isNumber() ? brokenDown(in.asDouble()) : in;
        if (!brokenDown.isArray()) {
            throw new JsonQueryException("strftime/1 requires parsed datetime inputs");
        }
        LocalDateTime t = time(brokenDown, "strftime/1");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'Y' -> out.append(t.getYear());
                case 'C' -> out.append(two(t.getYear() / 100));
                case 'y' -> out.append(two(t.getYear() % 100));
                case 'm' -> out.append(two(t.getMonthValue()));
                case 'd' -> out.append(two(t.getDayOfMonth()));
                case 'e' -> out.append(String.format(Locale.ROOT, "%2d", t.getDayOfMonth()));
                case 'H' -> out.append(two(t.getHour()));
                case 'I' -> out.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
                case 'M' -> out.append(two(t.getMinute()));
                case 'S' -> out.append(two(t.getSecond()));
                case 'j' -> out.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear()));
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'u' -> out.append(t.getDayOfWeek().getValue());
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case 's' -> out.append(t.toEpochSecond(ZoneOffset.UTC));
                case 'Z' -> out.append("UTC");
                case 'z' -> out.append("+0000");
                case 'F' -> out.append(strftime(brokenDown, "%Y-%m-%d"));
                case 'T' -> out.append(strftime(brokenDown, "%H:%M:%S"));
                case 'D' -> out.append(strftime(brokenDown, "%m/%d/%y"));
                case 'R' -> out.append(strftime(brokenDown, "%H:%M"));
                case 'c' -> out.append(strftime(brokenDown, "%a %b %e %H:%M:%S %Y"));
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case '%' -> out.append('%');
                default -> throw new JsonQueryException("strftime/1: unsupported directive %" + d);
            }
        }
        return out.toString();
    }

    static ArrayNode strptime(JsonNode in, String format) throws JsonQueryException {
        if (!in.isTextual()) {
            throw new JsonQueryException("strptime/1 requires string inputs and arguments");
        }
        String s = in.asText();
        int[] pos = {0};
        int year = 1900;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        boolean isPm = false;
        boolean hasAmPm = false;
        Long epoch = null;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                if (Character.isWhitespace(c)) {
                    while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
                        pos[0]++;
                    }
                } else if (pos[0] < s.length() && s.charAt(pos[0]) == c) {
                    pos[0]++;
                } else {
                    throw mismatch(s, format);
                }
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'Y' -> year = number(s, pos, 4, s, format);
                case 'y' -> {
                    int y = number(s, pos, 2, s, format);
                    year = y < 69 ? 2000 + y : 1900 + y;
                }
                case 'm' -> month = number(s, pos, 2, s, format);
                case 'd', 'e' -> day = number(s, pos, 2, s, format);
                case 'H' -> hour = number(s, pos, 2, s, format);
                case 'I' -> hour = number(s, pos, 2, s, format) % 12;
                case 'M' -> minute = number(s, pos, 2, s, format);
                case 'S' -> second = number(s, pos, 2, s, format);
                case 'j' -> {
                    int yday = number(s, pos, 3, s, format);
                    LocalDateTime t = LocalDateTime.of(year, 1, 1, 0, 0).plusDays(yday - 1L);
                    month = t.getMonthValue();
                    day = t.getDayOfMonth();
                }
                case 's' -> epoch = (long) number(s, pos, 19, s, format);
                case 'b', 'B', 'h' -> month = name(s, pos, Month.values().length, k -> Month.of(k + 1)
                        .getDisplayName(TextStyle.FULL, Locale.US), s, format) + 1;
                case 'a', 'A' -> name(s, pos, 7, k -> DayOfWeek.of(k + 1).getDisplayName(TextStyle.FULL, Locale.US),
                        s, format);
                case 'p' -> {
                    hasAmPm = true;
                    isPm = name(s, pos, 2, k -> k == 0 ? "AM" : "PM", s, format) == 1;
                }
                case 'Z' -> {
                    while (pos[0] < s.length() && Character.isLetter(s.charAt(pos[0]))) {
                        pos[0]++;
                    }
                }
                case 'z' -> {
                    if (pos[0] < s.length() && s.charAt(pos[0]) == 'Z') {
                        pos[0]++;
                    } else {
                        if (pos[0] < s.length() && (s.charAt(pos[0]) == '+' || s.charAt(pos[0]) == '-')) {
                            pos[0]++;
                        }
                        number(s, pos, 4, s, format); // jq 1.6 parses the offset but does not apply it
                    }
                }
                case 'T' -> {
                    int[] hms = triple(s, pos, ':', 2, format);
                    hour = hms[0];
                    minute = hms[1];
                    second = hms[2];
                }
                case 'F' -> {
                    int[] ymd = triple(s, pos, '-', 4, format);
                    year = ymd[0];
                    month = ymd[1];
                    day = ymd[2];
                }
                case '%' -> expect(s, pos, '%', format);
                default -> throw new JsonQueryException("strptime/1: unsupported directive %" + d);
            }
        }
        if (pos[0] != s.length()) {
            throw mismatch(s, format);
        }
        if (epoch != null) {
            return brokenDown(epoch);
        }
        if (hasAmPm && isPm) {
            hour += 12;
        }
        try {
            return brokenDown(LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC));
        } catch (java.time.DateTimeException e) {
            throw mismatch(s, format);
        }
    }

    /** {@code %T} and {@code %F}: three numbers with a separator between them, the first up to firstDigits long. */
    private static int[] triple(String s, int[] pos, char separator, int firstDigits, String format)
            throws JsonQueryException {
        int first = number(s, pos, firstDigits, s, format);
        expect(s, pos, separator, format);
        int second = number(s, pos, 2, s, format);
        expect(s, pos, separator, format);
        return new int[] {first, second, number(s, pos, 2, s, format)};
    }

    private static int number(String s, int[] pos, int maxDigits, String in, String format)
            throws JsonQueryException {
        int start = pos[0];
        boolean isNegative = start < s.length() && s.charAt(start) == '-' && maxDigits > 4;
        int i = isNegative ? start + 1 : start;
        while (i < s.length() && i - start < maxDigits && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start || (isNegative && i == start + 1)) {
            throw mismatch(in, format);
        }
        pos[0] = i;
        return Integer.parseInt(s.substring(start, i));
    }

    private interface Names {
        String of(int k);
    }

    /** Matches a full or three-letter name, case-insensitively; returns its index. */
    private static int name(String s, int[] pos, int count, Names names, String in, String format)
            throws JsonQueryException {
        String rest = s.substring(pos[0]).toLowerCase(Locale.ROOT);
        for (int k = 0; k < count; k++) {
            String full = names.of(k).toLowerCase(Locale.ROOT);
            if (rest.startsWith(full)) {
                pos[0] += full.length();
                return k;
            }
            if (full.length() > 3 && rest.startsWith(full.substring(0, 3))) {
                pos[0] += 3;
                return k;
            }
        }
        throw mismatch(in, format);
    }

    private static void expect(String s, int[] pos, char c, String format) throws JsonQueryException {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
            throw mismatch(s, format);
        }
        pos[0]++;
    }

    private static JsonQueryException mismatch(String in, String format) {
        // jq 1.6's own message
        return new JsonQueryException("date \"" + in + "\" does not match format \"" + format + "\"");
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
