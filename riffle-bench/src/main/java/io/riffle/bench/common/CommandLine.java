package io.riffle.bench.common;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The benchmarks' command lines: {@code --flag} and {@code --key=value} options, checked against known names. */
public final class CommandLine {
    private CommandLine() {
    }

    /** Thrown for a bad command line; the message says what is wrong. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** What parses a command line, refusing a bad one with a {@link UsageException}. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse() throws UsageException;
    }

    /**
     * A benchmark's options, or, for a bad command line, {@code <tool>: <what is wrong>} and the {@code usage} (none
     * when null) on stderr and exit status 2: what every benchmark's main does.
     */
    public static <T> T parseOrExit(String tool, String usage, Parser<T> parser) {
        try {
            return parser.parse();
        } catch (UsageException e) {
            System.err.println(tool + ": " + e.getMessage());
            if (usage != null) {
                System.err.print(usage);
            }
            System.exit(2);
            throw new IllegalStateException("unreachable", e);
        }
    }

    /** The options given, by name (a flag maps to null); refuses unknown, repeated or malformed ones. */
    public static Map<String, String> parse(String[] args, Set<String> flags, Set<String> valued)
            throws UsageException {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "': options are --key=value");
            }
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            if (flags.contains(key)) {
                if (value != null) {
                    throw new UsageException("--" + key + " takes no value");
                }
            } else if (valued.contains(key)) {
                if (value == null || value.isBlank()) {
                    throw new UsageException("--" + key + " needs a value: --" + key + "=...");
                }
            } else {
                throw new UsageException("unknown option --" + key);
            }
            if (given.containsKey(key)) {
                throw new UsageException("--" + key + " given twice");
            }
            given.put(key, value);
        }
        return given;
    }

    /** The whole number given for {@code key}, or {@code fallback}; refuses one outside [min, max]. */
    public static long wholeNumber(Map<String, String> given, String key, long min, long max, long fallback)
            throws UsageException {
        String v = given.get(key);
        return v == null ? fallback : wholeNumber(key, v, min, max);
    }

    public static long wholeNumber(String key, String v, long min, long max) throws UsageException {
        long n;
        try {
            n = Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + ": '" + v + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new UsageException("--" + key + " must be between " + min + " and " + max + " (got " + n + ")");
        }
        return n;
    }

    /** The number given for {@code key}, or {@code fallback}; refuses a negative one (and 0 unless allowed). */
    public static double number(Map<String, String> given, String key, double fallback, boolean isZeroAllowed)
            throws UsageException {
        return number(given, key, fallback, isZeroAllowed, null);
    }

    /** {@link #number(Map, String, double, boolean)} whose messages name the {@code unit} (none when null). */
    public static double number(Map<String, String> given, String key, double fallback, boolean isZeroAllowed,
                                String unit) throws UsageException {
        String v = given.get(key);
        if (v == null) {
            return fallback;
        }
        String what = unit == null ? "a number" : "a number of " + unit;
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + ": '" + v + "' is not " + what);
        }
        if (Double.isNaN(d) || Double.isInfinite(d) || d < 0 || (d == 0 && !isZeroAllowed)) {
            throw new UsageException("--" + key + " must be " + what + " " + (isZeroAllowed ? ">= 0" : "> 0")
                    + " (got " + v + ")");
        }
        return d;
    }

    /**
     * {@code --server-set=KEY=VALUE,...}: settings passed to the server the benchmark starts, in the order given (none
     * when {@code text} is null). {@code reserved} maps the keys the benchmark sets itself to what to say instead.
     */
    public static Map<String, String> serverSettings(String text, Map<String, String> reserved) throws UsageException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null) {
            return settings;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--server-set: '" + pair + "' is not KEY=VALUE");
            }
            String key = pair.substring(0, eq).trim();
            if (reserved.containsKey(key)) {
                throw new UsageException("--server-set: " + key + " is set by the benchmark (" + reserved.get(key) + ")");
            }
            settings.put(key, pair.substring(eq + 1).trim());
        }
        return settings;
    }

    /** Space-separated JVM options, or none. */
    public static List<String> jvmOptions(String text) {
        return text == null ? List.of()
                : Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
