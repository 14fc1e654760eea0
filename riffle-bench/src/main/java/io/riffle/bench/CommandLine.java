package io.riffle.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The benchmarks' command lines: {@code --flag} and {@code --key=value} options, checked against known names. */
final class CommandLine {
    private CommandLine() {
    }

    /** Thrown for a bad command line; the message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The options given, by name (a flag maps to null); refuses unknown, repeated or malformed ones. */
    static Map<String, String> parse(String[] args, Set<String> flags, Set<String> valued) throws UsageException {
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
}
