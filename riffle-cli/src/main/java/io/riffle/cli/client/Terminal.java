package io.riffle.cli.client;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * What the process is attached to: colours and the live progress line only on a terminal, and
 * never with {@code NO_COLOR} set (https://no-color.org) or {@code TERM=dumb}.
 */
public record Terminal(boolean isInteractive, boolean isColour) {

    private static final String RESET = "\u001b[0m";

    /** No terminal: plain text, no progress line (tests, pipes, files). */
    public static final Terminal PLAIN = new Terminal(false, false);

    /** What stdout is attached to (colours in command output), judged with the environment. */
    public static Terminal detect(Map<String, String> environment) {
        return of(isTerminal(1), environment);
    }

    /** What stderr is attached to (progress lines, coloured error lines): {@code seq 9 | riffle put} still shows progress. */
    public static Terminal detectStderr(Map<String, String> environment) {
        return of(isTerminal(2), environment);
    }

    /** True when stdin is a terminal (a person would type the input). */
    public static boolean isStdinTerminal() {
        return isTerminal(0);
    }

    /**
     * On Linux, where the file descriptor points ({@code /proc/self/fd/N} is {@code /dev/pts/*} or
     * {@code /dev/tty*}); elsewhere the JDK's console, which needs stdin and stdout both on a terminal.
     */
    private static boolean isTerminal(int fd) {
        java.nio.file.Path link = java.nio.file.Path.of("/proc/self/fd/" + fd);
        try {
            String target = java.nio.file.Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return isConsoleATerminal();
        }
    }

    /** Pure: colour when interactive, {@code NO_COLOR} is unset or empty, and {@code TERM} is not dumb. */
    static Terminal of(boolean isInteractive, Map<String, String> environment) {
        String noColor = environment.get("NO_COLOR");
        boolean isColour = isInteractive
                && (noColor == null || noColor.isEmpty())
                && !"dumb".equals(environment.get("TERM"));
        return new Terminal(isInteractive, isColour);
    }

    /**
     * On JDK 21 {@code System.console()} is null unless stdin and stdout are a terminal; from JDK 22
     * it is never null and {@code Console.isTerminal()} (called by reflection: the code is compiled
     * for 21) tells.
     */
    private static boolean isConsoleATerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    public String bold(String text) {
        return paint("1", text);
    }

    public String dim(String text) {
        return paint("2", text);
    }

    public String red(String text) {
        return paint("31", text);
    }

    public String green(String text) {
        return paint("32", text);
    }

    public String yellow(String text) {
        return paint("33", text);
    }

    public String cyan(String text) {
        return paint("36", text);
    }

    private String paint(String sgr, String text) {
        return isColour ? "\u001b[" + sgr + "m" + text + RESET : text;
    }
}
